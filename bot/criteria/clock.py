"""Ages measured against the run's single `now` (a fact), never the machine's clock."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.facts.model import RepoFacts


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 date or date-time (with `Z` or an offset; naive means UTC), or None."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def days_between(earlier: str | None, later: str | None) -> int | None:
    """Whole days from `earlier` to `later` (rounded down), or None when either is unknown."""
    start, end = parse_instant(earlier), parse_instant(later)
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 86400)


def age_in_days(facts: RepoFacts, instant: str | None) -> int | None:
    """Whole days between `instant` and the run's `now`."""
    return days_between(instant, facts.now)


def describe_age(days: int) -> str:
    """`today`, `1 day ago`, `12 days ago`, `3 months ago`, `2 years ago`."""
    if days <= 0:
        return "today"
    if days < 60:
        return "1 day ago" if days == 1 else f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"
