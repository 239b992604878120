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

# Checks no bundled policy lists, each for a reason said here; a catalog's own policy file may list them.
OPT_IN: dict[str, str] = {
    "COMM-011": "it costs every review one more GitHub request (REST `/contributors`) and, info only, "
    "never changes a verdict; COMM-001 counts the people who contribute now",
}


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
