"""Issue 13, end to end: a linked repository whose files are built to crash or stall a parser
(deeply nested recipe/meta.yaml, pyproject.toml and setup.py, a billion-laughs workflow) gets a
review with those facts "could not check", the files named; no traceback, no hang."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.commands.demo import CATALOG_REPO, demo_state
from bot.simulator import Simulator
from tests.e2e.conftest import World
from tests.hostile_files import aliased_entry, billion_laughs_yaml, deep_python, deep_toml, deep_yaml
from tests.hostile_servers import slow_loris_server

SKORCH = "examples/catalog/catalog/skorch.yml"


def hostile_world(tmp_path: Path, files: dict[str, str], **options: Any) -> Iterator[World]:
    state = demo_state(datetime.now(UTC).replace(microsecond=0), **options)
    repo = next(r for r in state["repositories"] if r["name"] == "skorch-dev/skorch")
    repo["commits"][0]["files"].update(files)
    with Simulator(state) as sim:
        yield World(sim, tmp_path)


def test_files_that_crash_or_inflate_parsers_give_could_not_check_with_the_file_named(tmp_path: Path):
    files = {
        "pyproject.toml": deep_toml(),
        "setup.py": deep_python(),
        "recipe/meta.yaml": deep_yaml(),
        ".github/workflows/testing.yml": billion_laughs_yaml(),
    }
    entry = Path("examples/catalog/catalog/skorch.yml").read_text(encoding="utf-8")
    entry = entry.replace("  pip: skorch\n  conda: conda-forge::skorch\n", "")
    for world in hostile_world(tmp_path, files, entry_text=entry):
        started = time.monotonic()
        run = world.open_pr()
        assert time.monotonic() - started < 60
        assert run.exit_code in (0, 1), run.stdout + run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert "workflow too large to read safely once its aliases are expanded" in body
        assert "pyproject.toml: could not be read (RecursionError)" in body


def _catalog_config(state: dict[str, Any], extra: str) -> None:
    catalog = next(r for r in state["repositories"] if r["name"] == CATALOG_REPO)
    catalog["commits"][0]["files"][".github/ecosystem-bot.yml"] += extra


def test_an_entry_repeating_a_long_string_by_aliases_is_refused_in_seconds(tmp_path: Path):
    for world in hostile_world(tmp_path, {}, entry_text=aliased_entry(10_000, 46_000)):
        started = time.monotonic()
        run = world.open_pr()
        assert time.monotonic() - started < 30
        assert run.exit_code == 1, run.stdout + run.stderr
        assert "aliases expand to more than 1,048,576 bytes of text" in world.review_comment()["body"]


def test_a_lone_surrogate_in_a_json_entry_is_shown_as_a_replacement_character(tmp_path: Path):
    entry = json.loads(json.dumps(yaml.safe_load(Path(SKORCH).read_text(encoding="utf-8"))))
    entry["name"] = "sk\ud800orch"
    text = json.dumps(entry)  # ASCII with the escape "\ud800", as a hostile JSON file would carry it
    for world in hostile_world(tmp_path, {}, added_entry="catalog/skorch.json", entry_text=text):
        run = world.open_pr()
        assert run.exit_code in (0, 1), run.stdout + run.stderr
        assert "sk\ufffdorch" in world.review_comment()["body"]
        assert "sk\ufffdorch" in run.summary


def test_a_slow_loris_homepage_and_500_tutorials_stay_within_the_link_deadline(tmp_path: Path):
    with slow_loris_server() as server:
        entry = (
            Path(SKORCH)
            .read_text(encoding="utf-8")
            .replace("https://skorch.readthedocs.io\n", f"{server}/\n", 1)
        )
        tutorials = "".join(f"  - {server}/t{n}\n" for n in range(500))
        entry = entry.replace("tutorials:\n", f"tutorials:\n{tutorials}", 1)
        state = demo_state(datetime.now(UTC).replace(microsecond=0), entry_text=entry, offline=False)
        _catalog_config(state, "links: {check: true, max-probes: 3, seconds: 2}\n")
        with Simulator(state) as sim:
            world = World(sim, tmp_path)
            started = time.monotonic()
            run = world.open_pr()
            assert time.monotonic() - started < 30
            assert run.exit_code in (0, 1), run.stdout + run.stderr
            report = json.loads(
                (world.work / "run1" / "ecosystem-bot-report.json").read_text(encoding="utf-8")
            )
    assert "no complete answer within 2 s" in world.review_comment()["body"]
    assert report["entries"]


def test_a_repository_slower_than_the_review_deadline_is_could_not_check(tmp_path: Path):
    for world in hostile_world(tmp_path, {}):
        with world.sim.state.lock:
            catalog = world.sim.state.repo(CATALOG_REPO)
            head = catalog.commits[catalog.branches[catalog.default_branch]]
        config = head.tree[".github/ecosystem-bot.yml"] + "review-deadline: 10\n"
        _commit_config(world, config)
        world.sim.set_latency(14, "GET /repos/{owner}/{repo}/dependency-graph/sbom")
        started = time.monotonic()
        run = world.open_pr()
        elapsed = time.monotonic() - started
        assert run.exit_code == 0, run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert "not read within the review's time budget (10 s" in body
        assert elapsed < 30


def _commit_config(world: World, text: str) -> None:
    from bot.simulator.state import make_commit

    state = world.sim.state
    with state.lock:
        repo = state.repo(CATALOG_REPO)
        parent = repo.commits[repo.branches[repo.default_branch]]
        commit = make_commit(
            parent, "config", state.now, state.user("maintainer"), {".github/ecosystem-bot.yml": text}
        )
        repo.commits[commit.sha] = commit
        repo.branches[repo.default_branch] = commit.sha
