"""Every known check by id: the family modules' `CHECKS` tuples, collected once."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from bot.criteria.model import Check

FAMILY_MODULES = (
    "bot.criteria.checks.testing",
    "bot.criteria.checks.utility",
    "bot.criteria.checks.licensing",
    "bot.criteria.checks.onboarding",
    "bot.criteria.checks.maintenance",
    "bot.criteria.checks.community",
    "bot.criteria.claims",  # ENTRY-* checks of the entry's claims (homepage/docs answer, maintainers)
)


@cache
def all_checks() -> dict[str, Check]:
    """Check id → Check, in module order. A module listed here must expose `CHECKS`."""
    checks: dict[str, Check] = {}
    for name in FAMILY_MODULES:
        if importlib.util.find_spec(name) is None:
            continue  # a family not written yet; policies that name its checks fail to load
        module = importlib.import_module(name)
        for item in module.CHECKS:
            if item.id in checks:
                raise ValueError(f"check id {item.id} is declared twice ({name})")
            checks[item.id] = item
    return checks
