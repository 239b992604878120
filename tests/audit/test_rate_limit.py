"""The audit stops before the GraphQL budget runs out, says what it did not reach, and the next
run starts with those entries."""

from __future__ import annotations

from pathlib import Path

from bot.simulator import Simulator
from tests.audit.conftest import run_cli
from tests.audit.world import default_fates, world

POINTS_PER_QUERY = 5  # the simulator's cost of one 20-repository query


def test_budget_stop_then_the_next_run_continues(catalog_300: Path, tmp_path: Path) -> None:
    budget = 8 * POINTS_PER_QUERY  # enough for 8 of the 15 queries
    with Simulator(world(default_fates(300), graphql_limit=budget)) as sim:
        first = run_cli(sim, "--catalog", str(catalog_300), "--now", "2026-06-01", "--json", "--reserve", "0")
        assert first.exit_code == 0, first.stderr
        queries = [r for r in sim.requests if r.route == "POST /graphql"]
        # Never past the budget; a query in flight when an answer came back counts as spent, so the
        # run may stop up to two queries (three in flight) before the budget's end, never later.
        assert all(r.status == 200 for r in queries) and 6 <= len(queries) <= 8
        result = first.json
        assert (
            f"GraphQL budget low: {budget - POINTS_PER_QUERY * len(queries)} points left" in result["stopped"]
        )
        reached = [e for e in result["entries"] if e["status"] != "not-reached"]
        assert len(reached) == 20 * len(queries) and len(result["not_reached"]) == 300 - len(reached)
        (tmp_path / "first.json").write_text(first.stdout, encoding="utf-8")
        sim.clear_requests()
        second = run_cli(
            sim,
            "--catalog",
            str(catalog_300),
            "--now",
            "2026-06-02",
            "--json",
            "--reserve",
            "0",
            "--previous",
            str(tmp_path / "first.json"),
            token="next-hour-token",
        )
    result2 = second.json
    waiting = set(result["not_reached"])
    reached2 = {e["key"] for e in result2["entries"] if e["status"] != "not-reached"}
    assert len(reached2) >= 120  # six queries at the least, as above
    assert len(reached2 & waiting) == min(len(reached2), len(waiting))  # the waiting ones went first
    first_risks = {e["key"]: e["risks"] for e in result["entries"] if e["status"] != "not-reached"}
    for entry in result2["entries"]:
        if entry["status"] == "not-reached" and first_risks.get(entry["key"]):
            assert [r["since"] for r in entry["risks"]] == ["2026-06-01"]  # kept, not forgotten
            assert not any(r["new"] for r in entry["risks"])


def test_github_saying_rate_limited_stops_the_run(catalog_90: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        sim.inject("POST /graphql", "rate-limit-exhausted", times=1)
        run = run_cli(sim, "--catalog", str(catalog_90), "--now", "2026-06-01")
    assert run.exit_code == 0, run.stderr
    assert "90 not reached" in run.stdout
    assert "stopped early: rate limited by GitHub" in run.stdout
    assert "at risk" not in run.stdout.split("\n", 1)[1]  # unknown is never a risk
