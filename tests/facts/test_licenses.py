"""License expressions → tiers, and which source decides a project's license."""

from __future__ import annotations

import pytest

from bot.facts.licenses import classify, normalise, resolve_license
from bot.facts.model import FileText, LicenseFacts, PackageFacts, RepoFacts

# expression (as GitHub, PyPI or an entry writes it) → tier
TABLE: list[tuple[str | None, str]] = [
    # GitHub's short ids (choosealicense keys) and plain SPDX ids
    ("MIT", "permissive"),
    ("Apache-2.0", "permissive"),
    ("BSD-2-Clause", "permissive"),
    ("BSD-3-Clause", "permissive"),
    ("BSD-3-Clause-Clear", "permissive"),
    ("ISC", "permissive"),
    ("Unlicense", "permissive"),
    ("CC0-1.0", "permissive"),
    ("0BSD", "permissive"),
    ("Zlib", "permissive"),
    ("BSL-1.0", "permissive"),
    ("PSF-2.0", "permissive"),
    ("Python-2.0", "permissive"),
    ("MIT-0", "permissive"),
    ("UPL-1.0", "permissive"),
    ("LGPL-2.1", "weak-copyleft"),
    ("LGPL-3.0", "weak-copyleft"),
    ("LGPL-3.0-or-later", "weak-copyleft"),
    ("MPL-2.0", "weak-copyleft"),
    ("EPL-2.0", "weak-copyleft"),
    ("EPL-1.0", "weak-copyleft"),
    ("CC-BY-SA-4.0", "weak-copyleft"),
    ("GPL-2.0", "strong-copyleft"),
    ("GPL-3.0", "strong-copyleft"),
    ("GPL-3.0-or-later", "strong-copyleft"),
    ("GPL-2.0+", "strong-copyleft"),
    ("AGPL-3.0", "network-copyleft"),
    ("AGPL-3.0-or-later", "network-copyleft"),
    ("CC-BY-NC-4.0", "not-open-source"),
    ("CC-BY-NC-SA-4.0", "not-open-source"),
    ("BUSL-1.1", "not-open-source"),
    ("SSPL-1.0", "not-open-source"),
    ("Elastic-2.0", "not-open-source"),
    # no answer
    ("NOASSERTION", "unknown"),
    ("other", "unknown"),
    (None, "unknown"),
    ("", "unknown"),
    ("LicenseRef-Proprietary-Foo", "unknown"),
    ("Apache 2.0", "unknown"),  # not an SPDX id: never guessed
    ("not a license (", "unknown"),
    # expressions
    ("MIT/Apache-2.0", "permissive"),
    ("MIT OR Apache-2.0", "permissive"),
    ("GPL-3.0-only OR MIT", "permissive"),
    ("MIT AND GPL-3.0-only", "strong-copyleft"),
    ("MIT AND LGPL-2.1-only", "weak-copyleft"),
    ("Apache-2.0 AND CC-BY-NC-4.0", "not-open-source"),
    ("MIT AND LicenseRef-Custom", "unknown"),
    ("MIT OR LicenseRef-Custom", "permissive"),
    ("(MIT OR GPL-2.0-only) AND LGPL-2.1-only", "weak-copyleft"),
    ("GPL-2.0-only WITH Classpath-exception-2.0", "weak-copyleft"),
    ("GPL-3.0-or-later WITH GCC-exception-3.1", "weak-copyleft"),
    ("Apache-2.0 WITH LLVM-exception", "permissive"),
    ("AGPL-3.0-only OR GPL-3.0-only", "strong-copyleft"),
    ("mit or apache-2.0", "permissive"),
]


@pytest.mark.parametrize(("expression", "tier"), TABLE)
def test_license_table(expression: str | None, tier: str) -> None:
    assert classify(expression) == tier


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("GPL-3.0", "GPL-3.0-only"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("mit", "MIT"),
        ("MIT/Apache-2.0", "MIT OR Apache-2.0"),
        ("NOASSERTION", None),
        (None, None),
    ],
)
def test_normalise(given: str | None, canonical: str | None) -> None:
    assert normalise(given) == canonical


def test_policy_override_wins_over_the_index() -> None:
    assert classify("MPL-2.0", {"MPL-2.0": "permissive"}) == "permissive"
    assert classify("MIT AND MPL-2.0", {"MPL-2.0": "permissive"}) == "permissive"


