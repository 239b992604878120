"""A GitHub client of a shared simulator, for the tests that read facts through it."""

from __future__ import annotations

from bot.github import GitHubClient, RetryPolicy
from bot.simulator import Simulator

NO_WAIT = RetryPolicy(attempts=2, backoff=0.0, secondary_wait=0.0, max_wait=1.0)


def fresh_client(sim: Simulator) -> GitHubClient:
    """A client of `sim` whose request log and faults were cleared; it retries once, without waiting."""
    sim.clear_requests()
    sim.clear_faults()
    return GitHubClient("bot-token", sim.url, sim.graphql_url, retry=NO_WAIT, sleep=lambda _: None)
