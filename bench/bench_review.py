"""Benchmark the review Action where users wait: first review, re-review after a push, `/recheck`.

Run: .venv/bin/python bench/bench_review.py [--latency 0.1] [--repeat 9] [--no-tls] [--image IMAGE]

The demo's world (examples/demo/world.yml + the example catalog, PR #1 adding skorch, or the entry
`--entry` names) runs in the GitHub simulator, over TLS by default (a CA made at start, passed as REQUESTS_CA_BUNDLE). Every
sample gets a fresh simulator and, except for the catalog's very first review, an unmeasured first
review before it, which creates the two labels the demo world lacks: "first review" then forgets that
review's comment and labels (a PR never reviewed, in a catalog that has the labels: the usual case);
"first review, catalog's first" is the demo world as it is (the labels are created: 2 requests more);
a re-review follows a push, a `/recheck` a comment by the author.
The measured run is the real `python -m bot run` in a subprocess, as GitHub starts it; with
`--image` also in the Action's image: `buildah from`, `buildah run`, `buildah rm`, as `docker run --rm`
does; the same three with `true` in place of the bot, right after each run, give the runtime's own cost,
printed alone and taken off each run's wall time in a last column (what the image and the bot take).
`--latency` seconds are added to every request and `--connection-latency` (default twice that: the
TCP and TLS handshakes' round trips) to every new connection. Prints, per scenario: GitHub requests,
registry requests, connections, when the first request reached the simulator and how long the process
took after the last answer (medians; the container's include its runtime's start and end), and the
wall time of the whole process (median of `--repeat`).
Goals (issue 14): requests ≤ 6 first review / ≤ 5 re-review / ≤ 6 `/recheck`, connections ≤ 3, wall
≤ 1.2 s / 1.0 s / 1.2 s in the container.

Measured figures: docs/benchmarks.md (the machine is shared: noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.commands.demo import CATALOG_REPO, ActionRun, action_environment, demo_state, run_action
from bot.simulator import Simulator
from bot.simulator.events import issue_comment_event, pull_request_event, write_event

REGISTRY_ROUTES = ("/pypi", "/anaconda")
DEMO_ENTRY = "catalog/skorch.yml"
FIRST_REVIEW = "first review"
FIRST_IN_CATALOG = "first review, catalog's first (creates 2 labels)"
SCENARIOS = (FIRST_REVIEW, FIRST_IN_CATALOG, "re-review", "/recheck")
Runner = Callable[[Simulator, str, Mapping[str, Any], Path], ActionRun]


@dataclass
class Sample:
    wall: float
    github: int
    registry: int
    connections: int
    routes: Counter[str]
    first_request: float  # seconds from the launch until the first request reached the simulator
    tail: float  # seconds from the last answer until the process ended
    runtime: float | None = None  # the container runtime's own cost, measured right after this run


def in_process(sim: Simulator, event_name: str, payload: Mapping[str, Any], work: Path) -> ActionRun:
    return run_action(sim, event_name, payload, work)


def in_container(image: str) -> Runner:
    """`buildah run` of the image's entry point, the work folder and the CA mounted at their host paths."""

    def run(sim: Simulator, event_name: str, payload: Mapping[str, Any], work: Path) -> ActionRun:
        work.mkdir(parents=True, exist_ok=True)
        event_path = write_event(work / "event.json", dict(payload))
        container = buildah("from", "--quiet", "--pull=never", image)
        try:
            command = ["buildah", "run", "--network", "host", "--volume", f"{work}:{work}"]
            if sim.ca_bundle:
                folder = str(Path(sim.ca_bundle).parent)
                command += ["--volume", f"{folder}:{folder}:ro"]
            for name, value in action_environment(sim, event_name, event_path, work).items():
                command += ["--env", f"{name}={value}"]
            command += [container, "--", "python", "-m", "bot", "run"]
            done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        finally:
            buildah("rm", container)
        output = work / "output.txt"
        return ActionRun(
            done.returncode, done.stdout, done.stderr, output.read_text() if output.exists() else "", ""
        )

    return run


def buildah(*args: str) -> str:
    return subprocess.run(["buildah", *args], capture_output=True, text=True, check=True).stdout.strip()


os.environ.setdefault("BUILDAH_ISOLATION", "chroot")  # as .ci/container-test runs buildah


def review_event(sim: Simulator, action: str) -> dict[str, Any]:
    return pull_request_event(sim.state, CATALOG_REPO, 1, action=action)


