"""Benchmark the catalog audit: GitHub requests and wall time for a large catalog under latency.

Run: .venv/bin/python bench/bench_audit.py [--entries 1000] [--latency 0.1] [--batch 20]

Generates an entry-files catalog of `--entries` projects (every 10th one in trouble: renamed,
archived, deleted, relicensed, CI red, inactive, yanked, removed from PyPI) and the simulator
world behind it, adds `--latency` seconds to every request, then runs the real command
`python -m bot audit --catalog DIR --json` in a subprocess and reports, from the simulator's
request log, the requests by route and the wall time of the whole command.
Goal (issue 6): at most 60 GraphQL requests and 30 s for 1,000 entries at 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.simulator import Simulator  # noqa: E402
from tests.audit.world import default_fates, world, write_catalog  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Simulator(world(default_fates(args.entries))) as sim:
        catalog = write_catalog(Path(tmp), args.entries)
        sim.latency = args.latency
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ECOSYSTEM_BOT_"))},
            "GITHUB_TOKEN": "bot-token",
            "GITHUB_API_URL": sim.url,
            "GITHUB_GRAPHQL_URL": sim.graphql_url,
            "ECOSYSTEM_BOT_PYPI_URL": sim.pypi_url,
            "ECOSYSTEM_BOT_ANACONDA_URL": sim.anaconda_url,
        }
        command = [sys.executable, "-m", "bot", "audit", "--catalog", str(catalog), "--now", "2026-06-01"]
        command += ["--json", "--batch", str(args.batch)]
        start, started_at = time.perf_counter(), time.time()
        own_cpu = time.process_time()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        simulator_cpu = time.process_time() - own_cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        audit_cpu = children.ru_utime + children.ru_stime
        if done.returncode != 0:
            sys.exit(f"audit failed ({done.returncode}): {done.stderr}")
        result = json.loads(done.stdout)
        routes = Counter(record.route for record in sim.requests)
        graphql = [r for r in sim.requests if r.route == "POST /graphql"]
        registry = [r for r in sim.requests if r.route != "POST /graphql"]
        timeline = {
            "first request": min(r.received_at for r in sim.requests) - started_at,
            "last GraphQL request": max((r.received_at for r in graphql), default=started_at) - started_at,
            "first registry request": min((r.received_at for r in registry), default=started_at) - started_at,
            "last registry request": max((r.received_at for r in registry), default=started_at) - started_at,
        }
    print(
        f"audit of {args.entries} entries, {args.latency * 1000:.0f} ms latency per request, batch {args.batch}"
    )
    print(f"  wall time (whole command, start-up included): {wall:.1f} s")
    print(f"  CPU: the audit process {audit_cpu:.1f} s, the simulator (this process) {simulator_cpu:.1f} s")
    print(
        "  timeline (received by the simulator): " + ", ".join(f"{k} {v:.1f} s" for k, v in timeline.items())
    )
    print(f"  GraphQL requests: {len(graphql)} (points spent: {sum(r.graphql_cost or 0 for r in graphql)})")
    for route, count in sorted(routes.items()):
        print(f"  {route}: {count}")
    print(f"  result: {result['counts']}, {len(result['at_risk'])} at risk, stopped: {result['stopped']}")


if __name__ == "__main__":
    main()
