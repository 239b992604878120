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
from pathlib import Path

from bot.audit.listing import CatalogError
from bot.audit.progress import Progress
from bot.audit.render import render_text
from bot.audit.request import AuditError, AuditRequest, GitHubUnreachable, Sinks, run_command
from bot.audit.shards import ShardError, parse_shard
from bot.audit.tracking import DEFAULT_LABELS
from bot.config import DEFAULT_BOT_LOGIN, DEFAULT_CONFIG_PATH, ConfigError
from bot.environment import Environment, github_token
from bot.github import GitHubClient, GitHubError
from bot.policies.loader import PolicyError


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


def audit_request(args: argparse.Namespace) -> AuditRequest:
    return AuditRequest(
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


def execute(args: argparse.Namespace) -> int:
    try:
        request = audit_request(args)
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
    token = github_token(environ)
    if not token:
        raise AuditError("set GITHUB_TOKEN: the audit reads every repository from GitHub")
    return Environment.read(environ).github_client(token)
