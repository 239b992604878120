"""The one table of status icons: the PR comment, the application comment, the audit's tracking issue
and the terminal all show a status with the same glyph.

A leaf module (it imports nothing of the bot), so that every package that shows a status can use it
without importing the report package.
"""

from __future__ import annotations

PASS = "✅"
WARN = "⚠️"
FAIL = "❌"
UNKNOWN = "❔"
MANUAL = "👤"
SKIPPED = "⏭️"
INFO = "ℹ️"  # an info-level check describes; it never fails anything, so it never shows FAIL
INVALID = "⛔"  # an invalid entry, an error in a file, an entry at risk
JUDGEMENT = "❓"  # a rubric row that a human decides
PAUSED = "⏸️"  # an audit entry the run did not reach

# a check's or a criterion's status (bot.criteria.model, bot.verdicts)
STATUS_ICON = {
    "pass": PASS,
    "warn": WARN,
    "fail": FAIL,
    "unknown": UNKNOWN,
    "manual": MANUAL,
    "skipped": SKIPPED,
}
# a problem in a catalog file or entry (bot.catalog.entry.Problem.severity)
PROBLEM_ICON = {"error": INVALID, "warning": WARN}

# Terminals draw an emoji made with a variation selector (U+FE0F) one column wide: a space after it
# keeps the checklist's columns aligned.
_NARROW = frozenset({WARN, SKIPPED})


def status_icon(status: str, unknown: str = UNKNOWN) -> str:
    """The icon of a check's or criterion's status; `unknown` for a status it does not know."""
    return STATUS_ICON.get(status, unknown)


def problem_icon(severity: str) -> str:
    return PROBLEM_ICON.get(severity, INFO)


def terminal_icon(status: str) -> str:
    """The status icon as a terminal shows it: two columns wide, `?` for a status it does not know."""
    icon = STATUS_ICON.get(status)
    if icon is None:
        return "?"
    return f"{icon} " if icon in _NARROW else icon
