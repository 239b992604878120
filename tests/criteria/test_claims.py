"""ENTRY-* checks: the entry's claims against the facts (pure: facts are built by hand)."""

from __future__ import annotations

from typing import Any

from bot.criteria.claims import (
    CHECKS,
    documentation_answers,
    homepage_answers,
    maintainers_have_a_role,
    tutorials_answer,
)
from bot.facts.model import CommitAuthor, FileText, LinkCheck, RepoFacts


def facts(claims: dict[str, Any], links: dict[str, LinkCheck] | None = None, **kwargs: Any) -> RepoFacts:
    return RepoFacts(
        repository="o/r",
        url="https://github.com/o/r",
        now="2026-11-26T12:00:00Z",
        claims=claims,
        links=links or {},
        **kwargs,
    )


def run(check: Any, f: RepoFacts) -> tuple[str, str]:
    result = check.evaluate(f, check.defaults)
    return result.status, result.summary


def test_ids_are_stable_and_documented() -> None:
    assert [c.id for c in CHECKS] == ["ENTRY-001", "ENTRY-002", "ENTRY-003", "ENTRY-004"]
    assert all(c.explanation for c in CHECKS)


def test_homepage_that_answers_passes() -> None:
    url = "https://skorch.dev"
    f = facts({"homepage": url}, {url: LinkCheck(url, True, 200, "answered 200")})
    assert run(homepage_answers, f) == ("pass", "homepage answers: https://skorch.dev")


def test_homepage_that_is_gone_fails_with_the_reason() -> None:
    url = "https://skorch.dev/old"
    f = facts({"homepage": url}, {url: LinkCheck(url, False, 404, "answered 404: the page does not exist")})
    status, summary = run(homepage_answers, f)
    assert status == "fail"
    assert (
        summary == "homepage does not answer: https://skorch.dev/old (answered 404: the page does not exist)"
    )


def test_a_refused_or_unchecked_link_is_unknown_never_a_failure() -> None:
    url = "http://10.0.0.1/docs"
    refused = LinkCheck(url, None, None, "refused: 10.0.0.1 is a private address")
    assert run(documentation_answers, facts({"documentation": url}, {url: refused}))[0] == "unknown"
    assert run(documentation_answers, facts({"documentation": url}))[1] == (
        f"could not check: whether the documentation answers: {url} (not checked)"
    )


def test_no_claim_is_skipped() -> None:
    assert run(homepage_answers, facts({})) == ("skipped", "the entry claims no homepage")


def test_one_broken_tutorial_fails_the_tutorials() -> None:
    ok, gone = "https://a.dev/t1", "https://a.dev/t2"
    links = {ok: LinkCheck(ok, True, 200), gone: LinkCheck(gone, False, 410, "answered 410")}
    status, summary = run(tutorials_answer, facts({"tutorials": [ok, gone]}, links))
    assert (status, summary) == ("fail", "tutorial does not answer: https://a.dev/t2 (answered 410)")


def test_maintainers_found_among_recent_commit_authors_pass() -> None:
    authors = [CommitAuthor("BenjaminBossan", 40, False), CommitAuthor("ottonemo", 3, False)]
    f = facts({"maintainers": ["benjaminbossan", "@ottonemo"]}, recent_authors=authors)
    assert run(maintainers_have_a_role, f) == (
        "pass",
        "all 2 maintainer(s) commit to or own code in the repository",
    )


def test_a_maintainer_in_codeowners_counts() -> None:
    owners = FileText(".github/CODEOWNERS", "* @core-dev @org/team  # team is not a login\n")
    f = facts({"maintainers": ["core-dev"]}, recent_authors=[], files={".github/CODEOWNERS": owners})
    assert run(maintainers_have_a_role, f)[0] == "pass"


def test_a_maintainer_not_seen_is_left_to_a_reviewer() -> None:
    authors = [CommitAuthor("alice", 12, False), CommitAuthor("dependabot[bot]", 9, True)]
    f = facts({"maintainers": ["alice", "dependabot", "mallory"]}, recent_authors=authors)
    status, summary = run(maintainers_have_a_role, f)
    assert status == "manual"
    assert summary.startswith(
        "dependabot, mallory did not commit in the last 12 months and are not in CODEOWNERS"
    )


def test_maintainers_are_unknown_without_authors_or_codeowners() -> None:
    assert run(maintainers_have_a_role, facts({"maintainers": ["alice"]}))[0] == "unknown"
