from datetime import date
from pathlib import Path

import pytest

from bot.policies.loader import PolicyError, bundled_policies, load_policy

CRITERIA_2019 = [
    "well-tested",
    "clear-utility",
    "permissive-licensing",
    "easy-onboarding",
    "ongoing-maintenance",
    "community",
]
CATEGORIES_2019 = [
    "data",
    "performance",
    "core",
    "domain-frameworks",
    "application-platforms",
    "production",
    "visualization",
]


def test_default_policy_has_the_six_criteria_and_seven_categories_in_order():
    policy = load_policy()
    assert policy.name == "pytorch-2019"
    assert [c.id for c in policy.criteria] == CRITERIA_2019
    assert [c.id for c in policy.categories] == CATEGORIES_2019
    assert policy.category("Domain frameworks").label == "category: domain frameworks"
    assert policy.label_for("fail").name == "review: needs work"
    assert policy.label_for("incomplete").name == "review: incomplete"
    assert policy.docs_link("TEST-001").endswith("docs/checks.md#test-001")


def test_tac_policy_has_19_requirements_thresholds_and_rereview():
    policy = load_policy("pytorch-tac-v1")
    assert len(policy.criteria) == 19
    assert policy.spec("MAINT-005").params["min_commits"] == 30
    assert policy.spec("COMM-009").params["min_stars"] == 200
    assert policy.spec("COMM-001").params == {
        "window_days": 90,
        "min_contributors": 5,
        "min_recent_contributors": 0,
    }
    assert policy.spec("COMM-001").severity == "recommended"  # a "should"
    assert policy.spec("LIC-001").params["file_names"] == ["LICENSE", "LICENSE.md"]
    assert (policy.rereview.interval_months, policy.rereview.grace_days) == (6, 30)
    assert "Training / Distributed Training" in policy.category("training").placements


def test_policy_allow_list_reaches_the_license_check():
    policy = load_policy("pytorch-tac-v1")
    assert policy.spec("LIC-002").params["allowed_licenses"] == list(policy.allowed_licenses)


def test_bundled_policies_are_listed():
    assert bundled_policies() == ["pytorch-2019", "pytorch-tac-v1"]


def test_overrides_change_thresholds_severities_licenses_and_labels():
    policy = load_policy(
        "pytorch-2019",
        {
            "checks": {
                "COMM-009": {"severity": "required", "params": {"min_stars": 50}},
                "MAINT-006": {"severity": "off"},
            },
            "allowed_licenses": ["MIT"],
            "labels": {"passed": "ecosystem: ok", "data": "area: data"},
        },
    )
    assert policy.spec("COMM-009").severity == "required"
    assert policy.spec("COMM-009").params["min_stars"] == 50
    assert policy.spec("MAINT-006") is None
    assert policy.spec("LIC-002").params["allowed_licenses"] == ["MIT"]
    assert policy.label_for("passed").name == "ecosystem: ok"
    assert policy.category("data").label == "area: data"
    assert policy.overridden == ("allowed_licenses", "checks", "labels")


