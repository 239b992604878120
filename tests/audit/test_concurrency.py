"""The audit's GitHub pass keeps a few GraphQL queries in flight, never more, and a batch that fails
among them leaves its entries "unknown", never "ok" (issue 14).

In process, against the simulator over HTTP: the real `audit()` with a real client.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.audit.listing import AuditTarget, read_catalog
from bot.audit.progress import Progress
from bot.audit.request import load_config
from bot.audit.run import AuditOptions, audit
from bot.config import Registries
from bot.github import GitHubClient, RetryPolicy
from bot.policies.loader import load_policy
from bot.simulator import Simulator
from tests.audit.timeline import most_at_once
from tests.audit.world import default_fates, world, write_catalog

NOW = datetime(2026, 6, 1, 23, 59, tzinfo=UTC)
ENTRIES = 100  # five queries of 20 repositories


def _targets(root: Path) -> tuple[list[AuditTarget], str]:
    config = load_config(write_catalog(root, ENTRIES), None, None, {})
    policy = load_policy(config.policy, config.policy_overrides)
    return read_catalog(root, config, policy), config.policy


def _options(sim: Simulator, parallel: int = 3) -> AuditOptions:
    return AuditOptions(parallel=parallel, registries=Registries(sim.pypi_url, sim.anaconda_url))


def test_the_first_query_goes_alone_then_at_most_three_are_in_flight(tmp_path: Path) -> None:
    targets, policy_name = _targets(tmp_path)
    with Simulator(world(default_fates(ENTRIES))) as sim:
        sim.set_latency(1.0, "POST /graphql")  # queries sent together overlap even on a loaded machine
        client = GitHubClient("bot-token", sim.url, sim.graphql_url)
        result = audit(client, targets, load_policy(policy_name), NOW, _options(sim))
        queries = sorted((r for r in sim.requests if r.route == "POST /graphql"), key=lambda r: r.received_at)
    assert len(queries) == 5 and all(r.status == 200 for r in queries)
    first_answered = queries[0].received_at + queries[0].latency_s
    assert all(r.received_at >= first_answered for r in queries[1:])  # its answer gave the cost first
    assert most_at_once(queries) == 3  # then three at once (four are left), never four
    assert result.counts() == {"at-risk": 9, "ok": 91}


def test_one_query_in_flight_when_asked_for_one(tmp_path: Path) -> None:
    targets, policy_name = _targets(tmp_path)
    with Simulator(world(default_fates(ENTRIES))) as sim:
        sim.set_latency(0.1, "POST /graphql")
        client = GitHubClient("bot-token", sim.url, sim.graphql_url)
        audit(client, targets, load_policy(policy_name), NOW, _options(sim, parallel=1))
        queries = [r for r in sim.requests if r.route == "POST /graphql"]
    assert len(queries) == 5 and most_at_once(queries) == 1


class _FailNextQuery(Progress):
    """Once the first batch is answered (it goes alone), the next GraphQL request fails with a 502."""

    def __init__(self, sim: Simulator) -> None:
        super().__init__(0, enabled=False)
        self.sim = sim
        self.injected = False

    def advance(self, stage: str, n: int) -> None:
        if stage == "GitHub" and not self.injected:
            self.injected = True
            self.sim.inject("POST /graphql", "status", times=1, status=502)


def test_a_batch_failing_among_those_in_flight_is_unknown_not_ok(tmp_path: Path) -> None:
    targets, policy_name = _targets(tmp_path)
    with Simulator(world(default_fates(ENTRIES))) as sim:
        sim.set_latency(0.2, "POST /graphql")
        client = GitHubClient("bot-token", sim.url, sim.graphql_url, retry=RetryPolicy(attempts=1))
        progress = _FailNextQuery(sim)
        result = audit(client, targets, load_policy(policy_name), NOW, _options(sim), progress=progress)
        queries = [r for r in sim.requests if r.route == "POST /graphql"]
    assert [r.status for r in queries].count(502) == 1 and len(queries) == 5
    unknown = [e for e in result.entries if e.status == "unknown"]
    assert len(unknown) == 20  # the failed batch, whichever of the three in flight it was
    assert all("502" in (e.reason or "") and e.verdict is None and not e.recovered for e in unknown)
    assert sum(1 for e in result.entries if e.status in ("ok", "at-risk")) == 80
    assert result.unreachable is None and result.stopped is None


def test_queries_in_flight_together_never_spend_the_reserve(tmp_path: Path) -> None:
    # 300 entries need 15 queries of 5 points; 60 points with 10 in reserve allow 10. Three queries
    # in flight together: an answer may or may not count the others; the projection counts them as
    # spent, so the audit stops at the reserve, never below it, and says what GitHub reported last.
    config = load_config(write_catalog(tmp_path, 300), None, None, {})
    policy = load_policy(config.policy, config.policy_overrides)
    targets = read_catalog(tmp_path, config, policy)
    with Simulator(world(default_fates(300), graphql_limit=60)) as sim:
        sim.set_latency(0.5, "POST /graphql")
        client = GitHubClient("bot-token", sim.url, sim.graphql_url)
        options = AuditOptions(reserve=10, registries=Registries(sim.pypi_url, sim.anaconda_url))
        result = audit(client, targets, policy, NOW, options)
        queries = [r for r in sim.requests if r.route == "POST /graphql"]
    # Never below the reserve (10 queries at most); a query in flight when an answer came back is
    # counted as spent, so the pass may stop up to two queries early, never more.
    assert 8 <= len(queries) <= 10 and all(r.status == 200 for r in queries)
    assert 2 <= most_at_once(queries) <= 3  # answered together, yet within the budget
    left = 60 - 5 * len(queries)  # what GitHub reports once every query is answered
    assert (result.stopped or "").startswith(f"GraphQL budget low: {left} points left, 10 kept in reserve")
    assert len(result.not_reached) == 300 - 20 * len(queries)
