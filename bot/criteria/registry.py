"""Every known check by id: the family modules' `CHECKS` tuples, listed here explicitly."""

from __future__ import annotations

from functools import cache

from bot.criteria import claims
from bot.criteria.checks import community, licensing, maintenance, onboarding, testing, utility
from bot.criteria.model import Check

CHECKS: tuple[Check, ...] = (
    *testing.CHECKS,
    *utility.CHECKS,
    *licensing.CHECKS,
    *onboarding.CHECKS,
    *maintenance.CHECKS,
    *community.CHECKS,
    *claims.CHECKS,  # ENTRY-* checks of the entry's claims (homepage/docs answer, maintainers)
)


def by_id(checks: tuple[Check, ...]) -> dict[str, Check]:
    """Check id → Check, in order; an id declared twice is an error."""
    found: dict[str, Check] = {}
    for item in checks:
        if item.id in found:
            raise ValueError(
                f"check id {item.id} is declared twice ({item.title!r}, {found[item.id].title!r})"
            )
        found[item.id] = item
    return found


@cache
def all_checks() -> dict[str, Check]:
    """Check id → Check, in family order."""
    return by_id(CHECKS)
