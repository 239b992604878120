"""The Action's audit path (`schedule`, or `workflow_dispatch` without a PR).

Reads the catalog from the workspace (the workflow checks it out), the previous state from the
tracking issue, audits, updates the tracking issue, writes the step summary, the JSON result
(`ecosystem-bot-audit.json` in the workspace) and the outputs `at-risk`, `new-regressions`,
`recovered`, `not-reached`, `tracking-issue`, `report`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from bot.audit.listing import CatalogError
from bot.audit.progress import Progress
from bot.audit.request import AuditError, AuditRequest, GitHubUnreachable, Sinks, run_command
from bot.audit.shards import ShardError
from bot.audit.tracking import DEFAULT_LABELS
from bot.config import ActionInputs, ConfigError, input_value
from bot.github import GitHubClient, GitHubError
from bot.outputs import Outputs
from bot.policies.loader import PolicyError

REPORT_NAME = "ecosystem-bot-audit.json"


def audit_labels(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The input `audit-labels`: comma-separated label names for the tracking issue."""
    raw = input_value(environ, "audit-labels")
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    return names or DEFAULT_LABELS


def run_audit(
    client: GitHubClient,
    environ: Mapping[str, str],
    inputs: ActionInputs,
    repository: str,
    workspace: Path,
    outputs: Outputs,
    run_url: str | None,
) -> int:
    config = workspace / inputs.config_path
    request = AuditRequest(
        catalog=workspace,
        config=str(config) if config.is_file() else None,
        policy=inputs.policy,
        tracking_repo=repository,
        labels=audit_labels(environ),
        bot_login=inputs.bot_login,
    )
    try:
        result, tracking = run_command(
            request, client, environ, Progress(0, enabled=False), Sinks(outputs.summary_path, run_url)
        )
    except (AuditError, CatalogError, ConfigError, PolicyError, ShardError) as error:
        print(f"::error::ecosystem-bot audit: {_one_line(str(error))}")
        return error.exit_code if isinstance(error, GitHubUnreachable) else 2
    except GitHubError as error:
        print(f"::error::ecosystem-bot audit: GitHub: {_one_line(error.message)}")
        return 2
    report = workspace / REPORT_NAME
    report.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
    outputs.set(
        **{
            "at-risk": str(len(result.at_risk)),
            "new-regressions": str(len(result.new_regressions)),
            "recovered": str(len(result.recovered)),
            "not-reached": str(len(result.not_reached)),
            "tracking-issue": str(tracking.number if tracking and tracking.number else ""),
            "report": REPORT_NAME,
        }
    )
    where = f"tracking issue #{tracking.number} {tracking.action}" if tracking else "no tracking issue"
    print(
        f"ecosystem-bot: audit of {repository}: {len(result.entries)} entries, {len(result.at_risk)} at risk, "
        f"{len(result.new_regressions)} new, {len(result.recovered)} recovered, "
        f"{len(result.not_reached)} not reached; {where}"
    )
    return 0


def _one_line(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
