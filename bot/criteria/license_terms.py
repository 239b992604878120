"""SPDX license expressions for the judgement side: equality, allow-lists and tiers, in ONE place.

Uses license-expression (the library spdx-tools delegates to). GitHub's short ids such as
`GPL-3.0` are normalised by it to `GPL-3.0-only`. The tier of a license comes from the
ScanCode category bundled with license-expression; `OR` takes the most permissive
alternative, `AND` the most restrictive part, `WITH` an exception softens strong copyleft
to weak. When bot.facts.licenses offers the same classification, this module is the one
place to switch over.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from license_expression import ExpressionError, Licensing, get_license_index, get_spdx_licensing

TIERS = ("permissive", "weak-copyleft", "strong-copyleft", "network-copyleft", "not-open-source", "unknown")
CATEGORY_TIERS = {
    "Permissive": "permissive",
    "Public Domain": "permissive",
    "Copyleft Limited": "weak-copyleft",
    "Copyleft": "strong-copyleft",
}
NETWORK_COPYLEFT_PREFIXES = ("AGPL-", "SSPL-", "OSL-", "EUPL-", "RPL-", "CPAL-")
NOT_A_LICENSE = frozenset({"NOASSERTION", "NONE", "OTHER", "UNKNOWN"})


@cache
def licensing() -> Licensing:
    return get_spdx_licensing()


@cache
def categories() -> dict[str, str]:
    """Lower-case SPDX key (including the deprecated aliases) → ScanCode category."""
    table: dict[str, str] = {}
    for item in get_license_index():
        keys = [item.get("spdx_license_key"), *(item.get("other_spdx_license_keys") or [])]
        for key in keys:
            if key and item.get("category"):
                table.setdefault(str(key).lower(), str(item["category"]))
    return table


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


def symbol_tier(key: str, exception: str | None = None) -> str:
    if key.upper() in NOT_A_LICENSE or key.startswith("LicenseRef-"):
        return "unknown"
    if key.upper().startswith(NETWORK_COPYLEFT_PREFIXES):
        return "network-copyleft"
    category = categories().get(key.lower())
    if category is None or category == "Unstated License":
        return "unknown"
    tier = CATEGORY_TIERS.get(category, "not-open-source")
    if tier == "strong-copyleft" and exception:
        return "weak-copyleft"
    return tier


def rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else TIERS.index("unknown")


def tier_of(expression: str | None) -> str:
    """permissive | weak-copyleft | strong-copyleft | network-copyleft | not-open-source | unknown."""
    parsed = parse(expression)
    return "unknown" if parsed is None else tier_of_parsed(parsed)


def tier_of_parsed(node: Any) -> str:
    operator = type(node).__name__
    if operator in ("OR", "AND"):
        tiers = [tier_of_parsed(arg) for arg in node.args]
        pick = min if operator == "OR" else max
        return pick(tiers, key=rank)
    if operator == "LicenseWithExceptionSymbol":
        return symbol_tier(str(node.license_symbol.key), str(node.exception_symbol.key))
    return symbol_tier(str(getattr(node, "key", node)))


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
