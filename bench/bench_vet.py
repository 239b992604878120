"""Benchmark vetting: GitHub requests per repository (from the simulator's log) and local vetting time.

Run: .venv/bin/python bench/bench_vet.py [--repos 20] [--latency 0.05] [--commits 10000] [--repeat 3]
                                         [--checkout-commits 30000] [--checkout-repeat 5]

1. Requests: a simulated world of `--repos` repositories, each vetted with `gather` (GitHub +
   PyPI + conda-forge) under `--latency` seconds per request; prints requests per repository by
   route, the wall time per repository against the sum of its request latencies (concurrency),
   and the audit's batched pass (`bot.audit.github_pass.fetch_github`, 15 repositories per GraphQL query).
2. Local: a `--commits`-commit repository generated with `git fast-import` (20 authors over three
   years), then `gather_local` and the policy's verdict timed, best and median of `--repeat`.
3. The command a user runs on a large checkout: `python -m bot vet PATH` on a `--checkout-commits`
   repository (built once with `git fast-import`, 200 authors over eight years, 2,000 files; kept
   in .cache/bench/ for the next runs), wall time and CPU (user + sys) of the whole process with
   the bot's byte-code compiled first, median of `--checkout-repeat`. Goal (issue 14): 30,000 commits ≤ 1.5 s. No network: the
   registry URLs point at a closed port and no GitHub token is passed.
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

ROOT = Path(__file__).resolve().parents[1]
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


CHECKOUT_START = datetime(2018, 1, 15, 12, 0, tzinfo=UTC)
CHECKOUT_FILES = 2000


def checkout_stream(commits: int, authors: int = 200) -> bytes:
    """A project's history: `authors` people (one in ten with a GitHub no-reply address, one bot),
    commits spread over eight years up to NOW, each changing one of CHECKOUT_FILES files, the
    first adding README, LICENSE and a CI workflow."""
    step = (NOW - CHECKOUT_START) / commits
    parts: list[bytes] = []
    for n in range(1, commits + 1):
        person = (n * 7919) % authors  # a spread, not a rotation
        if person == 0:
            name, email = "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"
        elif person % 10 == 0:
            name, email = f"Person {person}", f"{1000 + person}+person{person}@users.noreply.github.com"
        else:
            name, email = f"Person {person}", f"person{person}@example.org"
        when = int((CHECKOUT_START + step * n).timestamp())
        message = f"Change {n}\n\nWhy it was needed.\n".encode()
        files = {f"src/pkg{n % 40}/module_{n % CHECKOUT_FILES}.py": f"VALUE = {n}\n"}
        if n == 1:
            files = {
                "README.md": "# Big project\n\n## Install\n\n```\npip install big-project\n```\n",
                "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
                ".github/workflows/ci.yml": WORKFLOW,
                "tests/test_a.py": "def test_a(): pass\n",
            }
        body = b"".join(
            f"M 100644 inline {path}\ndata {len(text.encode())}\n".encode() + text.encode() + b"\n"
            for path, text in files.items()
        )
        parts.append(
            b"commit refs/heads/main\n"
            + f"mark :{n}\n".encode()
            + f"author {name} <{email}> {when} +0000\n".encode()
            + f"committer {name} <{email}> {when} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + (f"from :{n - 1}\n".encode() if n > 1 else b"")
            + body
            + b"\n"
        )
    return b"".join(parts)


def cached_checkout(commits: int) -> tuple[Path, float | None]:
    """The constructed checkout under .cache/bench/ (built when missing); the build time when built."""
    path = ROOT / ".cache" / "bench" / f"checkout-{commits}-commits"
    done = path / ".git" / "bench-complete"
    if done.is_file():
        return path, None
    subprocess.run(["rm", "-rf", str(path)], check=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(
        ["git", "-C", str(path), "fast-import", "--quiet"], input=checkout_stream(commits), check=True
    )
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "main"], check=True)
    subprocess.run(["git", "-C", str(path), "gc", "-q"], check=True)  # packed, as a clone is
    done.write_text("complete\n", encoding="utf-8")
    return path, time.perf_counter() - started


def bench_vet_command(commits: int, repeat: int) -> None:
    path, built = cached_checkout(commits)
    closed = "http://127.0.0.1:9"  # nothing listens: any registry lookup would fail at once
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ECOSYSTEM_BOT_", "INPUT_"))}
    env.update(ECOSYSTEM_BOT_PYPI_URL=f"{closed}/pypi", ECOSYSTEM_BOT_ANACONDA_URL=closed)
    command = [sys.executable, "-m", "bot", "vet", str(path), "--now", NOW.date().isoformat(), "--json"]
    # Byte-code first, as an installed package and the image have it (PYTHONDONTWRITEBYTECODE would
    # otherwise make every run compile the bot from source: ~0.3 s of the figure).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "bot")], check=True)
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1, 3):
            sys.exit(f"vet failed ({done.returncode}): {done.stderr}")
    report = json.loads(done.stdout)
    how = f"built with git fast-import in {built:.1f} s" if built is not None else "cached in .cache/bench/"
    print(f"## `python -m bot vet PATH` of a {commits:,}-commit checkout ({how})")
    print(
        f"wall: median {statistics.median(walls):.2f} s, best {min(walls):.2f} s (of {len(walls)}); "
        f"CPU (user + sys): median {statistics.median(cpus):.2f} s; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"verdict {report['verdict']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--checkout-commits", type=int, default=30_000)
    parser.add_argument("--checkout-repeat", type=int, default=5)
    parser.add_argument("--only-checkout", action="store_true", help="run part 3 only")
    args = parser.parse_args()
    if not args.only_checkout:
        bench_requests(args.repos, args.latency)
        print()
        bench_local(args.commits, args.repeat)
        print()
    bench_vet_command(args.checkout_commits, args.checkout_repeat)


if __name__ == "__main__":
    main()
