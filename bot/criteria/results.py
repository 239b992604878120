"""Small constructors for results that every check family needs."""

from __future__ import annotations

from collections.abc import Iterable

from bot.criteria.model import Evidence, Result


def unknown(what: str, fix: str | None = None, evidence: Iterable[Evidence] = ()) -> Result:
    """A fact was missing: the check could not decide (never a pass, never a fail)."""
    return Result("unknown", f"could not check: {what}", list(evidence), fix)


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`1 file`, `3 files`."""
    word = noun if count == 1 else (plural_noun or f"{noun}s")
    return f"{count} {word}"


def listing(items: Iterable[str], limit: int = 5) -> str:
    """`a, b, c and 4 more`: a short, readable list for one-line summaries."""
    values = list(items)
    shown = ", ".join(values[:limit])
    if len(values) > limit:
        return f"{shown} and {len(values) - limit} more"
    return shown
