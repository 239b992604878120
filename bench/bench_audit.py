"""Benchmark the catalog audit: GitHub requests and wall time for a large catalog under latency.

Run: .venv/bin/python bench/bench_audit.py [--entries 1000] [--latency 0.1] [--batch 20] [--repeat 1]

Generates an entry-files catalog of `--entries` projects (every 10th one in trouble: renamed,
archived, deleted, relicensed, CI red, inactive, yanked, removed from PyPI) and the simulator
world behind it, adds `--latency` seconds to every request, then runs the real command
`python -m bot audit --catalog DIR --json` in a subprocess and reports, from the simulator's
request log, the requests by route, the most GraphQL requests the simulator was answering at once,
the wall time of the whole command and the CPU seconds (user + sys) of the audit process and of the
simulator (this process). With `--repeat N` the command runs N times on one world: medians.
Goals (issue 14): 1,000 entries ≤ 10 s, 5,000 entries ≤ 30 s at 100 ms, requests growing linearly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.simulator import Simulator  # noqa: E402
from bot.simulator.ratelimit import Budgets  # noqa: E402
from bot.simulator.server import RequestRecord  # noqa: E402
from tests.audit.timeline import most_at_once  # noqa: E402
from tests.audit.world import default_fates, world, write_catalog  # noqa: E402


@dataclass
class Run:
    wall: float
    audit_cpu: float
    simulator_cpu: float
    result: dict[str, Any]
    requests: list[RequestRecord]
    started_at: float


def run_once(sim: Simulator, catalog: Path, batch: int) -> Run:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ECOSYSTEM_BOT_"))},
        "GITHUB_TOKEN": "bot-token",
        "GITHUB_API_URL": sim.url,
        "GITHUB_GRAPHQL_URL": sim.graphql_url,
        "ECOSYSTEM_BOT_PYPI_URL": sim.pypi_url,
        "ECOSYSTEM_BOT_ANACONDA_URL": sim.anaconda_url,
    }
    command = [sys.executable, "-m", "bot", "audit", "--catalog", str(catalog), "--now", "2026-06-01"]
    command += ["--json", "--batch", str(batch)]
    sim.clear_requests()
    sim.budgets = Budgets()  # every run starts with a full GraphQL budget
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, started_at = time.perf_counter(), time.time()
    own_cpu = time.process_time()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    simulator_cpu = time.process_time() - own_cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    audit_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"audit failed ({done.returncode}): {done.stderr}")
    return Run(wall, audit_cpu, simulator_cpu, json.loads(done.stdout), list(sim.requests), started_at)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp, Simulator(world(default_fates(args.entries))) as sim:
        catalog = write_catalog(Path(tmp), args.entries)
        sim.latency = args.latency
        for _ in range(max(1, args.repeat)):
            runs.append(run_once(sim, catalog, args.batch))
    last = runs[-1]
    routes = Counter(record.route for record in last.requests)
    graphql = [r for r in last.requests if r.route == "POST /graphql"]
    registry = [r for r in last.requests if r.route != "POST /graphql"]
    started_at = last.started_at
    timeline = {
        "first request": min(r.received_at for r in last.requests) - started_at,
        "last GraphQL request": max((r.received_at for r in graphql), default=started_at) - started_at,
        "first registry request": min((r.received_at for r in registry), default=started_at) - started_at,
        "last registry request": max((r.received_at for r in registry), default=started_at) - started_at,
    }

    def median(values: list[float]) -> str:
        shown = f"{statistics.median(values):.1f} s"
        return shown if len(values) == 1 else f"{shown} (of {', '.join(f'{v:.1f}' for v in values)})"

    print(
        f"audit of {args.entries} entries, {args.latency * 1000:.0f} ms latency per request, batch {args.batch}"
        + (f", median of {len(runs)} runs" if len(runs) > 1 else "")
        + f", load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  wall time (whole command, start-up included): {median([r.wall for r in runs])}")
    print(
        f"  CPU (user + sys): the audit process {median([r.audit_cpu for r in runs])}, "
        f"the simulator (this process) {median([r.simulator_cpu for r in runs])}"
    )
    print(
        "  timeline (received by the simulator): " + ", ".join(f"{k} {v:.1f} s" for k, v in timeline.items())
    )
    print(
        f"  GraphQL requests: {len(graphql)} (points spent: {sum(r.graphql_cost or 0 for r in graphql)}), "
        f"at most {most_at_once(graphql)} at once; registry requests at most {most_at_once(registry)} at once"
    )
    for route, count in sorted(routes.items()):
        print(f"  {route}: {count}")
    result = last.result
    print(f"  result: {result['counts']}, {len(result['at_risk'])} at risk, stopped: {result['stopped']}")


if __name__ == "__main__":
    main()
