"""GitHub down or failing in part: the audit never reads an outage as "all clear" (issue 10).

Nothing reached: exit 3, a clear message, the tracking issue as it was. One batch failing: the
others are reported, the failed entries keep their risks and dates, and none is "recovered".
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.simulator import Simulator
from bot.sticky import TRACKING as TRACKING_ISSUE
from tests.audit.conftest import ROOT, CliRun, run_cli
from tests.audit.world import default_fates, world

TRACKING = "acme/catalog"


def _tracking_bodies(sim: Simulator) -> list[str]:
    with sim.state.lock:
        issues = sim.state.repo(TRACKING).issues.values()
        return [i.body for i in issues if TRACKING_ISSUE.marker in i.body]


def _audit(sim: Simulator, catalog: Path, *extra: str) -> CliRun:
    return run_cli(sim, "--catalog", str(catalog), "--now", "2026-06-01", "--tracking-repo", TRACKING, *extra)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_exits_non_zero_with_a_message(catalog_90: Path) -> None:
    port = _closed_port()  # nothing listens there any more: every connection is refused
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "ECOSYSTEM_BOT_"))}
    env.update(GITHUB_TOKEN="t", GITHUB_API_URL=f"http://127.0.0.1:{port}", ECOSYSTEM_BOT_RETRY_BACKOFF="0")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "audit", "--catalog", str(catalog_90), "--now", "2026-06-01"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    assert "GitHub answered for none of the 90 entries' repositories, so nothing was checked" in done.stderr
    assert "Traceback" not in done.stderr and "0 at risk" not in done.stdout


def test_502_on_every_request_leaves_the_tracking_issue_unchanged(catalog_90: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        first = _audit(sim, catalog_90)
        assert first.exit_code == 0, first.stderr
        before = _tracking_bodies(sim)
        assert len(before) == 1
        sim.inject("*", "status", times=10_000, status=502)
        down = _audit(sim, catalog_90)
        assert down.exit_code != 0 and "502" in down.stderr, down.stderr
        assert "Traceback" not in down.stderr
        assert _tracking_bodies(sim) == before


def test_graphql_down_exits_3_and_leaves_the_tracking_issue_unchanged(catalog_90: Path) -> None:
    with Simulator(world(default_fates(90))) as sim:
        assert _audit(sim, catalog_90).exit_code == 0
        before = _tracking_bodies(sim)
        sim.inject("POST /graphql", "status", times=10_000, status=502)
        down = _audit(sim, catalog_90)
        assert down.exit_code == 3, down.stdout + down.stderr
        assert "nothing was checked" in down.stderr and "the tracking issue was left unchanged" in down.stderr
        assert _tracking_bodies(sim) == before


def test_one_failing_batch_keeps_its_risks_and_recovers_nothing(catalog_90: Path) -> None:
    fates = default_fates(90)
    with Simulator(world(fates)) as sim:
        first = _audit(sim, catalog_90, "--json")
        assert first.exit_code == 0
        at_risk_before = {e["repository"]: e["risks"] for e in first.json["entries"] if e["risks"]}
        for index, fate in fates.items():  # every project is healthy now...
            if fate != "deleted":
                fates[index] = "healthy"
        with sim.state.lock:  # ...on GitHub: archived and failing CI are gone, in place
            for repo in sim.state.repositories.values():
                repo.archived, repo.ci = False, "success"
        # the first GraphQL query (batch 1 of 5: entries sorted by key) fails on all its attempts
        sim.inject("POST /graphql", "status", times=4, status=502)
        second = _audit(sim, catalog_90, "--json")
    assert second.exit_code == 0, second.stderr
    result: dict[str, Any] = second.json
    unknown = [e for e in result["entries"] if e["status"] == "unknown"]
    assert len(unknown) == 20  # one batch
    checked = [e for e in result["entries"] if e["status"] in ("ok", "at-risk")]
    assert len(checked) == 70
    for entry in unknown:
        assert entry["risks"] == [{**r, "new": False} for r in at_risk_before.get(entry["repository"], [])]
        assert not entry["recovered"] and "502" in (entry["reason"] or "")
    recovered = set(result["recovered"])
    assert recovered and not recovered & {e["key"] for e in unknown}
    assert all(e["status"] == "ok" for e in result["entries"] if e["key"] in recovered)
    assert any(e["risks"] for e in unknown)  # the failed batch held entries at risk: kept, with their dates
