from bot.criteria.checks.community import bus_factor
from bot.facts.model import CommitAuthor, IssueResponse
from tests.criteria.sample import blob, facts, files, run


def people(*commits, bots=0):
    authors = [CommitAuthor(f"dev{i}", n, False) for i, n in enumerate(commits)]
    return [*authors, CommitAuthor("dependabot[bot]", bots, True)] if bots else authors


def test_active_contributors_excludes_bots_boundary():
    repo = facts(recent_authors=people(5, 3, bots=50))
    assert run("COMM-001", repo, min_contributors=2).status == "pass"
    below = run("COMM-001", repo, min_contributors=3)
    assert below.status == "fail"
    assert below.summary == "2 people committed in the last 365 days (at least 3 expected)"


def test_active_contributors_90_day_window_reads_its_own_fact():
    repo = facts(recent_authors=people(1, 1, 1, 1, 1), recent_authors_90d=people(4, 2))
    result = run("COMM-001", repo, window_days=90, min_contributors=5)
    assert result.status == "fail"
    assert result.summary.startswith("2 people committed in the last 90 days")
    assert run("COMM-001", facts(recent_authors=people(1)), window_days=90).status == "unknown"
    assert run("COMM-001", facts(recent_authors=people(1)), window_days=30).status == "unknown"


def test_bus_factor_is_fewest_authors_with_more_than_half():
    assert bus_factor(people(50, 50)) == (2, 100)  # exactly half is not more than half
    assert bus_factor(people(51, 49)) == (1, 100)
    assert bus_factor(people(30, 30, 20, 20)) == (2, 100)
    assert bus_factor(people(25, 25, 25, 25)) == (3, 100)


def test_bus_factor_check():
    shared = run("COMM-002", facts(recent_authors=people(50, 50, bots=500)))
    assert shared.status == "pass"
    single = run("COMM-002", facts(recent_authors=people(70, 30)))
    assert single.status == "warn"
    assert single.summary == "bus factor 1: dev0 made 70% of 100 commits (at least 2 expected)"
    assert run("COMM-002", facts(recent_authors=people(bots=10))).status == "fail"
    assert run("COMM-002", facts()).status == "unknown"


def test_community_file_in_root_or_github_folder():
    result = run("COMM-003", facts(community_files={"CONTRIBUTING": ".github/CONTRIBUTING.md"}))
    assert result.status == "pass"
    assert result.evidence[0].url == blob(".github/CONTRIBUTING.md")
    assert run("COMM-004", facts(tree=["CODE_OF_CONDUCT.md", "x.py"])).status == "pass"
    assert run("COMM-005", facts(tree=[".github/CODEOWNERS"])).summary == "CODEOWNERS in .github/CODEOWNERS"


def test_community_file_in_a_place_the_policy_does_not_accept_warns():
    result = run("COMM-003", facts(tree=["docs/CONTRIBUTING.rst"]), locations=["."])
    assert result.status == "warn"
    assert result.summary == "CONTRIBUTING in docs/CONTRIBUTING.rst, expected in ."


def test_community_file_missing_or_not_knowable():
    assert run("COMM-006", facts(tree=["README.md"], community_files={})).summary == "no GOVERNANCE file"
    assert run("COMM-007", facts()).status == "unknown"
    # only the root listed: SECURITY.md may still be in .github/
    assert run("COMM-007", facts(root_files=["README.md"])).status == "unknown"


def test_community_file_names_are_exact_kinds():
    assert run("COMM-003", facts(tree=["CONTRIBUTING_GUIDE.md", "CONTRIBUTORS.md"])).status == "fail"


def test_contributing_and_governance_pages_anywhere_in_the_docs():
    result = run("COMM-003", facts(tree=["README.md", "docs/source/thing.contributing.rst"]))
    assert result.status == "pass"
    assert result.summary == "CONTRIBUTING in docs/source/thing.contributing.rst"
    assert run("COMM-003", facts(tree=["docs/en/notes/contribution_guide.md"])).status == "pass"
    assert run("COMM-006", facts(tree=["docs/source/get-started/governance.rst"])).status == "pass"
    # the policy can still refuse the docs folder
    refused = run("COMM-003", facts(tree=["docs/en/notes/contribution_guide.md"]), locations=["."])
    assert refused.status == "warn"


