"""Complete 90-day counts (GraphQL history paged to the end, bots excluded) and PyPI's torch releases,
read from the simulator over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from graphql import parse, validate

from bot.applications.activity import QUERY, recent_activity
from bot.applications.torch import latest_two, torch_releases
from bot.github import GitHubClient
from bot.simulator import Simulator
from bot.simulator.graphql_api import simulator_schema
from tests.published import github_schema
from tests.simulated import fresh_client, module_simulator

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
WORLD = {
    "now": NOW.isoformat(),
    "users": [{"login": "github-actions[bot]", "type": "Bot"}, {"login": "dependabot[bot]", "type": "Bot"}],
    "tokens": {"bot-token": "github-actions[bot]"},
    "repositories": [
        {
            "name": "acme/busy",
            "commits": [
                {"message": "old", "date": "now-200d", "author": "ada", "files": {"README.md": "# busy\n"}}
            ],
            "generate_commits": {
                "count": 250,
                "since": "now-85d",
                "authors": [
                    "ada",
                    "bo",
                    "dependabot[bot]",
                    {"name": "Cy Dee", "email": "cy@example.com"},
                    "ed",
                    "flo",
                ],
            },
        },
        {"name": "acme/empty"},
    ],
    "pypi": {
        "torch": {
            "info": {"version": "2.9.1"},
            "releases": {
                "2.9.1": [{"yanked": False}],
                "2.9.0": [{"yanked": False}],
                "2.8.0": [{"yanked": False}],
                "2.10.0rc1": [{"yanked": False}],
                "2.11.0": [{"yanked": True}],
            },
        }
    },
}


sim = module_simulator(WORLD)


@pytest.fixture
def client(sim: Simulator) -> GitHubClient:
    return fresh_client(sim)


def test_the_query_validates_against_githubs_published_schema_and_the_simulators():
    assert [e.message for e in validate(github_schema(), parse(QUERY))] == []
    assert [e.message for e in validate(simulator_schema(), parse(QUERY))] == []


def test_counts_are_complete_across_pages_and_exclude_bots(sim: Simulator, client: GitHubClient):
    activity = recent_activity(client, "acme/busy", NOW)
    assert activity.requests == 3  # 250 commits, 100 per page
    assert activity.partial is False
    assert activity.commits_all == 250
    bot_commits = sum(1 for i in range(250) if i % 6 == 2)  # authors take turns; the third is a bot
    assert activity.commits == 250 - bot_commits
    assert sorted(a.key for a in activity.authors) == ["ada", "bo", "cy@example.com", "ed", "flo"]
    assert activity.contributors == 5


def test_a_count_cut_short_is_partial_and_a_lower_bound(client: GitHubClient):
    activity = recent_activity(client, "acme/busy", NOW, max_pages=1)
    assert activity.partial is True
    assert activity.commits_all == 250 and activity.commits_seen == 100
    assert activity.commits is not None and activity.commits < 100
    assert activity.contributors == 5


def test_an_empty_repository_has_no_commits(client: GitHubClient):
    activity = recent_activity(client, "acme/empty", NOW)
    assert (activity.commits, activity.contributors, activity.partial, activity.error) == (0, 0, False, None)


def test_a_missing_repository_is_unknown_not_zero(client: GitHubClient):
    activity = recent_activity(client, "acme/nothing-here", NOW)
    assert activity.commits is None and activity.contributors is None
    assert activity.error is not None and activity.error.startswith("GraphQL: ")


def test_the_latest_two_pytorch_releases(sim: Simulator):
    releases = torch_releases(sim.pypi_url)
    assert releases.latest == ["2.9.1", "2.8.0"] and releases.series == ["2.9", "2.8"]
    assert releases.describe() == "latest two PyTorch releases: 2.9.1 and 2.8.0 (PyPI torch)"
    assert torch_releases(sim.pypi_url) is releases  # read once per run


def test_latest_two_skips_pre_releases_and_yanked_versions():
    assert latest_two(["1.13.1", "2.0.0", "2.0.1", "2.1.0.dev1", "2.2.0"], yanked={"2.2.0"}) == (
        ["2.0.1", "1.13.1"],
        ["2.0", "1.13"],
    )


def test_pypi_unreachable_is_said_not_guessed():
    releases = torch_releases("http://127.0.0.1:9", timeout=1.0)
    assert releases.latest == [] and releases.error
    assert releases.describe().startswith("the latest PyTorch releases could not be read")


def test_github_failing_gives_no_number_and_says_what_was_tried(sim: Simulator, client: GitHubClient):
    from bot.applications.rubric import threshold_row

    sim.inject("POST /graphql", "status", times=10, status=502)
    activity = recent_activity(client, "acme/busy", NOW)
    assert activity.commits is None and activity.contributors is None
    assert activity.error is not None and "502" in activity.error
    status, note = threshold_row(activity.commits, 30, "commit", tried=activity.error)
    assert status == "caution" and note.startswith("could not count the commits (GraphQL: ")


def test_a_partial_count_scores_by_the_partial_rule(client: GitHubClient):
    from bot.applications.rubric import threshold_row

    activity = recent_activity(client, "acme/busy", NOW, max_pages=1)
    status, note = threshold_row(activity.contributors, 5, "contributor", partial=activity.partial)
    assert (status, note) == (
        "pass",
        "at least 5 contributors (partial count, already above the minimum of 5)",
    )
    status, _ = threshold_row(activity.contributors, 6, "contributor", partial=activity.partial)
    assert status == "caution"
