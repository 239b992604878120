import json
from datetime import date

from bot.catalog.entry import Problem
from bot.facts.model import CommitAuthor, FileText, LicenseFacts, PackageFacts, RepoFacts
from bot.policies.loader import load_policy
from bot.policies.model import Waiver
from bot.verdicts import evaluate_entry

NOW = "2026-11-26T12:00:00Z"
README = (
    "# skorch\n\nskorch is a scikit-learn compatible neural network library that wraps PyTorch. It lets you "
    "train models with fit and predict and use them in grid searches and pipelines.\n\n## Install\n\n"
    "```bash\npip install skorch\n```\n\n## Usage\n\n```python\nimport skorch\n```\n"
)
WORKFLOW = "on: [push, pull_request]\njobs:\n  test:\n    steps:\n      - run: pytest\n"


def healthy(**changes) -> RepoFacts:
    """A project that meets every required and recommended check of pytorch-2019."""
    facts = RepoFacts(
        repository="skorch-dev/skorch",
        url="https://github.com/skorch-dev/skorch",
        now=NOW,
        head_sha="5db0ddc",
        archived=False,
        fork=False,
        created_at="2017-07-01T00:00:00Z",
        description="scikit-learn compatible neural network library that wraps PyTorch",
        topics=["pytorch"],
        stars=5000,
        forks=300,
        contributors=60,
        head_committed_at="2026-11-14T00:00:00Z",
        head_ci_state="SUCCESS",
        commits_90d=40,
        recent_authors=[CommitAuthor("a", 50, False), CommitAuthor("b", 50, False), CommitAuthor("bot[bot]", 99, True)],
        root_files=["README.md", "LICENSE", "setup.py", "docs", "notebooks", "tests", "CONTRIBUTING.md"],
        tree=["README.md", "LICENSE", "CONTRIBUTING.md", "tests/test_net.py", "notebooks/Basic_Usage.ipynb"],
        community_files={"README": "README.md", "CONTRIBUTING": "CONTRIBUTING.md"},
        workflows={".github/workflows/testing.yml": WORKFLOW},
        files={"README.md": FileText("README.md", README), "setup.py": FileText("setup.py", "install_requires=['torch>=2']\n")},
        license=LicenseFacts("BSD-3-Clause", "permissive", "github", file="LICENSE"),
        claims={"license": "BSD-3-Clause"},
        dependencies=[],
        releases=[],
        pypi=PackageFacts(
            "pypi", "skorch", True, url="https://pypi.org/project/skorch/", version="1.0",
            last_upload="2026-09-01T00:00:00Z", has_wheel=True,
            project_urls={"Source": "https://github.com/skorch-dev/skorch"},
        ),
    )  # fmt: skip
    for key, value in changes.items():
        setattr(facts, key, value)
    return facts


def outcome(verdict, check_id):
    return next(o for o in verdict.checks if o.check_id == check_id)


def test_a_healthy_project_passes_and_is_plain_json():
    verdict = evaluate_entry(load_policy(), healthy(), [], "skorch")
    assert verdict.verdict == "passed", [(o.check_id, o.result.summary) for o in verdict.to_fix()]
    assert verdict.reason == "all required and recommended checks pass; 1 check for a reviewer"
    assert [c.id for c in verdict.criteria] == [
        "well-tested", "clear-utility", "permissive-licensing", "easy-onboarding", "ongoing-maintenance", "community",
    ]  # fmt: skip
    assert verdict.criteria[0].status == "pass"
    assert verdict.license == {"spdx": "BSD-3-Clause", "tier": "permissive", "source": "github"}
    assert outcome(verdict, "LIC-003").docs_url.endswith("docs/checks.md#lic-003")
    assert json.loads(json.dumps(verdict.to_json()))["verdict"] == "passed"


def test_a_failing_required_check_fails_the_entry_and_its_criterion():
    verdict = evaluate_entry(load_policy(), healthy(claims={"license": "MIT"}), [], "skorch")
    assert verdict.verdict == "fail"
    assert verdict.reason == "1 required check fails: LIC-003"
    licensing = next(c for c in verdict.criteria if c.id == "permissive-licensing")
    assert licensing.status == "fail"
    assert licensing.summary == "entry says MIT, repository has BSD-3-Clause"