def test_pages_that_are_not_contributing_guides_do_not_count():
    for tree in (
        ["docs/contributors.md", "docs/source/CONTRIBUTORS.rst"],  # lists of people
        ["examples/contributing.md"],  # not in the docs
        ["docs/tutorials/contribute_a_dataset.ipynb"],  # a notebook, not a page
    ):
        assert run("COMM-003", facts(tree=["README.md", *tree])).status == "fail", tree


def readme(text: str):
    return facts(files=files(README_md=text), tree=["README.md", "thing/__init__.py"])


def test_a_readme_section_linking_a_contributing_guide():
    text = (
        "# thing\n\nThing does things.\n\n## 👷 Contributing\n\nWe appreciate all contributions. Please "
        "refer to the [contributing guideline](https://thing.readthedocs.io/en/latest/notes/contribution_guide.html).\n"
    )
    result = run("COMM-003", readme(text))
    assert result.status == "pass"
    assert result.summary == (
        "CONTRIBUTING: README.md section '👷 Contributing' links "
        "https://thing.readthedocs.io/en/latest/notes/contribution_guide.html"
    )
    assert result.evidence[0].url == blob("README.md", 7)


def test_a_readme_section_without_a_guide_warns_and_contributors_is_not_contributing():
    bare = "# thing\n\n## Contributing\n\nPull requests are welcome.\n"
    result = run("COMM-003", readme(bare))
    assert result.status == "warn"
    assert result.summary == "README.md has a section 'Contributing' but no CONTRIBUTING document"
    people_only = "# thing\n\n## Contributors\n\n[![](https://contrib.rocks/x)](https://github.com/o/thing/graphs/contributors)\n"
    assert run("COMM-003", readme(people_only)).status == "fail"


def issues(*pairs):
    return [IssueResponse(i, opened, answered) for i, (opened, answered) in enumerate(pairs)]


def test_first_response_median_boundary():
    sample = issues(
        ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),  # 1 day
        ("2026-11-01T00:00:00Z", "2026-11-15T00:00:00Z"),  # 14 days
        ("2026-11-01T00:00:00Z", "2026-11-21T00:00:00Z"),  # 20 days
    )
    assert run("COMM-008", facts(issue_responses=sample), max_median_days=14).status == "pass"
    slow = run("COMM-008", facts(issue_responses=sample), max_median_days=13)
    assert slow.status == "warn"
    assert slow.summary == "median first response 14.0 days over 3 issues (0 unanswered)"


def test_unanswered_issues_count_with_their_age():
    sample = issues(
        ("2026-11-25T12:00:00Z", None),  # 1 day so far
        ("2026-10-27T12:00:00Z", None),  # 30 days so far
        ("2026-10-27T12:00:00Z", None),
    )
    result = run("COMM-008", facts(issue_responses=sample))
    assert result.status == "warn"
    assert result.summary == "median first response 30.0 days over 3 issues (3 unanswered)"


def test_first_response_too_few_or_unknown():
    few = run("COMM-008", facts(issue_responses=issues(("2026-11-01T00:00:00Z", None))))
    assert few.status == "unknown"
    assert few.summary == "could not check: 1 recent issue, too few to judge (at least 3)"
    assert run("COMM-008", facts()).status == "unknown"


def test_stars_forks_contributors_boundaries():
    assert run("COMM-009", facts(stars=200), min_stars=200).status == "pass"
    low = run("COMM-009", facts(stars=199), min_stars=200)
    assert low.status == "fail"
    assert low.summary == "199 stars (at least 200 expected)"
    assert run("COMM-009", facts(stars=0)).status == "fail"  # zero is a value, not unknown
    assert run("COMM-009", facts()).status == "unknown"
    assert run("COMM-010", facts(forks=10)).status == "pass"
    assert run("COMM-010", facts(forks=9)).status == "fail"
    assert run("COMM-011", facts(contributors=5)).status == "pass"
    assert run("COMM-011", facts(contributors=None)).status == "unknown"


def test_governance_quality_is_manual_with_files_found():
    result = run("COMM-012", facts(tree=["GOVERNANCE.md", ".github/CODEOWNERS"]))
    assert result.status == "manual"
    assert [e.value for e in result.evidence] == ["GOVERNANCE.md", ".github/CODEOWNERS"]
