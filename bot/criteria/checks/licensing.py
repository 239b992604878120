"""Permissive licensing: a license file, a license on the allow-list, the entry's claim matches,
and no copyleft or unknown-license dependency in a permissive project."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.criteria import layout, license_terms, links
from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result, Status
from bot.criteria.results import listing, missing_fact, plural, unknown
from bot.facts.model import Dependency, RepoFacts

FAMILY = "license"
LICENSE_PREFIXES = ("LICENSE", "LICENCE", "COPYING")
DEFAULT_FILE_NAMES = (
    "LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE.rst",
    "LICENCE", "LICENCE.md", "LICENCE.txt", "COPYING", "COPYING.md", "COPYING.txt",
)  # fmt: skip
DEFAULT_ALLOWED = ("Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "MIT")


def license_evidence(facts: RepoFacts) -> list[Evidence]:
    info = facts.license
    if info is None:
        return []
    where = links.blob_url(facts, info.file) if info.file else None
    evidence = [Evidence(f"license ({info.source})", info.spdx or "not identified", where)]
    if info.confidence is not None:
        evidence.append(Evidence("text match confidence", f"{info.confidence:.2f}"))
    if info.note:
        evidence.append(Evidence("note", info.note))
    if info.readme_section:
        readme = (facts.community_files or {}).get("README")
        evidence.append(
            Evidence(
                "README license section",
                info.readme_section,
                links.blob_url(facts, readme) if readme else None,
            )
        )
    return evidence


@check("LIC-001", "License file", FAMILY, defaults={"file_names": list(DEFAULT_FILE_NAMES)})
def license_file(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository root has a license file with one of the accepted names (`file_names`).

    Why: without a license file nobody may legally use the code.
    How to fix: add the license text as `LICENSE` in the repository root (choosealicense.com helps)."""
    accepted = [str(name) for name in params["file_names"]]
    names = layout.root_names(facts)
    if names is None:
        if facts.license is not None and facts.license.file:
            path = facts.license.file
            status: Status = "pass" if path in accepted else "warn"
            return Result(
                status, f"license file {path}", [Evidence("license file", path, links.blob_url(facts, path))]
            )
        return unknown("the repository root could not be listed")
    exact = [name for name in names if name in accepted]
    if exact:
        return Result(
            "pass",
            f"license file {exact[0]}",
            [Evidence("license file", exact[0], links.blob_url(facts, exact[0]))],
        )
    similar = [name for name in names if name.upper().startswith(LICENSE_PREFIXES)]
    if similar:
        return Result(
            "warn",
            f"license file named {similar[0]}, expected {listing(accepted, 3)}",
            [Evidence("license file", name, links.blob_url(facts, name)) for name in similar],
            fix=f"Rename {similar[0]} to {accepted[0]}.",
        )
    return Result("fail", "no license file in the repository root")


