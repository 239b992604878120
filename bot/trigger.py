"""Event payload → what to do: review a PR, consider a `/recheck`, audit the catalog, or ignore.

`schedule`, and `workflow_dispatch` whose input `pr` is given empty, audit the whole catalog
(bot.audit); a dispatch without any `pr` input is ignored as before.

Pure: no I/O. Whether a `/recheck` author is allowed needs the permission API and is decided
by `may_recheck` from the permission the caller looked up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

PR_ACTIONS = frozenset({"opened", "synchronize", "reopened", "edited", "ready_for_review"})
PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
WRITE_PERMISSIONS = frozenset({"admin", "maintain", "write"})
RECHECK = "/recheck"

TriggerKind = Literal["review", "recheck", "audit", "ignore"]


@dataclass(frozen=True)
class Trigger:
    kind: TriggerKind
    reason: str  # one log line saying why
    repository: str = ""
    number: int | None = None
    requested_by: str | None = None  # the commenter, for /recheck
    comment_id: int | None = None
    head_sha: str | None = None  # known from pull_request payloads
    base_sha: str | None = None  # known from pull_request payloads
    base_ref: str | None = None
    pr_author: str | None = None
    pr_state: str | None = None  # "open" | "closed", when the payload says


def parse_trigger(event_name: str, payload: Mapping[str, Any], inputs: Mapping[str, str]) -> Trigger:
    repository = str(_get(payload, "repository", "full_name") or "")
    if event_name in PR_EVENTS:
        return _pull_request_trigger(event_name, payload, repository)
    if event_name == "issue_comment":
        return _comment_trigger(payload, repository)
    if event_name == "workflow_dispatch":
        return _dispatch_trigger(payload, inputs, repository)
    if event_name == "schedule":
        return Trigger("audit", f"schedule '{payload.get('schedule', '')}': audit the catalog", repository)
    return Trigger("ignore", f"event '{event_name}' is not one ecosystem-bot reviews; nothing to do")


def _pull_request_trigger(event_name: str, payload: Mapping[str, Any], repository: str) -> Trigger:
    action = str(payload.get("action", ""))
    pr = payload.get("pull_request") or {}
    number = pr.get("number") or payload.get("number")
    if action not in PR_ACTIONS:
        return Trigger("ignore", f"{event_name} '{action}' does not need a review; nothing to do")
    if not isinstance(number, int):
        return Trigger("ignore", f"{event_name} payload has no pull request number; nothing to do")
    return Trigger(
        "review",
        f"{event_name} {action} on #{number}",
        repository=repository,
        number=number,
        head_sha=_get(pr, "head", "sha"),
        base_sha=_get(pr, "base", "sha"),
        base_ref=_get(pr, "base", "ref"),
        pr_author=_get(pr, "user", "login"),
        pr_state=pr.get("state"),
    )


def _comment_trigger(payload: Mapping[str, Any], repository: str) -> Trigger:
    action = payload.get("action")
    issue = payload.get("issue") or {}
    comment = payload.get("comment") or {}
    number = issue.get("number")
    commenter = _get(comment, "user", "login")
    if action != "created":
        return Trigger("ignore", f"issue_comment '{action}' is ignored (only new comments count)")
    if not issue.get("pull_request"):
        return Trigger("ignore", f"comment on issue #{number}, not a pull request; ignored")
    if _get(comment, "user", "type") == "Bot" or str(commenter or "").endswith("[bot]"):
        return Trigger("ignore", f"comment by bot {commenter} on #{number}; ignored")
    if not has_recheck_command(str(comment.get("body") or "")):
        return Trigger("ignore", f"comment on #{number} has no /recheck line; ignored")
    return Trigger(
        "recheck",
        f"/recheck by {commenter} on #{number}",
        repository=repository,
        number=number if isinstance(number, int) else None,
        requested_by=commenter,
        comment_id=comment.get("id"),
        pr_author=_get(issue, "user", "login"),
        pr_state=issue.get("state"),
    )


def _dispatch_trigger(payload: Mapping[str, Any], inputs: Mapping[str, str], repository: str) -> Trigger:
    given = inputs.get("pr") if inputs.get("pr") is not None else (payload.get("inputs") or {}).get("pr")
    raw = str(inputs.get("pr") or (payload.get("inputs") or {}).get("pr") or "").strip().lstrip("#")
    if given is not None and not raw:
        return Trigger(
            "audit", "workflow_dispatch without a pull request: audit the catalog", repository,
            requested_by=_get(payload, "sender", "login"),
        )  # fmt: skip
    if not raw.isdigit():
        return Trigger(
            "ignore", "workflow_dispatch needs the input 'pr' (a pull request number); nothing to do"
        )
    return Trigger(
        "review",
        f"workflow_dispatch for #{raw}",
        repository=repository,
        number=int(raw),
        requested_by=_get(payload, "sender", "login"),
    )


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def has_recheck_command(body: str) -> bool:
    """True when a line is exactly `/recheck`, outside fenced or indented code and quotes."""
    fence: str | None = None
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) or line.lstrip().startswith(">"):
            continue
        if line.strip() == RECHECK:
            return True
    return False


def may_recheck(requested_by: str | None, pr_author: str | None, permission: str | None) -> bool:
    """The PR author, or anyone with write, maintain or admin permission on the repository."""
    if requested_by and pr_author and requested_by.lower() == pr_author.lower():
        return True
    return permission in WRITE_PERMISSIONS


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data
