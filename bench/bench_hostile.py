"""Benchmark hostile entries and repositories (issue 13): time and memory of one review each.

Run: .venv/bin/python bench/bench_hostile.py [--only NAME]

Each scenario is the demo's PR #1 (adding skorch) made hostile, reviewed by the real
`python -m bot run` against the GitHub simulator; the slow-loris server listens on 127.0.0.1 only.
Printed per scenario: wall time, peak memory (max RSS) of the Action's process, exit code, what the
comment says about the attack, and whether it finished within the per-review deadline.
Each scenario runs in its own child process so that the peak memory is that review's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.commands.demo import CATALOG_REPO, demo_state, run_action
from bot.config import DEFAULT_REVIEW_DEADLINE
from bot.simulator import Simulator
from bot.simulator.events import pull_request_event
from bot.sticky import REVIEW
from tests.hostile_files import aliased_entry, billion_laughs_yaml
from tests.hostile_servers import slow_loris_server

SKORCH = Path(__file__).resolve().parents[1] / "examples" / "catalog" / "catalog" / "skorch.yml"


def _entry(**extra: str) -> str:
    text = SKORCH.read_text(encoding="utf-8")
    return text + "".join(f"{key}: {value}\n" for key, value in extra.items())


def _with_homepage(server: str) -> str:
    return SKORCH.read_text(encoding="utf-8").replace("https://skorch.readthedocs.io\n", f"{server}/\n", 1)


def _with_tutorials(server: str, count: int) -> str:
    text = SKORCH.read_text(encoding="utf-8")
    head, _, tail = text.partition("tutorials:\n")
    rest = tail.split("\n", 1)[1]
    urls = "".join(f"  - {server}/tutorial-{n}\n" for n in range(count))
    return f"{head}tutorials:\n{urls}{rest}"


SCENARIOS = {
    "alias entry (refused: 10,000 aliases of a 46 KB string)": "refused-alias",
    "alias entry (accepted: 9,000 aliases, just under 1 MiB expanded)": "worst-alias",
    "billion-laughs workflow (411 bytes)": "laughs",
    "slow-loris homepage": "slow-loris",
    "500 tutorial URLs (slow-loris)": "tutorials",
}


@contextmanager
def scenario_state(kind: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The simulator state for the scenario, and the text to look for in the comment."""
    now = datetime.now(UTC).replace(microsecond=0)
    if kind == "refused-alias":
        yield demo_state(now, entry_text=aliased_entry(10_000, 46_000)), "aliases expand to more than"
    elif kind == "worst-alias":
        yield demo_state(now, entry_text=aliased_entry(9_000, 110)), "### Ecosystem review"
    elif kind == "laughs":
        state = demo_state(now)
        repo = next(r for r in state["repositories"] if r["name"] == "skorch-dev/skorch")
        repo["commits"][0]["files"][".github/workflows/testing.yml"] = billion_laughs_yaml()
        yield state, "too large to read safely"
    else:
        with slow_loris_server() as server:
            text = _with_homepage(server) if kind == "slow-loris" else _with_tutorials(server, 500)
            yield demo_state(now, entry_text=text, offline=False), "no complete answer within"


def run_one(kind: str) -> dict[str, Any]:
    with (
        scenario_state(kind) as (state, expected),
        Simulator(state) as sim,
        tempfile.TemporaryDirectory() as work,
    ):
        payload = pull_request_event(sim.state, CATALOG_REPO, 1)
        started = time.monotonic()
        run = run_action(sim, "pull_request_target", payload, Path(work))
        seconds = time.monotonic() - started
        comments = [c for c in sim.comments(CATALOG_REPO, 1) if REVIEW.marker in c["body"]]
        body = comments[0]["body"] if comments else ""
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(peak_kib / 1024, 1),
        "exit": run.exit_code,
        "comments": len(comments),
        "reported": expected in body,
        "traceback": "Traceback" in run.stdout + run.stderr,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", help="run one scenario (its short name)", choices=sorted(SCENARIOS.values())
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child)))
        return 0
    print(f"Per-review deadline (review-deadline default): {DEFAULT_REVIEW_DEADLINE:g} s\n")
    print("| scenario | wall time | peak memory | exit | comments | attack reported | within deadline |")
    print("|---|---:|---:|---:|---:|---|---|")
    failures = 0
    for title, kind in SCENARIOS.items():
        if args.only and kind != args.only:
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            print(f"| {title} | failed: {done.stderr.strip().splitlines()[-1:]} |")
            failures += 1
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        within = (
            result["seconds"] < DEFAULT_REVIEW_DEADLINE
            and result["comments"] == 1
            and not result["traceback"]
        )
        failures += not (within and result["reported"])
        print(
            f"| {title} | {result['seconds']:.1f} s | {result['peak_mib']:.0f} MiB | {result['exit']} | "
            f"{result['comments']} | {'yes' if result['reported'] else 'NO'} | {'yes' if within else 'NO'} |"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
