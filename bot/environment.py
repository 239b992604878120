"""What the commands read from the environment and their arguments: the day they judge as of."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_now(text: str | None) -> datetime:
    """`--now YYYY-MM-DD` as the end of that day (UTC); now without one."""
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"--now {text!r}: expected a day as YYYY-MM-DD") from None
    return day.replace(hour=23, minute=59, second=59, tzinfo=UTC)  # as of the end of that day