def test_an_unknown_required_check_makes_the_entry_incomplete():
    verdict = evaluate_entry(load_policy(), healthy(archived=None), [], "skorch")
    assert verdict.verdict == "incomplete"
    assert verdict.reason == "1 required check could not be checked: MAINT-001"
    maintenance = next(c for c in verdict.criteria if c.id == "ongoing-maintenance")
    assert maintenance.status == "unknown"


def test_failure_wins_over_unknown():
    verdict = evaluate_entry(load_policy(), healthy(archived=None, claims={"license": "MIT"}), [], "skorch")
    assert verdict.verdict == "fail"


def test_recommended_failure_or_required_warning_needs_work():
    recommended = evaluate_entry(load_policy(), healthy(stars=10), [], "skorch")
    assert recommended.verdict == "needs-work"
    assert recommended.reason == "1 check to fix: COMM-009"
    community = next(c for c in recommended.criteria if c.id == "community")
    assert community.status == "warn"
    assert [o.check_id for o in recommended.to_fix()] == ["COMM-009"]
    quiet = healthy(head_committed_at="2025-06-01T00:00:00Z")  # 18 months; PyPI's last upload is newer
    assert evaluate_entry(load_policy(), quiet, [], "skorch").verdict == "passed"
    assert quiet.pypi is not None
    quiet.pypi.last_upload = "2025-07-01T00:00:00Z"
    required_warn = evaluate_entry(load_policy(), quiet, [], "skorch")
    assert required_warn.verdict == "needs-work"
    assert required_warn.reason == "1 check to fix: MAINT-007"


def test_info_checks_never_change_the_verdict():
    verdict = evaluate_entry(load_policy(), healthy(forks=0), [], "skorch")
    assert outcome(verdict, "COMM-010").result.status == "fail"
    assert verdict.verdict == "passed"


def test_entry_errors_make_it_invalid_and_checks_still_run():
    problem = Problem("catalog/skorch.yml", 3, 7, "repository", "not a GitHub repository URL")
    verdict = evaluate_entry(load_policy(), healthy(), [problem], "skorch")
    assert verdict.verdict == "invalid"
    assert verdict.reason == "the entry has 1 error: not a GitHub repository URL"
    assert outcome(verdict, "TEST-001").result.status == "pass"
    assert verdict.problems == [problem]


def test_invalid_entry_without_facts_skips_checks_and_warnings_alone_do_not_invalidate():
    problem = Problem("catalog/x.yml", 1, 1, "name", "missing")
    verdict = evaluate_entry(load_policy(), None, [problem], "x")
    assert verdict.verdict == "invalid"
    assert {o.result.status for o in verdict.checks} == {"skipped"}
    warning = Problem("catalog/x.yml", 1, 1, "description", "short", severity="warning")
    assert evaluate_entry(load_policy(), healthy(), [warning], "x").verdict == "passed"


def test_unavailable_repository_is_unknown_everywhere_never_fail():
    gone = RepoFacts(
        "gone/repo", "https://github.com/gone/repo", NOW, available=False, error="repository not found"
    )
    verdict = evaluate_entry(load_policy(), gone, [], "gone")
    assert verdict.verdict == "incomplete"
    assert {o.result.status for o in verdict.checks} == {"unknown"}
    assert outcome(verdict, "TEST-001").result.summary == "could not check: repository not found"


def test_checks_whose_requirement_did_not_pass_are_skipped_with_the_reason():
    verdict = evaluate_entry(
        load_policy(), healthy(workflows={}, root_files=["README.md"], tree=["README.md"]), [], "skorch"
    )
    assert outcome(verdict, "TEST-001").result.status == "fail"
    skipped = outcome(verdict, "TEST-002").result
    assert skipped.status == "skipped"
    assert skipped.summary == "skipped: needs TEST-001 (CI configured), which did not pass"


