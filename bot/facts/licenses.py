"""License expressions: normalisation, tiers, and which source decides a project's license.

Expressions are parsed with spdx-tools' SPDX licensing (backed by `license-expression`),
which also normalises deprecated and GitHub-style ids (`GPL-3.0` → `GPL-3.0-only`). The tier
of each license comes from the ScanCode license index bundled with `license-expression`
(its `category`), mapped to the tiers the policies speak of; the few calls ScanCode does
not make the way we need (network copyleft) are data in `TIER_OVERRIDES`, and a policy can
add its own overrides (for example `PSF-2.0: permissive`).

Combining: `A OR B` is as permissive as the most permissive side (the user may choose),
`A AND B` as restrictive as the most restrictive side, and `X WITH exception` softens a
strong copyleft to weak copyleft when the exception is a linking exception.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping
from typing import Any

import license_expression

from bot.facts.model import LicenseFacts, RepoFacts

PERMISSIVE = "permissive"
WEAK_COPYLEFT = "weak-copyleft"
STRONG_COPYLEFT = "strong-copyleft"
NETWORK_COPYLEFT = "network-copyleft"
NOT_OPEN_SOURCE = "not-open-source"
UNKNOWN = "unknown"

# From most to least permissive; `unknown` is handled apart (it is not a place on this scale).
TIER_ORDER = (PERMISSIVE, WEAK_COPYLEFT, STRONG_COPYLEFT, NETWORK_COPYLEFT, NOT_OPEN_SOURCE)

# ScanCode license index category → tier.
CATEGORY_TIERS: dict[str, str] = {
    "Permissive": PERMISSIVE,
    "Public Domain": PERMISSIVE,
    "Copyleft Limited": WEAK_COPYLEFT,
    "Copyleft": STRONG_COPYLEFT,
    "Source-available": NOT_OPEN_SOURCE,
    "Proprietary Free": NOT_OPEN_SOURCE,
    "Commercial": NOT_OPEN_SOURCE,
    "Free Restricted": NOT_OPEN_SOURCE,
    "Patent License": UNKNOWN,
    "CLA": UNKNOWN,
    "Unstated License": UNKNOWN,
}

# Where our tiers differ from ScanCode's category: licenses whose copyleft reaches users
# over a network (ScanCode files them under plain "Copyleft").
TIER_OVERRIDES: dict[str, str] = {
    "AGPL-1.0-only": NETWORK_COPYLEFT,
    "AGPL-1.0-or-later": NETWORK_COPYLEFT,
    "AGPL-3.0-only": NETWORK_COPYLEFT,
    "AGPL-3.0-or-later": NETWORK_COPYLEFT,
    "OSL-3.0": NETWORK_COPYLEFT,
    "RPL-1.5": NETWORK_COPYLEFT,
    "CPAL-1.0": NETWORK_COPYLEFT,
}

# Values GitHub (licensee) and SPDX documents use for "no usable answer".
NO_ANSWER = {"", "NOASSERTION", "NONE", "OTHER"}

# PyPI `License ::` classifiers → (SPDX id when the classifier names one exactly, tier).
CLASSIFIER_LICENSES: dict[str, tuple[str | None, str]] = {
    "License :: OSI Approved :: MIT License": ("MIT", PERMISSIVE),
    "License :: OSI Approved :: MIT No Attribution License (MIT-0)": ("MIT-0", PERMISSIVE),
    "License :: OSI Approved :: BSD License": (None, PERMISSIVE),
    "License :: OSI Approved :: Apache Software License": (None, PERMISSIVE),
    "License :: OSI Approved :: ISC License (ISCL)": ("ISC", PERMISSIVE),
    "License :: OSI Approved :: Python Software Foundation License": ("PSF-2.0", PERMISSIVE),
    "License :: OSI Approved :: zlib/libpng License": ("Zlib", PERMISSIVE),
    "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)": ("BSL-1.0", PERMISSIVE),
    "License :: OSI Approved :: The Unlicense (Unlicense)": ("Unlicense", PERMISSIVE),
    "License :: OSI Approved :: Universal Permissive License (UPL)": ("UPL-1.0", PERMISSIVE),
    "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": ("CC0-1.0", PERMISSIVE),
    "License :: Public Domain": (None, PERMISSIVE),
    "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": ("MPL-2.0", WEAK_COPYLEFT),
    "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": ("EPL-2.0", WEAK_COPYLEFT),
    "License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)": ("EPL-1.0", WEAK_COPYLEFT),
    "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": (
        "LGPL-2.0-only",
        WEAK_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": (
        "LGPL-2.0-or-later",
        WEAK_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": (
        "LGPL-3.0-only",
        WEAK_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": (
        "LGPL-3.0-or-later",
        WEAK_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)": (None, WEAK_COPYLEFT),
    "License :: OSI Approved :: GNU General Public License (GPL)": (None, STRONG_COPYLEFT),
    "License :: OSI Approved :: GNU General Public License v2 (GPLv2)": ("GPL-2.0-only", STRONG_COPYLEFT),
    "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": (
        "GPL-2.0-or-later",
        STRONG_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU General Public License v3 (GPLv3)": ("GPL-3.0-only", STRONG_COPYLEFT),
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": (
        "GPL-3.0-or-later",
        STRONG_COPYLEFT,
    ),
    "License :: OSI Approved :: GNU Affero General Public License v3": ("AGPL-3.0-only", NETWORK_COPYLEFT),
    "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": (
        "AGPL-3.0-or-later",
        NETWORK_COPYLEFT,
    ),
    "License :: Other/Proprietary License": (None, NOT_OPEN_SOURCE),
}

_LICENSE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|UNLICENSE)([-._].*)?$", re.IGNORECASE)


@functools.cache
def _categories() -> dict[str, str]:
    """SPDX key → ScanCode category, for licenses and exceptions alike."""
    index: list[dict[str, Any]] = license_expression.get_license_index()
    categories: dict[str, str] = {}
    for item in index:
        category = item.get("category")
        if not category:
            continue
        for key in [item.get("spdx_license_key"), *(item.get("other_spdx_license_keys") or [])]:
            if key:
                categories.setdefault(str(key), str(category))
    return categories


def load_license_categories() -> None:
    """Read the ScanCode license index now (it takes a moment), so the first classification does not wait."""
    _categories()


_SPDX_IMPORT = threading.Lock()


@functools.cache  # asked for at every node of every expression classified: no lock once it is built
def spdx_licensing() -> license_expression.Licensing:
    """The SPDX license index: spdx-tools' license-expression `Licensing`, the one every parse in the bot
    uses. Built on first use (about 20 ms): a run that never reads a license expression, or reads
    one only after its first requests are out, does not wait for it at start-up. The lock: the
    audit's and the Action's threads may ask at once, and one import must build it."""
    with _SPDX_IMPORT:
        from spdx_tools.common.spdx_licensing import spdx_licensing as index

    return index


@functools.lru_cache(maxsize=4096)  # an audit parses the same few expressions thousands of times
def _parse(expression: str) -> Any | None:
    """Parse an SPDX expression; `MIT/Apache-2.0` (a common shorthand) is read as `MIT OR Apache-2.0`.
    The parsed expression is shared by every caller: it is only read, never changed."""
    for candidate in (expression, expression.replace("/", " OR ")):
        try:
            return spdx_licensing().parse(candidate)
        except Exception:  # license-expression raises several unrelated exception types
            continue
    return None


def normalise(expression: str | None) -> str | None:
    """The canonical SPDX form of an expression (`GPL-3.0` → `GPL-3.0-only`); None for no answer.

    A string that does not parse is returned stripped, unchanged: it is still worth showing.
    """
    if expression is None or expression.strip().upper() in NO_ANSWER:
        return None
    parsed = _parse(expression.strip())
    if parsed is None:
        return expression.strip()
    return str(parsed.render())


def _symbol_tier(key: str, overrides: Mapping[str, str]) -> str:
    if key in overrides:
        return overrides[key]
    if key in TIER_OVERRIDES:
        return TIER_OVERRIDES[key]
    return CATEGORY_TIERS.get(_categories().get(key, ""), UNKNOWN)


def _most_permissive(tiers: list[str]) -> str:
    known = [t for t in tiers if t != UNKNOWN]
    return min(known, key=TIER_ORDER.index) if known else UNKNOWN


def _most_restrictive(tiers: list[str]) -> str:
    if NOT_OPEN_SOURCE in tiers:
        return NOT_OPEN_SOURCE
    if UNKNOWN in tiers:
        return UNKNOWN
    return max(tiers, key=TIER_ORDER.index)


def _node_tier(node: Any, overrides: Mapping[str, str]) -> str:
    if isinstance(node, license_expression.LicenseWithExceptionSymbol):
        base = _node_tier(node.license_symbol, overrides)
        exception = _categories().get(str(node.exception_symbol.key), "")
        if base == STRONG_COPYLEFT and exception in ("Copyleft Limited", "Permissive"):
            return WEAK_COPYLEFT
        return base
    if isinstance(node, license_expression.LicenseSymbol):
        return _symbol_tier(str(node.key), overrides)
    children = [_node_tier(arg, overrides) for arg in node.args]
    if isinstance(node, spdx_licensing().OR):
        return _most_permissive(children)
    return _most_restrictive(children)


def classify(expression: str | None, overrides: Mapping[str, str] | None = None) -> str:
    """The tier of an SPDX expression: permissive, weak-copyleft, strong-copyleft,
    network-copyleft, not-open-source or unknown.

    `overrides` maps SPDX ids to tiers (a policy's own calls); they win over the index.
    """
    if expression is None or expression.strip().upper() in NO_ANSWER:
        return UNKNOWN
    parsed = _parse(expression.strip())
    if parsed is None:
        return UNKNOWN
    return _node_tier(parsed, overrides or {})


def classify_classifiers(classifiers: list[str]) -> tuple[str | None, str] | None:
    """SPDX id (when exact) and tier from PyPI `License ::` classifiers; None when none is known.

    Several license classifiers are combined conservatively (the most restrictive tier):
    a classifier list cannot say whether it means "and" or "or".
    """
    found = [CLASSIFIER_LICENSES[c] for c in classifiers if c in CLASSIFIER_LICENSES]
    if not found:
        return None
    tier = _most_restrictive([tier for _, tier in found])
    ids = [spdx for spdx, _ in found if spdx]
    spdx = " AND ".join(ids) if len(ids) == len(found) else None
    return spdx, tier


def license_file_path(facts: RepoFacts) -> str | None:
    """The first license-like file in the repository root (LICENSE, LICENSE.md, COPYING …)."""
    for name in sorted(facts.root_files or []):
        if _LICENSE_FILE.match(name):
            return name
    return None


def _pyproject_license(facts: RepoFacts) -> str | None:
    """`[project].license` of pyproject.toml: a PEP 639 string, or the legacy `{text = …}` table."""
    from bot.facts.package_names import read_pyproject  # local import: package_names reads files

    project = read_pyproject(facts).get("project")
    if not isinstance(project, dict):
        return None
    value = project.get("license")
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return str(value["text"])
    return None


def _decided(expression: str, source: str, facts: RepoFacts, overrides: Mapping[str, str]) -> LicenseFacts:
    return LicenseFacts(
        spdx=normalise(expression),
        tier=classify(expression, overrides),
        source=source,
        file=license_file_path(facts),
    )


def _fallbacks(facts: RepoFacts, overrides: Mapping[str, str]) -> LicenseFacts | None:
    """PyPI license_expression, then License classifiers, then pyproject's project.license."""
    pypi = facts.pypi
    if pypi is not None and pypi.license_expression and classify(pypi.license_expression) != UNKNOWN:
        return _decided(pypi.license_expression, "pypi-license-expression", facts, overrides)
    if pypi is not None and pypi.license_classifiers:
        found = classify_classifiers(pypi.license_classifiers)
        if found is not None:
            spdx, tier = found
            if spdx is not None:
                tier = classify(spdx, overrides)
            return LicenseFacts(
                spdx=spdx, tier=tier, source="pypi-classifiers", file=license_file_path(facts)
            )
    declared = _pyproject_license(facts)
    if declared and classify(declared, overrides) != UNKNOWN:
        return _decided(declared, "pyproject", facts, overrides)
    return None


def registry_cross_check(facts: RepoFacts, spdx: str, tier: str, reviewed: bool = False) -> str | None:
    """What PyPI declares, compared with the license file: "PyPI agrees (license_expression
    Apache-2.0)" or "PyPI declares MIT (…); the license file decides". None: PyPI declares nothing."""
    pypi = facts.pypi
    if pypi is None or not pypi.exists:
        return None
    if pypi.license_expression and classify(pypi.license_expression) != UNKNOWN:
        declared, how = normalise(pypi.license_expression), "license_expression"
        agrees = declared == normalise(spdx)
    else:
        found = classify_classifiers(pypi.license_classifiers)
        if found is None:
            return None
        names = [c.rsplit(" :: ", 1)[-1] for c in pypi.license_classifiers if c in CLASSIFIER_LICENSES]
        declared = found[0] or f"{', '.join(names)} ({found[1]})"
        how = "classifiers"
        family = any(name.split()[0].lower() in spdx.lower() for name in names)  # "Apache …" ~ Apache-2.0
        agrees = found[0] == normalise(spdx) if found[0] else (found[1] == tier and family)
    if agrees:
        return f"PyPI {pypi.name} agrees ({how}: {declared})"
    decides = "" if reviewed else "; the license file decides"
    return f"PyPI {pypi.name} declares {declared} ({how}){decides}"


def resolve_license(facts: RepoFacts, overrides: Mapping[str, str] | None = None) -> LicenseFacts:
    """The project's license and which source decided it.

    Order: GitHub's detection; for a local checkout, the license file's text match (already
    in `facts.license`); then PyPI `license_expression`, `License ::` classifiers and
    pyproject `project.license`; else unknown, needing a human. A license file whose text
    did not match confidently stays unknown: declared metadata is not allowed to paper
    over a file that may add restrictions.
    """
    chosen = overrides or {}
    github = normalise(facts.github_license)
    if github is not None:
        return _decided(github, "github", facts, chosen)
    text_match = (
        facts.license if facts.license is not None and facts.license.source == "license-file" else None
    )
    if text_match is not None and text_match.spdx is not None:
        text_match.tier = classify(text_match.spdx, chosen)
        cross = registry_cross_check(facts, text_match.spdx, text_match.tier, text_match.needs_review)
        if cross:
            text_match.note = "; ".join(n for n in (text_match.note, cross) if n)
        return text_match
    if text_match is not None:
        return text_match
    fallback = _fallbacks(facts, chosen)
    if fallback is not None:
        if facts.github_license:
            fallback.note = f"GitHub reported {facts.github_license}; decided by {fallback.source}"
        return fallback
    what = (
        f"GitHub reported {facts.github_license}"
        if facts.github_license
        else "no license detected by GitHub"
        if facts.sources.get("license") == "github-graphql"
        else "no license found"
    )
    return LicenseFacts(
        spdx=None,
        tier=UNKNOWN,
        source="none",
        file=license_file_path(facts),
        note=f"{what} and no PyPI or pyproject license metadata: needs human review",
    )
