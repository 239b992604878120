"""Small constructors for results that every check family needs."""

from __future__ import annotations

from collections.abc import Iterable

from bot.criteria.model import Evidence, Result
from bot.facts.model import RepoFacts


def unknown(what: str, fix: str | None = None, evidence: Iterable[Evidence] = ()) -> Result:
    """A fact was missing: the check could not decide (never a pass, never a fail)."""
    return Result("unknown", f"could not check: {what}", list(evidence), fix)


def missing_fact(
    facts: RepoFacts, fact: str, what: str, fix: str | None = None, evidence: Iterable[Evidence] = ()
) -> Result:
    """A fact is None: skipped when the source cannot provide it at all (`facts.not_provided`, e.g.
    "not checked offline" for GitHub-only facts of a local checkout), else unknown: a source that
    should have answered did not, which is never a pass."""
    reason = facts.not_provided.get(fact)
    if reason is not None:
        return Result("skipped", reason, list(evidence))
    return unknown(what, fix, evidence)


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
