"""Event payload → what to do: review a PR, consider a `/recheck`, audit the catalog, or ignore.

`schedule`, and `workflow_dispatch` whose input `pr` is given empty, audit the whole catalog
(bot.audit); a dispatch without any `pr` input is ignored as before.

Pure: no I/O. Whether a `/recheck` is allowed is decided here: `recheck_refusal` (the PR is open,
and the commenter is its author or has write access — the caller looks the permission up only when
`needs_permission` says so) and `recheck_cooldown` (at most one recheck per PR per cooldown).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

PR_ACTIONS = frozenset({"opened", "synchronize", "reopened", "edited", "ready_for_review"})
PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
WRITE_PERMISSIONS = frozenset({"admin", "maintain", "write"})
RECHECK = "/recheck"

TriggerKind = Literal["review", "recheck", "audit", "ignore"]
Subject = Literal["pull_request", "issue"]
ISSUE_ACTIONS = frozenset({"opened", "edited", "reopened"})  # an application issue (bot.applications)


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
    subject: Subject = "pull_request"  # "issue": an application issue (bot.applications)
    default_branch: str | None = None  # the repository's, from the payload (its config is read at "HEAD")


def parse_trigger(event_name: str, payload: Mapping[str, Any], inputs: Mapping[str, str]) -> Trigger:
    repository = str(_get(payload, "repository", "full_name") or "")
    if event_name in PR_EVENTS:
        return _pull_request_trigger(event_name, payload, repository)
    if event_name == "issue_comment":
        return _comment_trigger(payload, repository)
    if event_name == "issues":
        return issues_trigger(payload, repository)
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
        return issue_comment_trigger(payload, repository)
    if _by_bot(comment):
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
        default_branch=_get(payload, "repository", "default_branch"),
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
        default_branch=_get(payload, "repository", "default_branch"),
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
    if is_author(requested_by, pr_author):
        return True
    return permission in WRITE_PERMISSIONS


def is_author(requested_by: str | None, pr_author: str | None) -> bool:
    return bool(requested_by and pr_author and requested_by.lower() == pr_author.lower())


def needs_permission(trigger: Trigger, pr_state: str, pr_author: str | None) -> bool:
    """Whether the commenter's permission must be looked up to decide (not for the author)."""
    return pr_state == "OPEN" and not is_author(trigger.requested_by, pr_author)


def recheck_refusal(
    trigger: Trigger, repository: str, pr_state: str, pr_author: str | None, permission: str | None
) -> str | None:
    """Why this /recheck is refused (one line for the reply), or None when it may run."""
    if pr_state != "OPEN":
        return f"the pull request is {pr_state.lower()}; only open pull requests are reviewed"
    if may_recheck(trigger.requested_by, pr_author, permission):
        return None
    return (
        f"only the pull request's author or someone with write access to {repository} may ask for a "
        f"recheck (your permission: {permission or 'none'})"
    )


def recheck_cooldown(last_recheck: str | None, now: datetime, cooldown: timedelta) -> datetime | None:
    """When the next /recheck may run, if the last one (ISO time from the comment's state) was less
    than `cooldown` ago; None when a recheck may run now."""
    if not last_recheck or cooldown <= timedelta(0):
        return None
    try:
        last = datetime.fromisoformat(last_recheck)
    except ValueError:
        return None
    if last.tzinfo is None or last > now:
        return None  # unreadable or from the future: do not block on it
    return last + cooldown if now < last + cooldown else None


def refusal_text(requested_by: str | None, refusal: str, who_may: str) -> str:
    """The one reply (edited, not repeated) to a refused /recheck; `who_may` says who may ask."""
    from bot.escape import inert

    who = f"@{requested_by}" if requested_by else "there"
    return (
        f"{inert(who)} — ecosystem-bot did not recheck: {inert(refusal, 400)}.\n\n"
        f"<sub>Anyone may read the review; a recheck is for {who_may}. "
        "This reply is edited, not repeated, when you ask again.</sub>"
    )


def cooldown_text(last: str, next_at: datetime, cooldown_seconds: float, subject: str) -> str:
    """The one note (edited, not repeated) that says when the next /recheck of this `subject` may run."""
    minutes = cooldown_seconds / 60
    return (
        f"👀 A recheck ran at {last[11:16] or '?'} UTC; the next one is possible from "
        f"{next_at:%Y-%m-%d %H:%M} UTC (one recheck per {minutes:g} minute{'s' if minutes != 1 else ''} "
        f"per {subject}, setting `recheck-cooldown`). The review above is current; a change is "
        "reviewed at once.\n\n<sub>This note is edited, not repeated, when rechecks come too fast.</sub>"
    )


def _by_bot(comment: Mapping[str, Any]) -> bool:
    """A comment by an app or bot account: never a command (the bot's own replies included)."""
    return _get(comment, "user", "type") == "Bot" or str(_get(comment, "user", "login") or "").endswith(
        "[bot]"
    )


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


# ---- application issues (bot.applications): whether the repository reviews them is the config's call ----


def issues_trigger(payload: Mapping[str, Any], repository: str) -> Trigger:
    """`issues` opened/edited/reopened → review the issue as an application (if it is one)."""
    action = str(payload.get("action", ""))
    issue = payload.get("issue") or {}
    number = issue.get("number")
    if action not in ISSUE_ACTIONS:
        return Trigger("ignore", f"issues '{action}' does not need a review; nothing to do")
    if not isinstance(number, int):
        return Trigger("ignore", "issues payload has no issue number; nothing to do")
    return Trigger(
        "review",
        f"issues {action} on #{number}",
        repository=repository,
        number=number,
        pr_author=_get(issue, "user", "login"),
        subject="issue",
    )


def issue_comment_trigger(payload: Mapping[str, Any], repository: str) -> Trigger:
    """A new `/recheck` comment on a plain issue: recheck it as an application (if it is one)."""
    issue = payload.get("issue") or {}
    comment = payload.get("comment") or {}
    number = issue.get("number")
    commenter = _get(comment, "user", "login")
    if _by_bot(comment):
        return Trigger("ignore", f"comment by bot {commenter} on issue #{number}; ignored")
    if not has_recheck_command(str(comment.get("body") or "")) or not isinstance(number, int):
        return Trigger(
            "ignore", f"comment on issue #{number}, not a pull request, has no /recheck line; ignored"
        )
    return Trigger(
        "recheck",
        f"/recheck by {commenter} on issue #{number}",
        repository=repository,
        number=number,
        requested_by=commenter,
        comment_id=comment.get("id"),
        pr_author=_get(issue, "user", "login"),
        subject="issue",
    )