@check("LIC-002", "Permissive license", FAMILY, defaults={"allowed_licenses": list(DEFAULT_ALLOWED)})
def permissive_license(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The project's license is on the policy's allow-list (`allowed_licenses`). For `A OR B` one
    allowed alternative is enough; for `A AND B` every part must be allowed. A permissive license
    that is not on the list is a warning for a reviewer to decide. A license file that adds terms
    to a known license, or several license files with different licenses (not the MIT/Apache
    dual-license convention), go to a reviewer with the README's license section.

    Why: ecosystem users must be able to use the project without licensing concerns.
    How to fix: relicense under a license the policy allows (`allowed_licenses`), or ask the catalog
    to allow the project's license."""
    info = facts.license
    if info is not None and info.needs_review:
        found = info.spdx or "not identified"
        return Result(
            "manual",
            f"a reviewer reads the license ({found}): {info.note or 'the license file adds terms'}",
            license_evidence(facts),
            fix="Say in the PR which license covers which part, or use one standard license text.",
        )
    if info is None or info.spdx is None:
        why = info.note if info is not None and info.note else "the license could not be identified"
        return unknown(
            why,
            fix="Add a standard license text so it can be recognised, or state it in the entry.",
            evidence=license_evidence(facts),
        )
    allowed = [str(item) for item in params["allowed_licenses"]]
    evidence = license_evidence(facts)
    verdict = license_terms.is_allowed(info.spdx, allowed)
    if verdict is None:
        return unknown(f"the license expression {info.spdx!r} could not be read", evidence=evidence)
    if verdict:
        return Result("pass", f"{info.spdx} is allowed (source: {info.source})", evidence)
    tier = license_terms.tier_of(info.spdx) if info.tier == "unknown" else info.tier
    if tier == "permissive":
        return Result(
            "warn",
            f"{info.spdx} is permissive but not on the allow-list",
            evidence,
            fix=f"A reviewer decides, or the catalog adds {info.spdx} to its allowed licenses.",
        )
    return Result(
        "fail",
        f"{info.spdx} ({tier}) is not an allowed license",
        evidence,
        fix=f"Use one of the allowed licenses: {listing(allowed, 8)}.",
    )


@check("LIC-003", "License matches the entry", FAMILY)
def license_matches_claim(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The license the catalog entry states equals the license found in the repository, compared as
    SPDX expressions (so `MIT OR Apache-2.0` equals `Apache-2.0 OR MIT`, and GitHub's `GPL-3.0` equals
    `GPL-3.0-only`).

    How to fix: change the entry's license to the one the repository has, or fix the repository's
    license file."""
    claimed = facts.claims.get("license")
    if not claimed:
        return Result("skipped", "the entry states no license")
    found = facts.license.spdx if facts.license else None
    evidence = [Evidence("entry states", str(claimed)), *license_evidence(facts)]
    if found is None:
        return unknown("the repository's license could not be identified", evidence=evidence)
    same = license_terms.same_license(str(claimed), found)
    if same is None:
        return unknown(
            f"{claimed!r} is not a readable SPDX expression",
            evidence=evidence,
            fix="Write the entry's license as an SPDX expression, e.g. `BSD-3-Clause`.",
        )
    if same:
        return Result("pass", f"{found} matches the entry", evidence)
    return Result(
        "fail",
        f"entry says {claimed}, repository has {found}",
        evidence,
    )


def dependency_tier(dependency: Dependency) -> str:
    return license_terms.tier_of(dependency.license) if dependency.license else "unknown"


def own_package(facts: RepoFacts, dependency: Dependency) -> bool:
    name = dependency.name.lower()
    return name in (facts.repository.lower(), f"com.github.{facts.repository.lower()}")


@check(
    "LIC-004",
    "Dependency licenses",
    FAMILY,
    defaults={
        "flag_tiers": ["strong-copyleft", "network-copyleft", "not-open-source"],
        "max_named": 5,
    },
)
def dependency_licenses(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """For a permissively licensed project, no dependency in the repository's dependency graph
    (GitHub's SBOM) has a license of a tier in `flag_tiers` (a known copyleft or non-open
    license). Flagged dependencies are named; a reviewer decides whether they matter (an optional
    or test-only dependency may be fine). Dependencies whose license the SBOM does not state are
    only counted, for information: SBOMs often leave it out.

    How to fix: check that the flagged dependencies' licenses are compatible with the project's:
    replace a dependency, make it optional, or explain in the PR why it is fine."""
    project_tier = facts.license.tier if facts.license else "unknown"
    if project_tier != "permissive":
        return Result("skipped", f"applies to permissive projects (this one: {project_tier})")
    if facts.dependencies is None:
        return missing_fact(facts, "dependencies", "the dependency graph (SBOM) could not be read")
    flag = {str(tier) for tier in params["flag_tiers"]}
    dependencies = [d for d in facts.dependencies if not own_package(facts, d)]
    flagged = [(d, dependency_tier(d)) for d in dependencies if dependency_tier(d) in flag]
    unstated = [d for d in dependencies if dependency_tier(d) == "unknown" and "unknown" not in flag]
    note = f"; {plural(len(unstated), 'license')} not known from the SBOM" if unstated else ""
    info = [Evidence("license not known", listing((d.name for d in unstated), int(params["max_named"])))]
    if not flagged:
        return Result(
            "pass",
            f"{plural(len(dependencies), 'dependency', 'dependencies')}, none flagged{note}",
            info if unstated else [],
        )
    limit = int(params["max_named"])
    named = [f"{d.name} ({d.license or 'no license'})" for d, _ in flagged]
    evidence = [
        Evidence(
            f"{tier} dependency",
            f"{d.name} {d.version or ''}".strip() + f": {d.license or 'no license declared'}",
        )
        for d, tier in flagged[:limit]
    ]
    return Result(
        "warn",
        f"{plural(len(flagged), 'dependency', 'dependencies')} to review: {listing(named, limit)}{note}",
        evidence + (info if unstated else []),
    )


CHECKS = (license_file, permissive_license, license_matches_claim, dependency_licenses)
