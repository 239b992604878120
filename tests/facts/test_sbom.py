"""The SBOM read as plain JSON: the dependencies, their licenses, and clear errors for broken documents."""

from __future__ import annotations

from typing import Any

from bot.facts.model import Dependency
from bot.facts.sbom import read_sbom

DOCUMENT = {
    "spdxVersion": "SPDX-2.3",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "acme/project",
    "dataLicense": "CC0-1.0",
    "documentNamespace": "https://github.com/acme/project/dependency_graph/sbom-1",
    "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: GitHub.com-Dependency-Graph"]},
}


def package(name: str, **fields: Any) -> dict[str, Any]:
    return {"SPDXID": f"SPDXRef-{name}", "name": name, "downloadLocation": "NOASSERTION", **fields}


def read(**document: Any) -> Any:
    return read_sbom({"sbom": {**DOCUMENT, **document}})


def test_dependencies_with_versions_and_declared_else_concluded_licenses():
    reading = read(
        packages=[
            package("torch", versionInfo="2.5.1", licenseDeclared="bsd-3-clause"),
            package("numpy", licenseDeclared="NOASSERTION", licenseConcluded="mit or apache-2.0"),
            package("mystery", licenseConcluded="NONE"),
        ]
    )
    assert reading.error is None
    assert reading.dependencies == [
        Dependency("torch", "2.5.1", "BSD-3-Clause"),
        Dependency("numpy", None, "MIT OR Apache-2.0"),
        Dependency("mystery", None, None),
    ]


def test_the_described_package_is_not_a_dependency():
    by_relationship = read(
        packages=[package("project"), package("torch")],
        relationships=[
            {
                "spdxElementId": "SPDXRef-DOCUMENT",
                "relationshipType": "DESCRIBES",
                "relatedSpdxElement": "SPDXRef-project",
            },
            {
                "spdxElementId": "SPDXRef-project",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-torch",
            },
        ],
    )
    by_field = read(packages=[package("project"), package("torch")], documentDescribes=["SPDXRef-project"])
    assert [d.name for d in by_relationship.dependencies] == ["torch"]
    assert [d.name for d in by_field.dependencies] == ["torch"]


def test_broken_documents_say_what_is_wrong_and_where():
    assert read(packages=[package("a", licenseDeclared="MIT AND (")]).error == (
        'the SBOM is not valid SPDX: packages[0].licenseDeclared: "MIT AND (" is not a license expression: '
        "Invalid expression"
    )
    nameless = read(packages=[package("a"), {"SPDXID": "SPDXRef-b"}])
    assert (nameless.dependencies, nameless.error) == (
        None,
        "the SBOM is not valid SPDX: packages[1] has no `name`",
    )
    assert read(packages={"a": 1}).error == "the SBOM is not valid SPDX: `packages` is not a list of objects"
    assert read(spdxVersion="SPDX-2.2").error == "the SBOM is 'SPDX-2.2', not SPDX-2.3"
    assert read_sbom({"message": "Not Found"}).error == "the SBOM answer has no `sbom` document"