def _facts(**kwargs: object) -> RepoFacts:
    facts = RepoFacts(repository="o/r", url="https://github.com/o/r", now="2026-11-26T00:00:00Z")
    for key, value in kwargs.items():
        setattr(facts, key, value)
    return facts


def test_github_id_decides_and_is_normalised() -> None:
    facts = _facts(github_license="GPL-3.0", root_files=["LICENSE", "README.md"])
    resolved = resolve_license(facts)
    assert (resolved.spdx, resolved.tier, resolved.source, resolved.file) == (
        "GPL-3.0-only",
        "strong-copyleft",
        "github",
        "LICENSE",
    )


def test_noassertion_falls_back_to_pypi_license_expression() -> None:
    pypi = PackageFacts(registry="pypi", name="x", exists=True, license_expression="MIT OR Apache-2.0")
    resolved = resolve_license(_facts(github_license="NOASSERTION", pypi=pypi))
    assert (resolved.spdx, resolved.tier, resolved.source) == (
        "MIT OR Apache-2.0",
        "permissive",
        "pypi-license-expression",
    )
    assert "NOASSERTION" in (resolved.note or "")


def test_then_classifiers() -> None:
    pypi = PackageFacts(
        registry="pypi",
        name="x",
        exists=True,
        license_classifiers=["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"],
    )
    resolved = resolve_license(_facts(github_license="NOASSERTION", pypi=pypi))
    assert (resolved.spdx, resolved.tier, resolved.source) == (
        "GPL-3.0-only",
        "strong-copyleft",
        "pypi-classifiers",
    )


def test_bsd_classifier_gives_a_tier_but_no_exact_id() -> None:
    pypi = PackageFacts(
        registry="pypi", name="x", exists=True, license_classifiers=["License :: OSI Approved :: BSD License"]
    )
    resolved = resolve_license(_facts(github_license=None, pypi=pypi))
    assert (resolved.spdx, resolved.tier, resolved.source) == (None, "permissive", "pypi-classifiers")


def test_then_pyproject_project_license() -> None:
    pyproject = '[project]\nname = "x"\nlicense = "BSD-3-Clause"\n'
    facts = _facts(
        github_license="NOASSERTION", files={"pyproject.toml": FileText("pyproject.toml", pyproject)}
    )
    resolved = resolve_license(facts)
    assert (resolved.spdx, resolved.tier, resolved.source) == ("BSD-3-Clause", "permissive", "pyproject")


def test_legacy_pyproject_license_table() -> None:
    pyproject = '[project]\nname = "x"\nlicense = {text = "Apache-2.0"}\n'
    facts = _facts(files={"pyproject.toml": FileText("pyproject.toml", pyproject)})
    assert resolve_license(facts).spdx == "Apache-2.0"


def test_nothing_known_needs_human_review() -> None:
    pypi = PackageFacts(registry="pypi", name="x", exists=True, license_expression=None)
    resolved = resolve_license(_facts(github_license="NOASSERTION", pypi=pypi, root_files=["LICENSE"]))
    assert (resolved.spdx, resolved.tier, resolved.source, resolved.file) == (
        None,
        "unknown",
        "none",
        "LICENSE",
    )
    assert "needs human review" in (resolved.note or "")


def test_doubtful_license_file_is_not_papered_over_by_metadata() -> None:
    doubtful = LicenseFacts(spdx=None, tier="unknown", source="license-file", file="LICENSE", confidence=0.61)
    pypi = PackageFacts(registry="pypi", name="x", exists=True, license_expression="Apache-2.0")
    resolved = resolve_license(_facts(license=doubtful, pypi=pypi))
    assert (resolved.tier, resolved.source, resolved.confidence) == ("unknown", "license-file", 0.61)


def test_confident_license_file_decides_for_a_checkout() -> None:
    matched = LicenseFacts(spdx="CC-BY-NC-4.0", tier="unknown", source="license-file", confidence=0.99)
    pypi = PackageFacts(registry="pypi", name="x", exists=True, license_expression="MIT")
    resolved = resolve_license(_facts(license=matched, pypi=pypi))
    assert (resolved.spdx, resolved.tier) == ("CC-BY-NC-4.0", "not-open-source")
