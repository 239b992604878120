from bot.facts.model import Dependency, LicenseFacts
from tests.criteria.sample import blob, facts, run

MIT = LicenseFacts("MIT", "permissive", "github", file="LICENSE")


def test_license_file_present_with_link():
    result = run("LIC-001", facts(root_files=["LICENSE", "README.md"]))
    assert result.status == "pass"
    assert result.evidence[0].url == blob("LICENSE")


def test_license_file_with_a_name_the_policy_does_not_accept_warns():
    result = run("LIC-001", facts(root_files=["LICENSE.txt"]), file_names=["LICENSE", "LICENSE.md"])
    assert result.status == "warn"
    assert result.fix == "Rename LICENSE.txt to LICENSE."


def test_license_file_missing_or_unknown():
    assert run("LIC-001", facts(root_files=["README.md"])).status == "fail"
    assert run("LIC-001", facts()).status == "unknown"
    assert run("LIC-001", facts(license=MIT)).status == "pass"


def test_permissive_license_on_the_allow_list():
    result = run("LIC-002", facts(license=MIT))
    assert result.status == "pass"
    assert result.summary == "MIT is allowed (source: github)"


def test_or_needs_one_allowed_alternative_and_and_needs_all():
    either = LicenseFacts("GPL-3.0-only OR MIT", "permissive", "github")
    assert run("LIC-002", facts(license=either)).status == "pass"
    both = LicenseFacts("MIT AND GPL-3.0-only", "strong-copyleft", "github")
    assert run("LIC-002", facts(license=both)).status == "fail"


def test_permissive_but_not_listed_warns_and_copyleft_fails():
    isc = LicenseFacts("ISC", "permissive", "github")
    assert run("LIC-002", facts(license=isc), allowed_licenses=["MIT"]).status == "warn"
    gpl = run("LIC-002", facts(license=LicenseFacts("GPL-3.0-only", "strong-copyleft", "github")))
    assert gpl.status == "fail"
    assert gpl.summary == "GPL-3.0-only (strong-copyleft) is not an allowed license"
    nc = run("LIC-002", facts(license=LicenseFacts("CC-BY-NC-4.0", "not-open-source", "license-file")))
    assert nc.status == "fail"


def test_unidentified_license_is_unknown_never_a_pass():
    noassertion = LicenseFacts(None, "unknown", "github", note="GitHub reports NOASSERTION")
    result = run("LIC-002", facts(license=noassertion))
    assert result.status == "unknown"
    assert result.summary == "could not check: GitHub reports NOASSERTION"
    assert run("LIC-002", facts()).status == "unknown"


def test_claim_compared_as_spdx_expressions():
    gpl = LicenseFacts("GPL-3.0-only", "strong-copyleft", "github")
    assert run("LIC-003", facts(license=gpl, claims={"license": "GPL-3.0"})).status == "pass"
    dual = LicenseFacts("Apache-2.0 OR MIT", "permissive", "github")
    assert run("LIC-003", facts(license=dual, claims={"license": "MIT OR Apache-2.0"})).status == "pass"
    mismatch = run("LIC-003", facts(license=MIT, claims={"license": "BSD-3-Clause"}))
    assert mismatch.status == "fail"
    assert mismatch.summary == "entry says BSD-3-Clause, repository has MIT"


def test_claim_missing_unreadable_or_license_unknown():
    assert run("LIC-003", facts(license=MIT)).status == "skipped"
    assert run("LIC-003", facts(license=MIT, claims={"license": "MIT!!"})).status == "unknown"
    assert run("LIC-003", facts(claims={"license": "MIT"})).status == "unknown"


def test_copyleft_and_unknown_dependencies_of_a_permissive_project_are_named():
    deps = [
        Dependency("com.github.skorch-dev/skorch", None, "MIT"),
        Dependency("numpy", "2.0", "BSD-3-Clause"),
        Dependency("gpl-thing", "1.0", "GPL-3.0-only"),
        Dependency("mystery", None, None),
        Dependency("lgpl-lib", "1", "LGPL-2.1-only"),
    ]
    result = run("LIC-004", facts(license=MIT, dependencies=deps))
    assert result.status == "warn"
    assert (
        result.summary
        == "1 dependency to review: gpl-thing (GPL-3.0-only); 1 license not known from the SBOM"
    )


def test_a_dependency_without_a_stated_license_is_information_not_a_warning():
    deps = [Dependency("numpy", "2.0", "BSD-3-Clause"), Dependency("mystery", None, None)]
    result = run("LIC-004", facts(license=MIT, dependencies=deps))
    assert (result.status, result.summary) == (
        "pass",
        "2 dependencies, none flagged; 1 license not known from the SBOM",
    )
    assert [(e.label, e.value) for e in result.evidence] == [("license not known", "mystery")]
    # a known non-open license still is a warning, and a policy may still flag unstated licenses
    closed = [
        *deps,
        Dependency("closed-sdk", "1", "LicenseRef-Proprietary"),
        Dependency("nc", "1", "CC-BY-NC-4.0"),
    ]
    assert run("LIC-004", facts(license=MIT, dependencies=closed)).summary.startswith(
        "1 dependency to review: nc"
    )
    strict = run("LIC-004", facts(license=MIT, dependencies=deps), flag_tiers=["unknown"])
    assert strict.status == "warn"


def test_dependencies_all_permissive_pass_and_unknowns():
    deps = [Dependency("numpy", "2.0", "BSD-3-Clause")]
    assert run("LIC-004", facts(license=MIT, dependencies=deps)).status == "pass"
    assert run("LIC-004", facts(license=MIT)).status == "unknown"
    copyleft_project = LicenseFacts("GPL-3.0-only", "strong-copyleft", "github")
    assert run("LIC-004", facts(license=copyleft_project, dependencies=deps)).status == "skipped"


def test_weak_copyleft_can_be_flagged_by_policy():
    deps = [Dependency("lgpl-lib", "1", "LGPL-2.1-only")]
    result = run("LIC-004", facts(license=MIT, dependencies=deps), flag_tiers=["weak-copyleft"])
    assert result.status == "warn"
