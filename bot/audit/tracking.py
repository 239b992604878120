"""The one sticky tracking issue: found by marker AND the bot's login, created or edited in place.

Like the PR comment (bot.sticky, kind TRACKING): an issue that carries the marker but was opened by
someone else is never touched (anyone could paste the marker). If several of the bot's tracking
issues are open, the oldest is kept and the others are closed. A tracking issue a human closed is reopened by the next
audit that finds entries at risk; with nothing at risk it is left closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.audit.render import TRACKING_TITLE
from bot.github import GitHubClient, GitHubError
from bot.sticky import TRACKING, rest_author

DEFAULT_LABELS = ("ecosystem-audit",)
PAGE_SIZE = 100
MAX_PAGES = 20


@dataclass(frozen=True)
class TrackingIssue:
    number: int
    body: str
    state: str  # open | closed
    labels: tuple[str, ...] = ()
    author: str | None = None  # who opened it (REST login)


@dataclass
class TrackingResult:
    number: int | None = None
    action: str = "none"  # created | updated | unchanged | none
    closed_duplicates: list[int] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)


def _issue(item: Any) -> TrackingIssue | None:
    if not isinstance(item, dict) or "pull_request" in item or not isinstance(item.get("number"), int):
        return None
    labels = tuple(str(x.get("name")) for x in item.get("labels") or [] if isinstance(x, dict))
    return TrackingIssue(
        item["number"],
        str(item.get("body") or ""),
        str(item.get("state") or "open"),
        labels,
        rest_author(item),
    )


def find_tracking_issues(client: GitHubClient, repository: str, bot_login: str) -> list[TrackingIssue]:
    """The bot's tracking issues (open first, then oldest first)."""
    found: list[TrackingIssue] = []
    for page in range(1, MAX_PAGES + 1):
        params = {"state": "all", "creator": bot_login, "per_page": PAGE_SIZE, "page": page}
        response = client.rest_get(f"/repos/{repository}/issues", params)
        if response.status != 200 or not isinstance(response.json, list):
            raise GitHubError(
                f"could not list the issues of {repository}: HTTP {response.status}", response.status
            )
        issues = [issue for issue in map(_issue, response.json) if issue is not None]
        found += TRACKING.own(issues, bot_login)
        if len(response.json) < PAGE_SIZE:
            break
    return sorted(found, key=lambda i: (i.state != "open", i.number))


def previous_from(issues: Sequence[TrackingIssue]) -> dict[str, Any] | None:
    for issue in issues:
        state = TRACKING.decode_state(issue.body)
        if state is not None:
            return state
    return None


def publish_tracking_issue(
    client: GitHubClient,
    repository: str,
    body: str,
    issues: Sequence[TrackingIssue],
    labels: Sequence[str],
    at_risk: int,
) -> TrackingResult:
    result = TrackingResult()
    keep = issues[0] if issues else None
    if keep is None:  # created even with nothing at risk: it keeps the state for the next run
        created = client.rest_write(
            "POST",
            f"/repos/{repository}/issues",
            {"title": TRACKING_TITLE, "body": body, "labels": list(labels)},
        )
        number = (created or {}).get("number")
        result.number = number if isinstance(number, int) else None
        result.action, result.labels_added = "created", list(labels)
        return result
    result.number = keep.number
    change: dict[str, Any] = {}
    if keep.body.strip() != body.strip():
        change["body"] = body
    if keep.state != "open" and at_risk:
        change["state"] = "open"
    if change:
        client.rest_write("PATCH", f"/repos/{repository}/issues/{keep.number}", change)
        result.action = "updated"
    else:
        result.action = "unchanged"
    have = {name.lower() for name in keep.labels}
    missing = [name for name in labels if name.lower() not in have]
    if missing:
        client.rest_write("POST", f"/repos/{repository}/issues/{keep.number}/labels", {"labels": missing})
        result.labels_added = missing
    for duplicate in issues[1:]:
        if duplicate.state == "open":
            client.rest_write(
                "PATCH",
                f"/repos/{repository}/issues/{duplicate.number}",
                {"state": "closed", "state_reason": "not_planned"},
            )
            result.closed_duplicates.append(duplicate.number)
    return result
