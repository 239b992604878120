"""Dependencies and their declared licenses from GitHub's SBOM export (SPDX 2.3 JSON).

The document is read as plain JSON (packages, their versions and licenses, and what the document
DESCRIBES); spdx-tools' license index reads the license expressions. Building spdx-tools' whole
document model cost 180–270 ms of a review for the three fields used here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.facts.model import Dependency

DOCUMENT_ID = "SPDXRef-DOCUMENT"
NO_LICENSE = frozenset({"NOASSERTION", "NONE"})


class SbomError(ValueError):
    """The document is not SPDX as the dependency graph exports it; the message says where."""


@dataclass(frozen=True)
class SbomReading:
    dependencies: list[Dependency] | None  # None when the document could not be read
    error: str | None = None


def read_sbom(body: Any) -> SbomReading:
    """`{"sbom": {...}}` as GET /repos/{o}/{r}/dependency-graph/sbom returns it → the dependencies.

    The package(s) the document DESCRIBES (the repository itself) are not dependencies.
    """
    document = body.get("sbom") if isinstance(body, dict) else None
    if not isinstance(document, dict):
        return SbomReading(None, "the SBOM answer has no `sbom` document")
    if document.get("spdxVersion") != "SPDX-2.3":
        return SbomReading(None, f"the SBOM is {document.get('spdxVersion')!r}, not SPDX-2.3")
    try:
        packages = _objects(document, "packages")
        described = _described(document)
        dependencies = [
            Dependency(
                name=_text(package, "name", index),
                version=_optional_text(package, "versionInfo", index),
                license=_license(package, index),
            )
            for index, package in enumerate(packages)
            if _text(package, "SPDXID", index) not in described
        ]
    except SbomError as error:
        return SbomReading(None, f"the SBOM is not valid SPDX: {error}")
    return SbomReading(dependencies)


def _described(document: Mapping[str, Any]) -> set[str]:
    """The ids the document describes: its DESCRIBES relationships and the older `documentDescribes`."""
    described = {str(value) for value in document.get("documentDescribes") or [] if isinstance(value, str)}
    for index, relation in enumerate(_objects(document, "relationships")):
        kind = relation.get("relationshipType")
        if kind == "DESCRIBES" and relation.get("spdxElementId") == DOCUMENT_ID:
            described.add(_text(relation, "relatedSpdxElement", index, "relationships"))
    return described


def _objects(document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise SbomError(f"`{key}` is not a list of objects")
    return value


def _text(item: Mapping[str, Any], key: str, index: int, where: str = "packages") -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise SbomError(f"{where}[{index}] has no `{key}`")
    return value


def _optional_text(item: Mapping[str, Any], key: str, index: int) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise SbomError(f"packages[{index}].{key} is not a text")
    return value or None


def _license(package: Mapping[str, Any], index: int) -> str | None:
    """The declared license, else the concluded one; NOASSERTION and NONE say nothing."""
    for key in ("licenseDeclared", "licenseConcluded"):
        value = _optional_text(package, key, index)
        if value is None or not value.strip() or value.strip().upper() in NO_LICENSE:
            continue
        try:
            return license_expression_text(value)
        except ValueError as error:
            raise SbomError(f"packages[{index}].{key}: {error}") from None
    return None


@functools.lru_cache(maxsize=4096)
def license_expression_text(value: str) -> str:
    """An SPDX license expression as spdx-tools renders it (`mit OR apache-2.0` → `MIT OR Apache-2.0`)."""
    from license_expression import ExpressionError
    from spdx_tools.common.spdx_licensing import spdx_licensing

    try:
        return str(spdx_licensing.parse(value))
    except ExpressionError as error:
        raise ValueError(
            f'"{value}" is not a license expression: {error.args[0] if error.args else error}'
        ) from None
