"""`@check(...)`: turn a documented function into a `Check` (its docstring is the user-facing text)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from bot.criteria.model import Check, Evaluate


def check(
    check_id: str,
    title: str,
    family: str,
    *,
    requires: tuple[str, ...] = (),
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[Evaluate], Check]:
    """Declare a check; the decorated function's docstring becomes its explanation."""

    def declare(evaluate: Evaluate) -> Check:
        explanation = inspect.getdoc(evaluate)
        if not explanation:
            raise ValueError(f"check {check_id} needs a docstring: it is the user-facing explanation")
        return Check(
            id=check_id,
            title=title,
            family=family,
            explanation=explanation,
            evaluate=evaluate,
            requires=requires,
            defaults=MappingProxyType(dict(defaults or {})),
        )

    return declare
