"""Dependencies and their declared licenses from GitHub's SBOM export (SPDX 2.3 JSON), via spdx-tools."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from bot.facts.model import Dependency

_SPDX_IMPORT = threading.Lock()


def load_spdx_tools() -> None:
    """Import spdx-tools (about 0.3 s) once. The Action calls this in the background while its first
    requests are in flight; the lock keeps two threads from importing the package at the same time,
    which fails on its circular imports."""
    with _SPDX_IMPORT:
        import spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser  # noqa: F401


@dataclass(frozen=True)
class SbomReading:
    dependencies: list[Dependency] | None  # None when the document could not be read
    error: str | None = None


def _license(package: Any) -> str | None:
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
    from spdx_tools.spdx.model.spdx_none import SpdxNone

    for value in (package.license_declared, package.license_concluded):
        if value is None or isinstance(value, SpdxNoAssertion | SpdxNone):
            continue
        return str(value)
    return None


def read_sbom(body: Any) -> SbomReading:
    """`{"sbom": {...}}` as GET /repos/{o}/{r}/dependency-graph/sbom returns it → the dependencies.

    The package(s) the document DESCRIBES (the repository itself) are not dependencies.
    """
    load_spdx_tools()
    from spdx_tools.spdx.model.relationship import RelationshipType
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

    document = body.get("sbom") if isinstance(body, dict) else None
    if not isinstance(document, dict):
        return SbomReading(None, "the SBOM answer has no `sbom` document")
    if document.get("spdxVersion") != "SPDX-2.3":
        return SbomReading(None, f"the SBOM is {document.get('spdxVersion')!r}, not SPDX-2.3")
    try:
        parsed = JsonLikeDictParser().parse(document)  # type: ignore[no-untyped-call]
    except SPDXParsingError as error:
        messages = error.get_messages()  # type: ignore[no-untyped-call]
        return SbomReading(None, f"the SBOM is not valid SPDX: {messages[0] if messages else error}")
    described = {
        r.related_spdx_element_id
        for r in parsed.relationships
        if r.relationship_type == RelationshipType.DESCRIBES and r.spdx_element_id == "SPDXRef-DOCUMENT"
    }
    return SbomReading(
        [
            Dependency(name=p.name, version=p.version or None, license=_license(p))
            for p in parsed.packages
            if p.spdx_id not in described
        ]
    )
