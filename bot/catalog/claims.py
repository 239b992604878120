"""What an entry claims about its project, in the shape the facts stage expects (`RepoFacts.claims`).

The claims are checked against evidence by the checks (license, pip, conda, links, maintainers).
Each format names them differently; this reads all three.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.catalog.entry import Entry

# claim → where each format keeps it (first found wins)
_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "license": (("license",),),
    "pip": (("install", "pip"), ("pip",)),
    "conda": (("install", "conda"), ("conda",)),
    "homepage": (("homepage",), ("homepage_url",), ("link",)),
    "documentation": (("documentation",), ("docs",), ("extra", "documentation_url")),
    "tutorials": (("tutorials",),),
    "maintainers": (("maintainers",),),
}


def entry_claims(entry: Entry) -> dict[str, Any]:
    claims: dict[str, Any] = {}
    for claim, places in _PLACES.items():
        for place in places:
            value = _lookup(entry.fields, place)
            if value not in (None, "", []):
                claims[claim] = value
                break
    conda = claims.get("conda")
    if isinstance(conda, str) and "::" in conda:  # "conda-forge::name" → the package name
        claims["conda"] = conda.split("::", 1)[1]
    return claims


def _lookup(fields: Mapping[str, Any], place: tuple[str, ...]) -> Any:
    value: Any = fields
    for key in place:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value
