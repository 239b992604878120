"""Benchmark vetting: GitHub requests per repository (from the simulator's log) and local vetting time.

Run: .venv/bin/python bench/bench_vet.py [--repos 20] [--latency 0.05] [--commits 10000] [--repeat 3]

1. Requests: a simulated world of `--repos` repositories, each vetted with `gather` (GitHub +
   PyPI + conda-forge) under `--latency` seconds per request; prints requests per repository by
   route, the wall time per repository against the sum of its request latencies (concurrency),
   and the audit's batched pass (`bot.audit.github_pass.fetch_github`, 15 repositories per GraphQL query).
2. Local: a `--commits`-commit repository generated with `git fast-import` (20 authors over three
   years), then `gather_local` and the policy's verdict timed, best and median of `--repeat`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.audit.github_pass import fetch_github
from bot.facts.gather import FactsRequest, gather
from bot.facts.local import gather_local
from bot.github import GitHubClient
from bot.policies.loader import load_policy
from bot.simulator import Simulator
from bot.verdicts import evaluate_entry

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
WORKFLOW = (
    "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
)


def world(repos: int) -> dict[str, Any]:
    repositories = []
    pypi = {}
    for n in range(repos):
        name = f"project-{n}"
        repositories.append(
            {
                "name": f"org{n % 5}/{name}",
                "license": "MIT" if n % 3 else "NOASSERTION",
                "stars": 100 + n,
                "ci": "success",
                "contributors": 10 + n,
                "commits": [
                    {
                        "date": "now-700d",
                        "author": "ada",
                        "files": {
                            "README.md": f"# {name}\n\npip install {name}\n",
                            "LICENSE": "MIT License\n",
                            "pyproject.toml": f'[project]\nname = "{name}"\n',
                            ".github/workflows/ci.yml": WORKFLOW,
                            "tests/test_a.py": "def test_a(): pass\n",
                        },
                    }
                ],
                "generate_commits": {"count": 60, "since": "now-300d", "authors": ["ada", "bob", "cy"]},
                "releases": [{"tag": "v1.0", "published_at": "now-30d"}],
                "issues": [{"author": "zed", "created_at": "now-5d", "comments": [{"author": "ada"}]}],
                "sbom": {"packages": [{"name": "torch", "version": "2.5", "license": "BSD-3-Clause"}]},
            }
        )
        pypi[name] = {"info": {"license_expression": "MIT"}, "urls": [{"packagetype": "bdist_wheel"}]}
    return {
        "now": "2026-01-15T12:00:00Z",
        "tokens": {"bench": "bench"},
        "repositories": repositories,
        "pypi": pypi,
    }


def bench_requests(repos: int, latency: float) -> None:
    spec = world(repos)
    slugs = [r["name"] for r in spec["repositories"]]
    with Simulator(spec) as sim:
        sim.set_latency(latency)
        client = GitHubClient("bench", sim.url, sim.graphql_url)
        walls = []
        for slug in slugs:
            started = time.perf_counter()
            gather(client, FactsRequest(slug=slug, pypi_url=sim.pypi_url, anaconda_url=sim.anaconda_url), NOW)
            walls.append(time.perf_counter() - started)
        routes = Counter(record.route for record in sim.requests)
        costs = [r.graphql_cost or 0 for r in sim.requests if r.route == "POST /graphql"]
        sequential = sum(r.latency_s for r in sim.requests) / repos
        print(
            f"## Requests per repository vetted ({repos} repositories, {latency * 1000:.0f} ms per request)"
        )
        github = sum(n for route, n in routes.items() if not route.startswith(("GET /pypi", "GET /anaconda")))
        print(
            f"GitHub requests per repository: {github / repos:.2f} (GraphQL points per query: {max(costs)})"
        )
        for route, count in sorted(routes.items()):
            print(f"  {count / repos:5.2f}  {route}")
        print(
            f"wall time per repository: median {statistics.median(walls) * 1000:.0f} ms "
            f"(sum of its request latencies: {sequential * 1000:.0f} ms)"
        )
        sim.clear_requests()
        started = time.perf_counter()
        found = fetch_github(client, slugs, NOW, batch=15).facts
        elapsed = time.perf_counter() - started
        print(
            f"audit pass (fetch_github, batch 15): {len(sim.requests)} GraphQL requests for {repos} "
            f"repositories, {elapsed * 1000:.0f} ms, all available: {all(f.available for f in found.values())}"
        )


def fast_import_stream(commits: int, authors: int = 20) -> bytes:
    start = NOW - timedelta(days=3 * 365)
    step = (NOW - start) / commits
    parts: list[bytes] = []
    for n in range(1, commits + 1):
        person = n % authors
        when = int((start + step * n).timestamp())
        message = f"Commit {n}\n".encode()
        content = f"line {n}\n".encode()
        path = f"src/module_{n % 50}.py" if n > 1 else "README.md"
        parts.append(
            b"commit refs/heads/main\n"
            + f"mark :{n}\n".encode()
            + f"author Person {person} <person{person}@example.org> {when} +0000\n".encode()
            + f"committer Person {person} <person{person}@example.org> {when} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + (f"from :{n - 1}\n".encode() if n > 1 else b"")
            + f"M 100644 inline {path}\n".encode()
            + f"data {len(content)}\n".encode()
            + content
            + b"\n"
        )
    return b"".join(parts)


def make_repository(path: Path, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(
        ["git", "-C", str(path), "fast-import", "--quiet"], input=fast_import_stream(commits), check=True
    )
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "main"], check=True)


def bench_local(commits: int, repeat: int) -> None:
    policy = load_policy()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big"
        started = time.perf_counter()
        make_repository(path, commits)
        built = time.perf_counter() - started
        gathers, verdicts = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            facts = gather_local(path, NOW)
            gathers.append(time.perf_counter() - started)
            started = time.perf_counter()
            verdict = evaluate_entry(policy, facts, [], "big")
            verdicts.append(time.perf_counter() - started)
        print(
            f"## Local vetting of a {commits:,}-commit repository (built with git fast-import in {built:.2f} s)"
        )
        print(
            f"gather_local: best {min(gathers) * 1000:.0f} ms, median {statistics.median(gathers) * 1000:.0f} ms; "
            f"verdict: median {statistics.median(verdicts) * 1000:.1f} ms"
        )
        print(
            f"facts: {facts.commits_365d} commits in 365 days, {facts.contributors} contributors, "
            f"verdict {verdict.verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_requests(args.repos, args.latency)
    print()
    bench_local(args.commits, args.repeat)


if __name__ == "__main__":
    main()
