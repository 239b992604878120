"""The state the review comment keeps (hidden, bot.sticky.REVIEW's format) and what changed since
the last review."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from bot.catalog.entry import Entry
from bot.escape import code
from bot.icons import status_icon
from bot.report.verdict import entry_verdict
from bot.review import Review
from bot.sticky import REVIEW

STATE_BUDGET = 16_000


def entry_key(entry: Entry) -> str:
    """A stable key for the state: the file and a hash of the name (names are untrusted text)."""
    digest = hashlib.sha256((entry.name or "").encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{entry.file}#{digest}"


def review_state(review: Review) -> dict[str, Any]:
    entries = {}
    for item in review.entries:
        checks = {o.check_id: o.result.status for o in item.verdict.checks} if item.verdict else {}
        entries[entry_key(item.entry)] = {"verdict": entry_verdict(item), "checks": checks}
    return {"v": 1, "sha": review.head_sha, "entries": entries}


def bounded_state(state: Mapping[str, Any]) -> str:
    """The hidden state; for very large PRs only the verdicts, so the state never crowds out the review."""
    encoded = REVIEW.encode_state(state)
    if len(encoded) <= STATE_BUDGET:
        return encoded
    verdicts = {key: {"verdict": value["verdict"], "checks": {}} for key, value in state["entries"].items()}
    encoded = REVIEW.encode_state({**state, "entries": verdicts})
    return encoded if len(encoded) <= STATE_BUDGET else REVIEW.encode_state({**state, "entries": {}})


def since_last_review(review: Review, state: Mapping[str, Any], previous: Mapping[str, Any] | None) -> str:
    if not previous or not isinstance(previous.get("entries"), dict):
        return ""
    lines = []
    for key, now in state["entries"].items():
        before = previous["entries"].get(key)
        if not isinstance(before, dict):
            continue
        old_checks = before.get("checks")
        if not isinstance(old_checks, dict):  # a state edited by hand: nothing to compare
            continue
        for check_id, status in now["checks"].items():
            old = old_checks.get(check_id)
            if old and old != status:
                lines.append(f"{code(check_id)} {status_icon(str(old))} → {status_icon(status)}")
    old_sha = str(previous.get("sha") or "")[:7]
    span = f"({code(old_sha)} → {code(review.head_sha[:7])})"
    if not lines:
        return f"**Since the last review** {span}: no check changed."
    return f"**Since the last review** {span}: " + " · ".join(lines[:30])
