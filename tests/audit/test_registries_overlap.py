"""Issue 14: the audit's registry lookups start as each GraphQL batch lands, not after the last one."""

from __future__ import annotations

from pathlib import Path

from bot.simulator import Simulator
from tests.audit.conftest import run_cli
from tests.audit.world import default_fates, world


def test_registry_requests_start_before_the_last_graphql_batch_is_sent(catalog_90: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        sim.set_latency(0.05)
        run = run_cli(sim, "--catalog", str(catalog_90), "--now", "2026-06-01", "--json")
        assert run.exit_code == 0, run.stderr
        queries = [r.received_at for r in sim.requests if r.route == "POST /graphql"]
        registry = [r.received_at for r in sim.requests if r.route.startswith("GET /pypi")]
    assert len(queries) == 5 and registry  # 90 repositories, 20 per query
    assert min(registry) < max(queries)
    assert run.json["entries"] and all(e["status"] != "not-reached" for e in run.json["entries"])
