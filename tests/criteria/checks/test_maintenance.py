from bot.facts.model import PackageFacts, Release
from tests.criteria.sample import facts, run


def test_archived_disabled_or_not():
    assert run("MAINT-001", facts(archived=False)).status == "pass"
    assert run("MAINT-001", facts(archived=True)).summary == "the repository is archived"
    assert run("MAINT-001", facts(archived=False, disabled=True)).status == "fail"
    assert run("MAINT-001", facts()).status == "unknown"


def test_recent_commit_boundaries():
    # now is 2026-11-26T12:00Z
    assert (
        run("MAINT-002", facts(head_committed_at="2026-08-28T12:00:00Z")).status == "pass"
    )  # exactly 90 days
    assert run("MAINT-002", facts(head_committed_at="2026-08-27T12:00:00Z")).status == "warn"  # 91 days
    assert run("MAINT-002", facts(head_committed_at="2026-05-30T12:00:00Z")).status == "warn"  # 180 days
    late = run("MAINT-002", facts(head_committed_at="2026-05-29T12:00:00Z"))  # 181 days
    assert late.status == "fail"
    assert late.summary == "last commit 6 months ago"
    assert run("MAINT-002", facts()).status == "unknown"


def test_recent_release_from_github_or_pypi():
    releases = [Release("v1.4.0", "2026-09-26T00:00:00Z")]
    result = run("MAINT-003", facts(releases=releases))
    assert result.status == "pass"
    assert result.summary == "last release v1.4.0, 2 months ago"
    assert result.evidence[0].url == "https://github.com/skorch-dev/skorch/releases/tag/v1.4.0"
    pypi = PackageFacts("pypi", "skorch", True, version="1.5", last_upload="2026-11-20T00:00:00Z")
    newer = run("MAINT-003", facts(releases=releases, pypi=pypi))
    assert newer.summary == "last release skorch 1.5 on PyPI, 6 days ago"


def test_recent_release_boundary_and_old():
    on_time = facts(releases=[Release("v1", "2025-11-26T12:00:00Z")])  # exactly 365 days
    assert run("MAINT-003", on_time).status == "pass"
    old = facts(releases=[Release("v1", "2025-11-25T12:00:00Z")])
    assert run("MAINT-003", old).status == "warn"


def test_no_release_fails_and_unknown_sources():
    none = run("MAINT-003", facts(releases=[], tag_count=3))
    assert none.status == "fail"
    assert none.summary == "no release found; 3 tags, undated"
    assert run("MAINT-003", facts()).status == "unknown"
    assert run("MAINT-003", facts(releases=None, pypi=PackageFacts("pypi", "x", False))).status == "unknown"


def test_old_enough_boundary():
    assert run("MAINT-004", facts(created_at="2026-08-28T12:00:00Z")).status == "pass"  # 90 days
    young = run("MAINT-004", facts(created_at="2026-08-29T12:00:00Z"))
    assert young.status == "fail"
    assert young.summary == "created 89 days ago (at least 90 expected)"
    assert run("MAINT-004", facts(created_at="2025-11-26T12:00:00Z"), min_age_days=365).status == "pass"
    assert run("MAINT-004", facts()).status == "unknown"


def test_commits_in_90_days_boundary():
    assert run("MAINT-005", facts(commits_90d=30), min_commits=30).status == "pass"
    below = run("MAINT-005", facts(commits_90d=29), min_commits=30)
    assert below.status == "fail"
    assert below.summary == "29 commits in the last 90 days (at least 30 expected)"
    assert run("MAINT-005", facts(commits_90d=0)).status == "fail"
    assert run("MAINT-005", facts()).status == "unknown"


def test_fork():
    assert run("MAINT-006", facts(fork=False)).status == "pass"
    assert run("MAINT-006", facts(fork=True)).status == "warn"
    assert run("MAINT-006", facts()).status == "unknown"


def test_archived_flag_a_checkout_cannot_have_is_skipped_not_unknown():
    offline = facts(not_provided={"archived": "not checked offline: GitHub data (the archived flag)"})
    result = run("MAINT-001", offline)
    assert (result.status, result.summary) == (
        "skipped",
        "not checked offline: GitHub data (the archived flag)",
    )
    # the same fact missing because GitHub did not answer stays unknown: never a pass
    assert run("MAINT-001", facts(archived=None)).status == "unknown"


def test_recent_commit_or_release_boundaries():
    # now is 2026-11-26T12:00Z
    def activity(commit: str, **more: object) -> tuple[str, str]:
        result = run("MAINT-007", facts(head_committed_at=commit, releases=[], **more))
        return result.status, result.summary

    assert activity("2025-11-26T12:00:00Z") == ("pass", "latest commit 12 months ago")  # exactly 365 days
    assert activity("2025-11-25T12:00:00Z")[0] == "warn"  # 366 days
    assert activity("2024-11-26T12:00:00Z")[0] == "warn"  # exactly 730 days
    assert activity("2024-10-26T12:00:00Z") == (
        "fail",
        "latest commit 2 years ago",
    )  # 25 months: nothing since


def test_a_release_keeps_a_quiet_branch_maintained():
    quiet = "2024-06-01T00:00:00Z"  # 30 months without a commit
    twice_a_year = [Release("v2.1", "2026-06-01T00:00:00Z"), Release("v2.0", "2025-12-01T00:00:00Z")]
    result = run("MAINT-007", facts(head_committed_at=quiet, releases=twice_a_year))
    assert (result.status, result.summary) == ("pass", "latest release v2.1 5 months ago")
    pypi = PackageFacts("pypi", "skorch", True, version="2.0", last_upload="2025-06-01T00:00:00Z")
    assert run("MAINT-007", facts(head_committed_at=quiet, releases=[], pypi=pypi)).status == "warn"


def test_activity_unknown_only_when_a_newer_date_could_exist():
    old = "2024-06-01T00:00:00Z"
    unread = PackageFacts("pypi", "skorch", None, error="PyPI did not answer")
    assert run("MAINT-007", facts(head_committed_at=old, releases=[], pypi=unread)).status == "unknown"
    assert run("MAINT-007", facts(head_committed_at="2026-11-01T00:00:00Z", releases=None)).status == "pass"
    assert run("MAINT-007", facts()).status == "unknown"


def test_a_checkout_behind_its_released_project_says_so():
    pypi = PackageFacts("pypi", "skorch", True, version="3.0", last_upload="2026-11-20T00:00:00Z")
    checkout = facts(
        head_committed_at="2026-10-01T00:00:00Z", releases=[], pypi=pypi, sources={"head_sha": "git"}
    )
    notes = [e.value for e in run("MAINT-007", checkout).evidence if e.label == "note"]
    assert notes == ["the checkout is behind: skorch 3.0 was uploaded to PyPI 50 days after its HEAD commit "
                     "and is not among its tags; fetch the default branch"]  # fmt: skip
    on_github = facts(head_committed_at="2026-10-01T00:00:00Z", releases=[], pypi=pypi)
    assert [e for e in run("MAINT-007", on_github).evidence if e.label == "note"] == []
    tagged = facts(
        head_committed_at="2026-10-01T00:00:00Z", releases=[Release("v3.0", "2026-10-01T00:00:00Z")],
        pypi=pypi, sources={"head_sha": "git"},
    )  # fmt: skip
    assert [e for e in run("MAINT-007", tagged).evidence if e.label == "note"] == []
