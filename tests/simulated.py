"""A shared simulator as the tests read it: a GitHub client of it, or the environment the commands read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from bot.github import GitHubClient, RetryPolicy
from bot.simulator import Simulator

NO_WAIT = RetryPolicy(attempts=2, backoff=0.0, secondary_wait=0.0, max_wait=1.0)


def module_simulator(world: Mapping[str, Any]) -> Callable[[], Iterator[Simulator]]:
    """A module's `sim` fixture: one simulator of `world`, shared by the module's tests
    (`sim = module_simulator(WORLD)`)."""

    @pytest.fixture(scope="module", name="sim")
    def sim() -> Iterator[Simulator]:
        with Simulator(world) as simulator:
            yield simulator

    return sim


def fresh_client(sim: Simulator) -> GitHubClient:
    """A client of `sim` whose request log and faults were cleared; it retries once, without waiting."""
    sim.clear_requests()
    sim.clear_faults()
    return GitHubClient("bot-token", sim.url, sim.graphql_url, retry=NO_WAIT, sleep=lambda _: None)


def point_commands_at(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> Simulator:
    """The environment `vet` and `audit` read, set to `sim` (GitHub and both registries)."""
    monkeypatch.setenv("GITHUB_TOKEN", "vet-token")
    monkeypatch.setenv("GITHUB_API_URL", sim.url)
    monkeypatch.setenv("GITHUB_GRAPHQL_URL", sim.graphql_url)
    monkeypatch.setenv("ECOSYSTEM_BOT_PYPI_URL", sim.pypi_url)
    monkeypatch.setenv("ECOSYSTEM_BOT_ANACONDA_URL", sim.anaconda_url)
    return sim
