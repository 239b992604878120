"""`ecosystem-bot audit`: re-vet every entry of a catalog and list the ones at risk.

    ecosystem-bot audit [--catalog PATH] [--config FILE] [--policy NAME] [--shard i/n]
                        [--previous FILE] [--json] [--output FILE] [--tracking-repo OWNER/REPO]
    ecosystem-bot audit --merge shard1.json shard2.json ... [--json] [--tracking-repo OWNER/REPO]

GitHub is read with GITHUB_TOKEN (GITHUB_API_URL / GITHUB_GRAPHQL_URL point elsewhere, e.g. the
simulator); registries with ECOSYSTEM_BOT_PYPI_URL / ECOSYSTEM_BOT_ANACONDA_URL or the config.
Exit status: 0 done (entries at risk are a finding, not an error), 2 when it cannot run, 3 when
GitHub answered for none of the repositories (an outage: nothing is printed as checked and the
tracking issue is left as it was).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.audit.listing import CatalogError, read_catalog
from bot.audit.model import AuditResult, previous_state
from bot.audit.progress import Progress
from bot.audit.render import render_summary, render_text, render_tracking_issue
from bot.audit.run import AuditOptions, audit
from bot.audit.shards import ShardError, merge_results, parse_shard
from bot.audit.state import encode_audit_state
from bot.audit.tracking import (
    DEFAULT_LABELS,
    TrackingIssue,
    TrackingResult,
    find_tracking_issues,
    previous_from,
    publish_tracking_issue,
)
from bot.config import DEFAULT_BOT_LOGIN, DEFAULT_CONFIG_PATH, Config, ConfigError, parse_config
from bot.github import GitHubClient, GitHubError
from bot.policies.loader import PolicyError, load_policy
from bot.vet_command import parse_now


class AuditError(Exception):
    """The audit cannot run as asked; the message says why."""


class GitHubUnreachable(AuditError):
    """GitHub answered for none of the repositories: nothing was checked, nothing is published."""

    exit_code = 3


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="PATH", default=".", help="the catalog's folder (default: .)")
    parser.add_argument(
        "--config", metavar="FILE", help=f"catalog configuration (default: PATH/{DEFAULT_CONFIG_PATH})"
    )
    parser.add_argument("--policy", help="policy preset or file (default: the config's)")
    parser.add_argument("--shard", metavar="i/n", help="audit only shard i of n (stable split by entry)")
    parser.add_argument(
        "--merge", nargs="+", metavar="FILE", help="merge the JSON results of shards instead of auditing"
    )
    parser.add_argument("--previous", metavar="FILE", help="a previous audit's JSON result (or its state)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--output", metavar="FILE", help="also write the JSON result to FILE")
    parser.add_argument(
        "--tracking-repo",
        metavar="OWNER/REPO",
        help="read the previous state from, and publish the result to, the tracking issue of this "
        "repository (a shard only reads it; the merge publishes)",
    )
    parser.add_argument(
        "--label",
        action="append",
        metavar="NAME",
        help=f"tracking issue label (default: {DEFAULT_LABELS[0]})",
    )
    parser.add_argument("--bot-login", default=DEFAULT_BOT_LOGIN, help="the login the bot writes as")
    parser.add_argument("--now", metavar="YYYY-MM-DD", help="audit as of the end of this day (default: now)")
    parser.add_argument("--batch", type=int, default=20, help="repositories per GraphQL query (1–50)")
    parser.add_argument("--reserve", type=int, default=50, help="GraphQL points to leave unspent")


@dataclass(frozen=True)
class AuditRequest:
    """What to audit and where the result goes; the CLI's arguments or the Action's inputs."""

    catalog: Path = Path(".")
    config: str | None = None
    policy: str | None = None
    shard: str | None = None
    merge: tuple[str, ...] = ()
    previous: str | None = None
    tracking_repo: str | None = None
    labels: tuple[str, ...] = DEFAULT_LABELS
    bot_login: str = DEFAULT_BOT_LOGIN
    batch: int = 20
    reserve: int = 50
    now: str | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> AuditRequest:
        return cls(
            catalog=Path(args.catalog),
            config=args.config,
            policy=args.policy,
            shard=args.shard,
            merge=tuple(args.merge or ()),
            previous=args.previous,
            tracking_repo=args.tracking_repo,
            labels=tuple(args.label or DEFAULT_LABELS),
            bot_login=args.bot_login,
            batch=args.batch,
            reserve=args.reserve,
            now=args.now,
        )


@dataclass(frozen=True)
class Sinks:
    """Where the result goes besides stdout (the Action adds the step summary and outputs)."""

    summary_path: str | None = None
    run_url: str | None = None


def execute(args: argparse.Namespace) -> int:
    try:
        request = AuditRequest.from_args(args)
        if request.shard:
            parse_shard(request.shard)  # a typo is reported before anything else is asked
        client = github_client(os.environ) if (request.tracking_repo or not request.merge) else None
        sinks = Sinks(os.environ.get("GITHUB_STEP_SUMMARY") or None)  # inside a workflow step
        result, tracking = run_command(request, client, dict(os.environ), Progress(0), sinks)
    except GitHubUnreachable as error:
        print(f"ecosystem-bot audit: {error}", file=sys.stderr)
        return GitHubUnreachable.exit_code
    except (AuditError, CatalogError, ConfigError, PolicyError, ShardError) as error:
        print(f"ecosystem-bot audit: {error}", file=sys.stderr)
        return 2
    except GitHubError as error:
        print(f"ecosystem-bot audit: GitHub: {error.message}", file=sys.stderr)
        return 2
    data = result.to_json()
    if args.output:
        Path(args.output).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2) if args.json else render_text(result), end="" if not args.json else "\n")
    if tracking is not None and not args.json:
        print(f"tracking issue #{tracking.number}: {tracking.action}")
    return 0


def github_client(environ: Mapping[str, str]) -> GitHubClient:
    token = environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise AuditError("set GITHUB_TOKEN: the audit reads every repository from GitHub")
    from bot.action import retry_policy  # ECOSYSTEM_BOT_RETRY_BACKOFF, as for the review

    api_url = environ.get("GITHUB_API_URL") or "https://api.github.com"
    return GitHubClient(
        token, api_url, environ.get("GITHUB_GRAPHQL_URL") or None, retry=retry_policy(environ)
    )


def load_config(
    catalog: Path, config_file: str | None, policy: str | None, environ: Mapping[str, str]
) -> Config:
    path = Path(config_file) if config_file else catalog / DEFAULT_CONFIG_PATH
    if config_file and not path.is_file():
        raise AuditError(f"{config_file}: no such file")
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    return parse_config(text, config_file or DEFAULT_CONFIG_PATH, policy_input=policy, environ=environ)


def audit_clock(text: str | None) -> datetime:
    try:
        return parse_now(text)
    except ValueError as error:
        raise AuditError(str(error)) from None


def read_previous(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditError(f"--previous {path}: no such file") from None
    except (OSError, ValueError) as error:
        raise AuditError(f"--previous {path}: not readable as JSON ({error})") from None
    state = previous_state(data)
    if state is None:
        raise AuditError(f"--previous {path}: not an audit result or audit state (v1)")
    return state


def read_results(paths: list[str]) -> list[AuditResult]:
    results = []
    for path in paths:
        try:
            results.append(AuditResult.from_json(json.loads(Path(path).read_text(encoding="utf-8"))))
        except FileNotFoundError:
            raise AuditError(f"--merge {path}: no such file") from None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise AuditError(
                f"--merge {path}: not an audit result ({type(error).__name__}: {error})"
            ) from None
    return results


def run_command(
    args: AuditRequest,
    client: GitHubClient | None,
    environ: Mapping[str, str],
    progress: Progress,
    sinks: Sinks = Sinks(),
) -> tuple[AuditResult, TrackingResult | None]:
    """The audit (or the merge), then the tracking issue when a repository is named."""
    if args.batch < 1 or args.batch > 50:
        raise AuditError(f"--batch {args.batch}: use 1 to 50 repositories per query")
    catalog = args.catalog
    issues: list[TrackingIssue] = []
    if client is not None and args.tracking_repo:
        issues = find_tracking_issues(client, args.tracking_repo, args.bot_login)
    previous = read_previous(args.previous) if args.previous else previous_from(issues)
    if args.merge:
        if args.shard:
            raise AuditError("--merge combines shard results; it takes no --shard")
        result = merge_results(read_results(list(args.merge)))
    else:
        if client is None:
            raise AuditError("the audit needs GitHub: set GITHUB_TOKEN")
        config = load_config(catalog, args.config, args.policy, environ)
        policy = load_policy(config.policy, config.policy_overrides)
        targets = read_catalog(catalog, config, policy)
        options = AuditOptions(
            batch=args.batch,
            reserve=max(0, args.reserve),
            registries=config.registries,
            docs_url=config.docs_url,
            shard=parse_shard(args.shard) if args.shard else None,
        )
        progress.total = len(targets)
        result = audit(client, targets, policy, audit_clock(args.now), options, previous, progress)
        if result.unreachable:
            unchanged = "; the tracking issue was left unchanged" if args.tracking_repo else ""
            raise GitHubUnreachable(
                f"GitHub answered for none of the {len(result.entries)} entries' repositories, so nothing "
                f"was checked ({result.unreachable}){unchanged}"
            )
    _write_summary(result, sinks)
    tracking = None
    if client is not None and args.tracking_repo and not args.shard:  # a shard only reads the state
        body = render_tracking_issue(result, encode_audit_state(result.state()), sinks.run_url)
        tracking = publish_tracking_issue(
            client, args.tracking_repo, body, issues, list(args.labels), len(result.at_risk)
        )
    return result, tracking


def _write_summary(result: AuditResult, sinks: Sinks) -> None:
    if sinks.summary_path:
        from bot.outputs import Outputs

        Outputs(None, sinks.summary_path).summary(render_summary(result))