def test_waivers_are_parsed_with_dates():
    waiver = {
        "entry": "skorch",
        "check": "COMM-009",
        "reason": "new org",
        "approved_by": "alice",
        "expires": "2027-01-31",
    }
    policy = load_policy("pytorch-2019", {"waivers": [waiver]})
    assert policy.waivers[0].expires == date(2027, 1, 31)
    assert policy.waivers[0].approved_by == "alice"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"checkz": {}},
            "config: checkz: unknown key; expected one of allowed_licenses, checks, labels, waivers",
        ),
        (
            {"checks": {"NOPE-001": {}}},
            "config: checks.NOPE-001: the policy pytorch-2019 has no check 'NOPE-001' (no such check)",
        ),
        (
            {"checks": {"COMM-009": {"severity": "must"}}},
            "config: checks.COMM-009.severity: 'must' is not a severity; use required, recommended, info, off",
        ),
        (
            {"checks": {"COMM-009": {"params": {"min_star": 5}}}},
            "config: checks.COMM-009.params.min_star: COMM-009 has no parameter 'min_star' (parameters: min_stars)",
        ),
        (
            {"checks": {"COMM-009": {"params": {"min_stars": "many"}}}},
            "config: checks.COMM-009.params.min_stars: expected a number, got 'many'",
        ),
        (
            {"checks": {"COMM-009": {"params": {"min_stars": 2.5}}}},
            "config: checks.COMM-009.params.min_stars: expected a whole number, got 2.5",
        ),
        (
            {"checks": {"COMM-009": {"params": {"min_stars": -1}}}},
            "config: checks.COMM-009.params.min_stars: expected a number ≥ 0, got -1",
        ),
        (
            {"checks": {"COMM-009": {"params": {"min_stars": True}}}},
            "config: checks.COMM-009.params.min_stars: expected a number, got True",
        ),
        (
            {"allowed_licenses": ["MIT", "not a license!"]},
            "config: allowed_licenses[1]: 'not a license!' is not an SPDX license id",
        ),
        ({"labels": {"gone": "x"}}, "config: labels.gone: no label 'gone' in policy pytorch-2019"),
        (
            {"labels": {"passed": "x" * 51}},
            "config: labels.passed: label names have at most 50 characters (51 given)",
        ),
        (
            {
                "waivers": [
                    {"entry": "a", "check": "COMM-009", "reason": "r", "approved_by": "b", "expires": "soon"}
                ]
            },
            "config: waivers[0].expires: 'soon' is not a date (YYYY-MM-DD)",
        ),
        (
            {"waivers": [{"entry": "a", "check": "COMM-009", "approved_by": "b", "expires": "2027-01-01"}]},
            "config: waivers[0].reason: expected a non-empty string, got nothing",
        ),
        (
            {
                "waivers": [
                    {
                        "entry": "a",
                        "check": "TEST-999",
                        "reason": "r",
                        "approved_by": "b",
                        "expires": "2027-01-01",
                    }
                ]
            },
            "config: waivers[0].check: the policy pytorch-2019 has no check 'TEST-999'",
        ),
        ({"waivers": {"entry": "a"}}, "config: waivers: expected a list, got dict"),
    ],
)
def test_bad_overrides_name_the_key_and_the_problem(overrides, message):
    with pytest.raises(PolicyError) as raised:
        load_policy("pytorch-2019", overrides)
    assert str(raised.value).startswith(message)


POLICY = """
name: mine
title: Mine
criteria:
  - id: tested
    title: Tested
    checks:
      - {id: TEST-001, severity: required}
"""


def write(tmp_path, text):
    path = tmp_path / "policy.yml"
    path.write_text(text)
    return str(path)


def test_a_policy_file_can_be_loaded_by_path(tmp_path):
    policy = load_policy(write(tmp_path, POLICY))
    assert policy.name == "mine"
    assert [spec.id for _, spec in policy.specs()] == ["TEST-001"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [unclosed", "invalid YAML (line 1)"),
        ("- a list", "(top level): expected a mapping, got list"),
        (POLICY.replace("TEST-001", "TEST-999"), "criteria[0].checks[0].id: unknown check 'TEST-999'"),
        (
            POLICY.replace("required", "mandatory"),
            "criteria[0].checks[0].severity: 'mandatory' is not a severity",
        ),
        (
            POLICY.replace("id: tested", "id: Tested Things"),
            "criteria[0].id: 'Tested Things': use lower-case letters",
        ),
        (POLICY + "      - {id: TEST-001, severity: info}\n", "criteria[].checks: 'TEST-001' appears twice"),
        (POLICY + "colour: red\n", "colour: unknown key"),
        (
            POLICY + "labels:\n  - {id: a, name: b, color: red, description: c}\n",
            "labels[0].color: 'red': expected 6 hex digits",
        ),
        (
            POLICY + "labels:\n  - {id: a, name: b, color: ffffff, description: c, verdicts: [great]}\n",
            "labels[0].verdicts: 'great' is not a verdict",
        ),
        (
            POLICY + "rereview: {interval_months: six, grace_days: 30}\n",
            "rereview.interval_months: expected a whole number",
        ),
        (POLICY.replace("title: Mine\n", ""), "title: expected a non-empty string, got nothing"),
    ],
)
def test_bad_policy_files_name_the_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert str(raised.value).startswith(f"{path}: {message}")


def test_unknown_policy_name_and_missing_file():
    with pytest.raises(
        PolicyError, match="unknown policy 'pytorch-2030': use one of pytorch-2019, pytorch-tac-v1"
    ):
        load_policy("pytorch-2030")
    with pytest.raises(PolicyError, match=r"missing\.yml: cannot read the policy file"):
        load_policy("/nonexistent/missing.yml")


def test_multiple_categories_is_a_policy_flag(tmp_path):
    assert load_policy().multiple_categories is False
    text = tmp_path / "p.yml"
    source = Path("bot/policies/pytorch-2019.yml").read_text(encoding="utf-8")
    text.write_text(source + "multiple_categories: true\n", encoding="utf-8")
    assert load_policy(str(text)).multiple_categories is True
    text.write_text(source + "multiple_categories: sometimes\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="multiple_categories: expected true or false"):
        load_policy(str(text))
