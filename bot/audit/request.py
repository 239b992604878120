"""One audit as asked (by `ecosystem-bot audit`'s arguments or the Action's inputs): the audit or the
merge of shard results, then the tracking issue when a repository is named.

The command line lives in bot/commands/audit.py, the Action's path in bot/audit/action.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.audit.listing import read_catalog
from bot.audit.model import AuditResult, previous_state
from bot.audit.progress import Progress
from bot.audit.render import render_summary, render_tracking_issue
from bot.audit.run import AuditOptions, audit
from bot.audit.shards import merge_results, parse_shard
from bot.audit.tracking import (
    DEFAULT_LABELS,
    TrackingIssue,
    TrackingResult,
    find_tracking_issues,
    previous_from,
    publish_tracking_issue,
)
from bot.config import DEFAULT_BOT_LOGIN, DEFAULT_CONFIG_PATH, Config, parse_config
from bot.environment import parse_now
from bot.github import GitHubClient
from bot.policies.loader import load_policy
from bot.sticky import TRACKING


class AuditError(Exception):
    """The audit cannot run as asked; the message says why."""


class GitHubUnreachable(AuditError):
    """GitHub answered for none of the repositories: nothing was checked, nothing is published."""

    exit_code = 3


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


@dataclass(frozen=True)
class Sinks:
    """Where the result goes besides stdout (the Action adds the step summary and outputs)."""

    summary_path: str | None = None
    run_url: str | None = None


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
        body = render_tracking_issue(result, TRACKING.encode_state(result.state()), sinks.run_url)
        tracking = publish_tracking_issue(
            client, args.tracking_repo, body, issues, list(args.labels), len(result.at_risk)
        )
    return result, tracking


def _write_summary(result: AuditResult, sinks: Sinks) -> None:
    if sinks.summary_path:
        from bot.outputs import Outputs

        Outputs(None, sinks.summary_path).summary(render_summary(result))