def sample(
    scenario: str,
    runner: Runner,
    work: Path,
    latency: float,
    connection_latency: float,
    tls: bool,
    entry: str = DEMO_ENTRY,
) -> Sample:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now, added_entry=entry), tls=tls) as sim:
        if scenario != FIRST_IN_CATALOG:
            check(in_process(sim, "pull_request_target", review_event(sim, "opened"), work / "setup"))
        if scenario == FIRST_REVIEW:
            forget_the_review(sim)
        if scenario == "re-review":
            sim.state.push(CATALOG_REPO, 1, {"README.md": "# The catalog, changed by the PR\n"})
            event_name, payload = "pull_request_target", review_event(sim, "synchronize")
        elif scenario == "/recheck":
            comment = sim.add_comment(CATALOG_REPO, 1, "alice", "/recheck")
            event_name, payload = "issue_comment", issue_comment_event(sim.state, CATALOG_REPO, 1, comment)
        else:
            event_name, payload = "pull_request_target", review_event(sim, "opened")
        sim.set_latency(latency)
        sim.set_connection_latency(connection_latency)
        sim.clear_requests()
        started, started_at = time.perf_counter(), time.time()
        check(runner(sim, event_name, payload, work / "measured"))
        wall = time.perf_counter() - started
        routes = Counter(f"{r.method} {r.route.split(' ', 1)[-1]}" for r in sim.requests)
        registry = sum(n for route, n in routes.items() if route.split(" ", 1)[1].startswith(REGISTRY_ROUTES))
        first = min(r.received_at for r in sim.requests) - started_at
        last_answer = max(r.received_at + r.latency_s for r in sim.requests) - started_at
        return Sample(
            wall,
            sum(routes.values()) - registry,
            registry,
            sim.connections,
            routes,
            first,
            wall - last_answer,
        )


def forget_the_review(sim: Simulator) -> None:
    """The PR as if never reviewed (no comment, no labels) in a catalog whose earlier reviews created
    the bot's labels: the usual first review. The demo world alone has none of them."""
    pull = sim.state.repo(CATALOG_REPO).issues[1]
    pull.comments = [c for c in pull.comments if not c.author.endswith("[bot]")]
    pull.labels = []


def check(run: ActionRun) -> None:
    if run.exit_code != 0:
        raise SystemExit(f"review failed ({run.exit_code}):\n{run.stdout}\n{run.stderr}")


