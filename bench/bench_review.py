"""Benchmark the review Action: GitHub requests per one-entry review, and wall time under latency.

Run: .venv/bin/python bench/bench_review.py [--latency 0.1] [--repeat 5]

The demo's world (examples/demo/world.yml + the example catalog, PR #1 adding skorch) runs in the
GitHub simulator. Each review is the real `python -m bot run` in a subprocess, as GitHub starts it.
1. Requests per endpoint, from the simulator's log: the first review (labels do not exist yet),
   a second review of the same PR (steady state), and a `/recheck` by the PR author.
2. Wall time of a steady-state review with `--latency` seconds added to every request, median of
   `--repeat` runs; the sum of that run's request latencies shows what running independent
   requests in parallel saved. Python's start-up is measured alone for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.demo import CATALOG_REPO, ActionRun, demo_state, run_action
from bot.simulator import Simulator
from bot.simulator.events import issue_comment_event, pull_request_event

REGISTRY_ROUTES = ("GET /pypi", "GET /anaconda")


def table(title: str, sim: Simulator) -> int:
    routes = Counter(f"{r.method} {r.route.split(' ', 1)[-1]}" for r in sim.requests)
    github = {route: n for route, n in routes.items() if not route.startswith(REGISTRY_ROUTES)}
    registries = {route: n for route, n in routes.items() if route.startswith(REGISTRY_ROUTES)}
    print(f"\n### {title}: {sum(github.values())} GitHub requests (+ {sum(registries.values())} registry)")
    print("| requests | endpoint |\n|---:|---|")
    for route, count in sorted(github.items()):
        print(f"| {count} | `{route}` |")
    for route, count in sorted(registries.items()):
        print(f"| {count} | `{route}` (not GitHub) |")
    return sum(github.values())


def review(sim: Simulator, work: Path, action: str = "opened") -> ActionRun:
    payload = pull_request_event(sim.state, CATALOG_REPO, 1, action=action)
    run = run_action(sim, "pull_request_target", payload, work)
    if run.exit_code != 0:
        raise SystemExit(f"review failed ({run.exit_code}):\n{run.stdout}\n{run.stderr}")
    return run


def bench_requests(work: Path) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now)) as sim:
        sim.clear_requests()
        review(sim, work / "first")
        table("First review of the PR (creates its two labels)", sim)
        sim.clear_requests()
        review(sim, work / "second", action="synchronize")
        table("Review of the same PR again (steady state)", sim)
        comment = sim.state.add_comment(CATALOG_REPO, 1, "alice", "/recheck")
        sim.clear_requests()
        run_action(
            sim, "issue_comment", issue_comment_event(sim.state, CATALOG_REPO, 1, comment), work / "re"
        )
        table("/recheck by the PR author (two reactions)", sim)


def bench_latency(work: Path, latency: float, repeat: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now)) as sim:
        review(sim, work / "warm")  # labels exist: steady state
        sim.set_latency(latency)
        walls, sums, counts = [], [], []
        for index in range(repeat):
            sim.clear_requests()
            started = time.perf_counter()
            review(sim, work / f"lat{index}", action="synchronize")
            walls.append(time.perf_counter() - started)
            sums.append(sum(r.latency_s for r in sim.requests))
            counts.append(len(sim.requests))
    startup = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "--version"], check=True, capture_output=True)
        startup.append(time.perf_counter() - started)
    print(f"\n### Wall time of one review, {latency * 1000:.0f} ms added to every request ({repeat} runs)")
    print(
        f"- `python -m bot run`, whole process: median {statistics.median(walls):.2f} s (best {min(walls):.2f} s)"
    )
    print(
        f"- requests per review: {statistics.median(counts):.0f} (GitHub and registries); "
        f"their latencies add up to {statistics.median(sums):.2f} s — the rest ran in parallel"
    )
    print(
        f"- of which Python start-up (`python -m bot --version`): median {statistics.median(startup):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every request")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_requests(Path(tmp))
        bench_latency(Path(tmp), args.latency, args.repeat)


if __name__ == "__main__":
    main()
