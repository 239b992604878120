"""Facts from GitHub, gathered over real HTTP from the simulator: values, request counts, failures."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.facts.github import gather_github
from bot.github import GitHubClient
from bot.simulator import Simulator
from tests.simulated import fresh_client, module_simulator

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

WORKFLOW = (
    "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
)

WORLD: dict[str, Any] = {
    "now": "2026-01-15T12:00:00Z",
    "users": [
        {"login": "github-actions[bot]", "type": "Bot"},
        {"login": "stale[bot]", "type": "Bot"},
        {"login": "ada"},
        {"login": "bob"},
        {"login": "zed"},
        {"login": "kim20240101"},
    ],
    "tokens": {"bot-token": "github-actions[bot]"},
    "repositories": [
        {
            "name": "acme/project",
            "description": "Widgets for PyTorch",
            "homepage": "https://project.example.org",
            "topics": ["pytorch"],
            "license": "MIT",
            "stars": 250,
            "forks": 12,
            "ci": "failure",
            "created_at": "now-800d",
            "contributors": 7,
            "anonymous_contributors": 2,
            "commits": [
                {
                    "date": "now-400d",
                    "author": "ada",
                    "files": {
                        "README.md": "# project\n\npip install project\n",
                        "LICENSE": "MIT License\n",
                        "pyproject.toml": '[project]\nname = "project"\n',
                        ".github/workflows/tests.yml": WORKFLOW,
                        ".github/CODEOWNERS": "* @ada\n",
                        "docs/CONTRIBUTING.md": "Send PRs.\n",
                        "tests/test_x.py": "def test_x(): pass\n",
                        "notebooks/intro.ipynb": "{}\n",
                        "conda/meta.yaml": "package:\n  name: project-conda\n",
                    },
                },
                {"date": "now-200d", "author": "ada"},
                {"date": "now-100d", "author": "bob"},
                {"date": "now-30d", "author": "ada"},
                {
                    "date": "now-10d",
                    "author": {
                        "login": None,
                        "name": "dependabot[bot]",
                        "email": "49699333+dependabot[bot]@users.noreply.github.com",
                    },
                },
                {"date": "now-5d", "author": {"login": None, "name": "Yann", "email": "yann@example.com"}},
            ],
            "releases": [{"tag": "v1.0.0", "published_at": "now-20d"}],
            "issues": [
                {
                    "title": "Crash",
                    "author": "zed",
                    "created_at": "now-10d",
                    "comments": [
                        {"author": "stale[bot]", "created_at": "now-9d", "body": "Thanks!"},
                        {"author": "zed", "created_at": "now-8d", "body": "More details"},
                        {"author": "ada", "created_at": "now-7d", "body": "Fixed"},
                    ],
                },
                {"title": "Unanswered", "author": "zed", "created_at": "now-2d"},
            ],
            "sbom": {
                "packages": [
                    {"name": "torch", "version": "2.5.1", "license": "BSD-3-Clause"},
                    {"name": "gpl-thing", "version": "1.0", "license": "GPL-3.0-only"},
                    {"name": "mystery", "version": None, "license": None},
                ]
            },
        },
        {
            "name": "acme/renamed",
            "renamed_from": ["acme/old-name"],
            "license": "NOASSERTION",
            "commits": [{"date": "now-3d", "author": "ada", "files": {"README.md": "# renamed\n"}}],
        },
        {
            "name": "acme/exported",
            "commits": [
                {
                    "date": f"now-{days}d",
                    "author": {"login": None, "name": name, "email": f"{name}@corp.example"},
                    "committer": {
                        "login": None,
                        "name": "sync-bot[bot]",
                        "email": "9+sync-bot[bot]@users.noreply.github.com",
                    },
                }
                for days, name in (
                    (40, "generatedunixname89002005307016"),
                    (20, "generatedunixname1431085361989520"),
                )
            ]
            + [
                {
                    "date": "now-10d",
                    "author": {"login": None, "name": "Pat Snape", "email": "pat@corp.example"},
                    "committer": {
                        "login": None,
                        "name": "sync-bot[bot]",
                        "email": "9+sync-bot[bot]@users.noreply.github.com",
                    },
                },
                {
                    "date": "now-5d",
                    "author": "kim20240101",
                    "committer": {
                        "login": None,
                        "name": "sync-bot[bot]",
                        "email": "9+sync-bot[bot]@users.noreply.github.com",
                    },
                },
                {
                    "date": "now-3d",
                    "author": {"login": None, "name": "generatedunixname77", "email": "g@corp.example"},
                },
            ],
        },
        {"name": "acme/secret", "private": True, "commits": [{"author": "ada", "files": {"a": "b"}}]},
        {
            "name": "acme/layout",
            "commits": [
                {
                    "author": "ada",
                    "files": {
                        "requirements.txt": "numpy\n",
                        "environment.yml": "dependencies:\n  - pytorch\n",
                        ".travis.yml": "script: pytest\n",
                        ".circleci/config.yml": "jobs: {}\n",
                        ".circleci/run.sh": "echo\n",
                        "requirements/base.txt": "torch>=2.0\n",
                        ".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps: []\n",
                        ".github/actions/setup/install.sh": "pip install .\n",
                        "docs/requirements.txt": "sphinx\n",
                    },
                }
            ],
        },
    ],
}


sim = module_simulator(WORLD)


@pytest.fixture
def client(sim: Simulator) -> GitHubClient:
    return fresh_client(sim)


def routes(sim: Simulator) -> Counter[str]:
    return Counter(record.route for record in sim.requests)


def test_one_repository_costs_one_graphql_request_and_three_rest(
    sim: Simulator, client: GitHubClient
) -> None:
    facts = gather_github(client, "acme/project", NOW)
    assert facts.available and facts.error is None
    assert routes(sim) == Counter(
        {
            "POST /graphql": 1,
            "GET /repos/{owner}/{repo}/contributors": 1,
            "GET /repos/{owner}/{repo}/git/trees/{sha}": 1,
            "GET /repos/{owner}/{repo}/dependency-graph/sbom": 1,
        }
    )
    graphql_costs = [r.graphql_cost for r in sim.requests if r.route == "POST /graphql"]
    assert graphql_costs == [1]


def test_only_the_rest_reads_asked_for_are_sent(sim: Simulator, client: GitHubClient) -> None:
    facts = gather_github(client, "acme/project", NOW, rest={"tree"})
    assert routes(sim) == Counter({"POST /graphql": 1, "GET /repos/{owner}/{repo}/git/trees/{sha}": 1})
    assert facts.tree and facts.error is None
    assert (facts.contributors, facts.dependencies) == (None, None)  # not read: unknown, never zero


SBOM, TREE = "GET /repos/{owner}/{repo}/dependency-graph/sbom", "GET /repos/{owner}/{repo}/git/trees/{sha}"


def test_with_one_lane_the_graphql_request_goes_first_and_the_files_are_handed_over_before_the_rest(
    sim: Simulator, client: GitHubClient
) -> None:
    """One kept-alive connection (a review of one entry): the GraphQL answer, which holds the files
    the package names are read from, must not wait behind the REST reads."""
    client.lanes.resize(1)
    handed: list[tuple[float, bool]] = []
    for _ in range(5):  # thread scheduling decided the order before: once is not proof
        sim.clear_requests()
        handed.clear()
        facts = gather_github(
            client, "acme/project", NOW, files_read=lambda f: handed.append((time.time(), f.tree is None))
        )
        assert facts.tree is not None and facts.dependencies is not None
        first = min(sim.requests, key=lambda r: r.received_at)
        assert first.route == "POST /graphql"
        assert len(handed) == 1 and handed[0][1]  # called once, before the tree was applied
        rest_answered = max(r.received_at + r.latency_s for r in sim.requests if r.route in (SBOM, TREE))
        assert handed[0][0] < rest_answered


def test_with_lanes_to_spare_the_rest_reads_do_not_wait_for_graphql(
    sim: Simulator, client: GitHubClient
) -> None:
    sim.set_latency(0.3, "POST /graphql")
    try:
        gather_github(client, "acme/project", NOW)
    finally:
        sim.set_latency(0.0, "POST /graphql")
    graphql = next(r for r in sim.requests if r.route == "POST /graphql")
    tree = next(r for r in sim.requests if r.route == TREE)
    assert tree.received_at < graphql.received_at + 0.2  # in flight together


def test_a_policy_without_the_checks_that_read_them_skips_contributors_and_sbom(tmp_path) -> None:
    from bot.policies.loader import load_policy
    from bot.review import rest_facts_for

    # The bundled policies leave out COMM-011 (all-time contributors, info only): no contributors read.
    assert rest_facts_for(load_policy("pytorch-2019")) == {"tree", "sbom"}
    assert rest_facts_for(load_policy("pytorch-tac-v1")) == {"tree", "sbom"}
    assert rest_facts_for(load_policy("pytorch-2019", {"checks": {"LIC-004": {"severity": "off"}}})) == {
        "tree"
    }
    # A catalog's own policy that lists COMM-011 gets the contributors read.
    text = (Path(__file__).parents[2] / "bot/policies/pytorch-2019.yml").read_text(encoding="utf-8")
    listed = text.replace(
        "      - {id: COMM-010,", "      - {id: COMM-011, severity: info}\n      - {id: COMM-010,", 1
    )
    assert listed != text
    own = tmp_path / "policy.yml"
    own.write_text(listed, encoding="utf-8")
    assert rest_facts_for(load_policy(str(own))) == {"tree", "contributors", "sbom"}


def test_repository_facts(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/project", NOW)
    assert (facts.stars, facts.forks, facts.archived, facts.fork) == (250, 12, False, False)
    assert (facts.description, facts.homepage, facts.topics) == (
        "Widgets for PyTorch",
        "https://project.example.org",
        ["pytorch"],
    )
    assert facts.github_license == "MIT"
    assert facts.head_ci_state == "FAILURE"
    assert (facts.commits_90d, facts.commits_365d) == (3, 5)
    assert facts.contributors == 9  # 7 people + 2 anonymous, from the Link header's last page
    assert [(r.tag, r.prerelease) for r in facts.releases or []] == [("v1.0.0", False)]
    assert (facts.open_issues, facts.closed_issues, facts.open_pull_requests) == (2, 0, 0)


def test_humans_are_told_apart_from_bots(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/project", NOW)
    authors = {a.key: (a.commits, a.is_bot) for a in facts.recent_authors or []}
    assert authors == {
        "ada": (2, False),
        "bob": (1, False),
        "dependabot[bot]": (1, True),
        "yann@example.com": (1, False),
    }
    assert {a.key for a in facts.recent_authors_90d or []} == {
        "ada",
        "dependabot[bot]",
        "yann@example.com",
    }


def test_generated_identities_committed_by_a_bot_are_not_people(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/exported", NOW)
    authors = {a.key: a.is_bot for a in facts.recent_authors_90d or []}
    assert authors == {
        "generatedunixname89002005307016@corp.example": True,
        "generatedunixname1431085361989520@corp.example": True,
        "pat@corp.example": False,  # a person's change landed by the bot is still theirs
        "kim20240101": False,  # a GitHub account is judged by its login's name, not its digits
        "g@corp.example": False,  # short number, committed by itself: nothing says automation
    }


def test_first_response_skips_the_author_and_bots(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/project", NOW)
    responses = {r.created_at: r.first_response_at for r in facts.issue_responses or []}
    assert responses == {"2026-01-05T12:00:00Z": "2026-01-08T12:00:00Z", "2026-01-13T12:00:00Z": None}


def test_files_tree_and_sbom(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/project", NOW)
    assert facts.community_files == {
        "README": "README.md",
        "LICENSE": "LICENSE",
        "CODEOWNERS": ".github/CODEOWNERS",
        "CONTRIBUTING": "docs/CONTRIBUTING.md",
    }
    assert facts.workflows == {".github/workflows/tests.yml": WORKFLOW}
    assert set(facts.files) == {"README.md", "LICENSE", "pyproject.toml", "conda/meta.yaml"}
    assert facts.files["pyproject.toml"].text == '[project]\nname = "project"\n'
    assert {"tests/test_x.py", "notebooks/intro.ipynb"} <= set(facts.tree or [])
    assert facts.tree_truncated is False
    assert [(d.name, d.version, d.license) for d in facts.dependencies or []] == [
        ("torch", "2.5.1", "BSD-3-Clause"),
        ("gpl-thing", "1.0", "GPL-3.0-only"),
        ("mystery", None, None),
    ]
    assert facts.sources["contributors"] == "github-rest" and facts.sources["dependencies"] == "github-sbom"


def test_renamed_repository_is_followed_and_reported(sim: Simulator, client: GitHubClient) -> None:
    facts = gather_github(client, "acme/old-name", NOW)
    assert (facts.available, facts.renamed_to, facts.url) == (
        True,
        "acme/renamed",
        "https://github.com/acme/renamed",
    )
    assert facts.github_license == "NOASSERTION"
    assert facts.head_ci_state == "NONE"  # GitHub answered: no checks ran on HEAD (not unknown)
    assert facts.tree == ["README.md"]
    statuses = Counter((r.route, r.status) for r in sim.requests)
    assert statuses[("POST /graphql", 200)] == 1
    # each REST read is redirected once (301) and then answered
    assert statuses[("GET /repos/{owner}/{repo}/contributors", 301)] == 1
    assert statuses[("GET /repos/{owner}/{repo}/contributors", 200)] == 1


@pytest.mark.parametrize("slug", ["acme/nothing-here", "acme/secret"])
def test_missing_or_private_repository_is_unavailable(client: GitHubClient, slug: str) -> None:
    facts = gather_github(client, slug, NOW)
    assert (facts.available, facts.missing) == (False, True)
    assert f"{slug}: not found on GitHub, or private" in (facts.error or "")
    assert (facts.stars, facts.commits_90d, facts.contributors, facts.tree) == (None, None, None, None)


def test_one_transient_graphql_partial_error_is_asked_again(sim: Simulator, client: GitHubClient) -> None:
    sim.inject("POST /graphql", "graphql-partial-error")
    facts = gather_github(client, "acme/project", NOW)
    assert facts.error is None and facts.stars is not None and facts.commits_90d is not None


def test_graphql_partial_error_leaves_facts_unknown_not_missing(sim: Simulator, client: GitHubClient) -> None:
    sim.inject("POST /graphql", "graphql-partial-error", times=2)  # still there when asked again
    facts = gather_github(client, "acme/project", NOW)
    assert facts.missing is None
    assert (facts.stars, facts.commits_90d, facts.github_license, facts.workflows) == (None, None, None, None)
    assert "GitHub could not answer the query" in (facts.error or "")
    assert facts.contributors == 9  # the REST reads that did work still count


def test_rate_limited_graphql_is_unknown_never_zero(sim: Simulator, client: GitHubClient) -> None:
    sim.inject("POST /graphql", "rate-limit-exhausted", times=5)
    facts = gather_github(client, "acme/project", NOW)
    assert facts.available and facts.missing is None
    assert (facts.stars, facts.commits_90d, facts.commits_365d, facts.recent_authors) == (
        None,
        None,
        None,
        None,
    )
    assert "rate limited" in (facts.error or "")


def test_failing_rest_read_leaves_only_that_fact_unknown(sim: Simulator, client: GitHubClient) -> None:
    sim.inject("GET /repos/{owner}/{repo}/contributors", "status", times=5, status=502)
    facts = gather_github(client, "acme/project", NOW)
    assert facts.contributors is None
    assert "contributors" in (facts.error or "")
    assert facts.stars == 250 and facts.tree is not None


def test_a_field_github_failed_to_answer_is_unknown_not_empty() -> None:
    """An error on `defaultBranchRef` nulls it: that is "could not check", not an empty repository."""
    from datetime import UTC, datetime

    from bot.facts.github import apply_graphql, new_facts
    from bot.github import GraphQLResponse

    now = datetime(2026, 1, 15, tzinfo=UTC)
    repo = {"nameWithOwner": "o/r", "defaultBranchRef": None, "licenseInfo": None,
            "root": {"entries": [{"name": "LICENSE", "type": "blob", "path": "LICENSE"}]}}  # fmt: skip
    error = {"path": ["repository", "defaultBranchRef"], "message": "Something went wrong"}
    facts = new_facts("o/r", now)
    apply_graphql(facts, GraphQLResponse({"repository": repo}, [error]), "repository", now)
    assert facts.commits_90d is None and facts.recent_authors is None and "commits_90d" not in facts.sources
    assert "could not answer part of the query: Something went wrong" in (facts.error or "")
    assert facts.github_license is None and facts.sources.get("license") == "github-graphql"  # answered: none
    assert facts.root_files == ["LICENSE"]

    empty = new_facts("o/r", now)  # the opposite: GitHub answered null without an error
    apply_graphql(empty, GraphQLResponse({"repository": repo}, []), "repository", now)
    assert empty.commits_90d == 0 and empty.error is None


def test_the_files_ci_and_dependency_checks_need_are_read_from_github(client: GitHubClient) -> None:
    facts = gather_github(client, "acme/layout", NOW)
    assert set(facts.files) == {
        "requirements.txt",
        "environment.yml",
        ".travis.yml",
        ".circleci/config.yml",
        "requirements/base.txt",
        ".github/actions/setup/action.yml",
    }
    assert facts.files["requirements/base.txt"].text == "torch>=2.0\n"