def measure(
    where: str, runner: Runner, args: argparse.Namespace, runtime: Callable[[], float] | None = None
) -> dict[str, list[Sample]]:
    """Each scenario `args.repeat` times; with `runtime`, the runtime's own cost is measured after
    each run, so that a drift of the machine's speed during the benchmark falls on both alike."""
    results: dict[str, list[Sample]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in SCENARIOS:
            results[scenario] = []
            for index in range(args.repeat):
                work = Path(tmp) / f"{index}"
                found = sample(
                    scenario, runner, work, args.latency, args.connection_latency, args.tls, args.entry
                )
                found.runtime = runtime() if runtime else None
                results[scenario].append(found)
    print(
        f"\n### {where}: {args.latency * 1000:.0f} ms per request, {args.connection_latency * 1000:.0f} ms per "
        f"new connection, TLS {'on' if args.tls else 'off'}, median of {args.repeat} runs, the PR adding {args.entry}"
    )
    net = "" if runtime is None else " less the runtime's own |"
    print(
        "| | GitHub requests | registry requests | connections | first request at | last answer → end "
        f"| wall, median (min–max) |{net}"
    )
    print("|---|---:|---:|---:|---:|---:|---|" + ("---:|" if net else ""))
    for scenario, samples in results.items():
        walls = [s.wall for s in samples]
        less = "" if runtime is None else f" {less_runtime(samples):.2f} s |"
        print(
            f"| {scenario} | {median(s.github for s in samples)} | {median(s.registry for s in samples)} "
            f"| {median(s.connections for s in samples)} "
            f"| {statistics.median(s.first_request for s in samples):.2f} s "
            f"| {statistics.median(s.tail for s in samples):.2f} s "
            f"| {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) |{less}"
        )
    return results


def less_runtime(samples: list[Sample]) -> float:
    """The median of each run's wall time less the runtime's own cost measured right after it."""
    return statistics.median(s.wall - (s.runtime or 0.0) for s in samples)


def median(values: Any) -> str:
    found = sorted(values)
    low, high = found[0], found[-1]
    middle = statistics.median(found)
    text = f"{middle:g}"
    return text if low == high else f"{text} ({low}–{high})"


def endpoints(results: dict[str, list[Sample]]) -> None:
    for scenario, samples in results.items():
        routes = samples[-1].routes
        print(f"\n#### {scenario}: requests by endpoint (one run)")
        print("| requests | endpoint |\n|---:|---|")
        for route, count in sorted(routes.items()):
            registry = route.split(" ", 1)[1].startswith(REGISTRY_ROUTES)
            print(f"| {count} | `{route}`{' (not GitHub)' if registry else ''} |")


def startup(command: list[str], repeat: int) -> str:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return f"{statistics.median(times):.2f} s"


def runtime_cost(image: str, repeat: int) -> float:
    """The median wall time of what a measured container run does around the bot, with `true` in its
    place: `buildah from`, `buildah run` (chroot, host network) and `buildah rm`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        container = buildah("from", "--quiet", "--pull=never", image)
        try:
            subprocess.run(["buildah", "run", "--network", "host", container, "--", "true"], check=True)
        finally:
            buildah("rm", container)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cpu_probe() -> float:
    """Seconds this machine takes for a fixed pure-Python workload (10 million additions), best of 3.
    The wall times above are mostly CPU once the injected latency is taken out, and a shared machine's
    speed can vary twofold within an hour: the probe, printed before and after, says which it was."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every request")
    parser.add_argument(
        "--connection-latency",
        type=float,
        default=None,
        help="seconds per new connection (default 2 × latency)",
    )
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-tls", dest="tls", action="store_false")
    parser.add_argument("--image", help="also run each scenario in this image (buildah)")
    parser.add_argument("--no-venv", dest="venv", action="store_false", help="only the image's runs")
    parser.add_argument("--json", metavar="FILE", help="write the medians to FILE")
    parser.add_argument(
        "--entry",
        default=DEMO_ENTRY,
        help=f"the example catalog's entry the pull request adds (default {DEMO_ENTRY}, which names its "
        "PyPI and conda packages; catalog/flair.yml names only its PyPI one)",
    )
    args = parser.parse_args()
    if args.connection_latency is None:
        args.connection_latency = 2 * args.latency
    if not (args.venv or args.image):
        parser.error("--no-venv measures only the image: name it with --image")
    probes = [cpu_probe()]
    print(f"CPU probe before: {probes[0]:.2f} s (10 million additions in Python, best of 3)")
    measured = {}
    if args.venv:
        measured["local venv"] = measure("`python -m bot run` from the local venv", in_process, args)
        endpoints(measured["local venv"])
        print(
            f"\nPython start-up alone (`python -m bot --version`): {startup([sys.executable, '-m', 'bot', '--version'], args.repeat)}"
        )
    if args.image:
        where = f"`buildah from` + `run` + `rm` of {args.image}"
        image = args.image
        measured["container"] = measure(where, in_container(image), args, lambda: runtime_cost(image, 1))
        costs = [s.runtime or 0.0 for samples in measured["container"].values() for s in samples]
        print(
            f"\nThe container runtime's own cost, the same `buildah from` + `run` + `rm` with `true` for the "
            f"bot, after each run: median {statistics.median(costs):.2f} s ({min(costs):.2f}–{max(costs):.2f}); "
            "the last column is the median of each run's wall time less the cost measured after it."
        )
    probes.append(cpu_probe())
    print(f"CPU probe after: {probes[1]:.2f} s")
    if args.json:
        summary: dict[str, Any] = {
            where: {
                scenario: {
                    "github_requests": statistics.median(s.github for s in samples),
                    "connections": statistics.median(s.connections for s in samples),
                    "wall_s": round(statistics.median(s.wall for s in samples), 3),
                    "first_request_s": round(statistics.median(s.first_request for s in samples), 3),
                    "last_answer_to_end_s": round(statistics.median(s.tail for s in samples), 3),
                }
                for scenario, samples in results.items()
            }
            for where, results in measured.items()
        }
        if args.image:
            for scenario, samples in measured["container"].items():
                summary["container"][scenario]["less_runtime_s"] = round(less_runtime(samples), 3)
            summary["container runtime's own cost"] = {"median_s": round(statistics.median(costs), 3)}
        summary["cpu probe, before and after"] = {"seconds": [round(probe, 3) for probe in probes]}
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