def test_a_crashing_check_is_unknown_not_a_traceback():
    broken = healthy(topics=[None])  # a malformed fact: listing() cannot join None
    verdict = evaluate_entry(load_policy(), broken, [], "skorch")
    result = outcome(verdict, "UTIL-005").result
    assert result.status == "unknown"
    assert result.summary.startswith("could not check: UTIL-005 failed on these facts (TypeError")


def waiver(expires: date, check="COMM-009", entry="skorch") -> Waiver:
    return Waiver(entry, check, "young project with a large user base", "alice", expires)


def test_an_active_waiver_turns_the_failure_into_a_pass_that_says_so():
    policy = load_policy()
    policy = type(policy)(
        **{**policy.__dict__, "waivers": (waiver(date(2026, 11, 26)),)}
    )  # expires today: active
    verdict = evaluate_entry(policy, healthy(stars=10), [], "skorch")
    waived = outcome(verdict, "COMM-009")
    assert verdict.verdict == "passed"
    assert waived.result.status == "pass"
    assert waived.waived == "young project with a large user base"
    assert waived.result.summary == (
        "waived (approved by alice, until 2026-11-26): young project with a large user base — "
        "found: 10 stars (at least 100 expected)"
    )


def test_an_expired_waiver_stops_applying_and_says_so():
    policy = load_policy()
    policy = type(policy)(**{**policy.__dict__, "waivers": (waiver(date(2026, 11, 25)),)})
    verdict = evaluate_entry(policy, healthy(stars=10), [], "skorch")
    expired = outcome(verdict, "COMM-009")
    assert verdict.verdict == "needs-work"
    assert expired.result.status == "fail"
    assert expired.waived is None
    assert expired.waiver_note == "waiver approved by alice expired on 2026-11-25; no longer applies"


def test_waivers_match_by_repository_and_only_their_check():
    policy = load_policy(
        "pytorch-2019",
        {"waivers": [{"entry": "Skorch-Dev/skorch", "check": "COMM-009", "reason": "r", "approved_by": "bob",
                      "expires": "2030-01-01"}]},
    )  # fmt: skip
    verdict = evaluate_entry(policy, healthy(stars=10, forks=0), [], "some name")
    assert outcome(verdict, "COMM-009").waived == "r"
    assert outcome(verdict, "COMM-010").waived is None
    other = evaluate_entry(policy, healthy(repository="other/repo", stars=10), [], "other")
    assert outcome(other, "COMM-009").result.status == "fail"


def test_an_unneeded_waiver_is_noted():
    policy = load_policy()
    policy = type(policy)(**{**policy.__dict__, "waivers": (waiver(date(2030, 1, 1)),)})
    verdict = evaluate_entry(policy, healthy(), [], "skorch")
    assert (
        outcome(verdict, "COMM-009").waiver_note == "waiver approved by alice not needed: the check is pass"
    )


def test_docs_base_url_parameter():
    verdict = evaluate_entry(
        load_policy(), healthy(), [], "skorch", docs_base_url="https://example.org/checks.html"
    )
    assert outcome(verdict, "TEST-001").docs_url == "https://example.org/checks.html#test-001"


def test_manual_criterion_and_tac_policy_runs():
    verdict = evaluate_entry(load_policy("pytorch-tac-v1"), healthy(), [], "skorch")
    pytorch = next(c for c in verdict.criteria if c.id == "pytorch-support")
    assert pytorch.status == "manual"
    assert len(verdict.criteria) == 19
    assert verdict.verdict == "fail"  # 40 commits ≥ 30, but no GOVERNANCE, CODEOWNERS, CODE_OF_CONDUCT …
    assert "COMM-006" in verdict.reason


def test_facts_the_source_cannot_provide_are_skipped_and_the_verdict_says_so():
    offline = {
        "archived": "not checked offline: GitHub data (the archived flag)",
        "stars": "not checked offline: GitHub data (the number of stars)",
    }
    verdict = evaluate_entry(
        load_policy(), healthy(archived=None, stars=None, not_provided=offline), [], "skorch"
    )
    assert outcome(verdict, "MAINT-001").result.status == "skipped"
    assert next(c for c in verdict.criteria if c.id == "ongoing-maintenance").status == "pass"
    assert verdict.verdict == "passed"
    assert verdict.reason.endswith("; 2 checks not checked offline")
