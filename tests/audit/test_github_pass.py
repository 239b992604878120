"""The audit's batched GitHub pass over real HTTP from the simulator: many repositories per GraphQL
query, and one missing, renamed or failing repository does not spoil the others of its batch."""

from __future__ import annotations

import pytest

from bot.audit.github_pass import fetch_github
from bot.github import GitHubClient
from bot.simulator import Simulator
from tests.facts.test_github import NOW, WORLD, routes
from tests.simulated import fresh_client, module_simulator

sim = module_simulator(WORLD)


@pytest.fixture
def client(sim: Simulator) -> GitHubClient:
    return fresh_client(sim)


def test_a_batch_is_one_request_and_a_missing_repository_spoils_nothing(
    sim: Simulator, client: GitHubClient
) -> None:
    found = fetch_github(client, ["acme/project", "acme/nothing-here", "acme/old-name"], NOW, batch=15).facts
    assert routes(sim) == {"POST /graphql": 1}
    assert found["acme/project"].stars == 250 and found["acme/project"].available
    assert (found["acme/nothing-here"].available, found["acme/nothing-here"].missing) == (False, True)
    assert found["acme/old-name"].renamed_to == "acme/renamed"


def test_batches_split_by_size(sim: Simulator, client: GitHubClient) -> None:
    found = fetch_github(client, ["acme/project", "acme/renamed", "acme/old-name"], NOW, batch=2).facts
    assert routes(sim) == {"POST /graphql": 2}
    assert sorted(found) == ["acme/old-name", "acme/project", "acme/renamed"]
    assert all(f.available for f in found.values())


def test_partial_error_in_a_batch_spares_the_others(sim: Simulator, client: GitHubClient) -> None:
    sim.inject("POST /graphql", "graphql-partial-error", times=2)
    found = fetch_github(client, ["acme/project", "acme/renamed"], NOW).facts
    assert found["acme/project"].stars is None and found["acme/project"].missing is None
    assert found["acme/renamed"].head_sha is not None and found["acme/renamed"].error is None
