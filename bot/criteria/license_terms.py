"""SPDX license expressions for the judgement side: equality, allow-lists and tiers, in ONE place.

Uses license-expression (the library spdx-tools delegates to). GitHub's short ids such as
`GPL-3.0` are normalised by it to `GPL-3.0-only`. Tiers come from `bot.facts.licenses.classify`,
the project's one classification of licenses.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from license_expression import ExpressionError, Licensing

from bot.facts.licenses import classify, spdx_licensing

NOT_A_LICENSE = frozenset({"NOASSERTION", "NONE", "OTHER", "UNKNOWN"})


def licensing() -> Licensing:
    """The one SPDX license index (`bot.facts.licenses.spdx_licensing`)."""
    return spdx_licensing()


@lru_cache(maxsize=4096)  # an audit asks the same few expressions thousands of times; results are not mutated
def parse(expression: str | None) -> Any | None:
    """A parsed, simplified expression, or None when it is empty, NOASSERTION or unparseable."""
    if not expression or expression.strip().upper() in NOT_A_LICENSE:
        return None
    text = expression.strip().replace(" / ", " OR ").replace("/", " OR ")
    try:
        parsed = licensing().parse(text, validate=False)
    except ExpressionError:
        return None
    return parsed.simplify() if parsed is not None else None


def normalise(expression: str | None) -> str | None:
    """Canonical text of an expression (`GPL-3.0` → `GPL-3.0-only`), None when unparseable."""
    parsed = parse(expression)
    return str(parsed) if parsed is not None else None


def same_license(first: str | None, second: str | None) -> bool | None:
    """Equal as SPDX expressions (order of OR/AND does not matter); None when either is unreadable."""
    a, b = parse(first), parse(second)
    if a is None or b is None:
        return None
    return bool(a == b)


def tier_of(expression: str | None) -> str:
    """permissive | weak-copyleft | strong-copyleft | network-copyleft | not-open-source | unknown."""
    return classify(expression)


def is_allowed(expression: str | None, allowed: Iterable[str]) -> bool | None:
    """Whether the expression is usable under an allow-list: one OR-alternative whose every AND-part
    is listed. None when the expression cannot be read."""
    parsed = parse(expression)
    if parsed is None:
        return None
    allowed_keys = {key.lower() for key in (normalise(item) or item for item in allowed)}
    return allowed_node(parsed, allowed_keys)


def allowed_node(node: Any, allowed_keys: set[str]) -> bool:
    operator = type(node).__name__
    if operator == "OR":
        return any(allowed_node(arg, allowed_keys) for arg in node.args)
    if operator == "AND":
        return all(allowed_node(arg, allowed_keys) for arg in node.args)
    return str(node).lower() in allowed_keys
