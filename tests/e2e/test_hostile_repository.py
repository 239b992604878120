"""Issue 13, end to end: a linked repository whose files are built to crash or stall a parser
(deeply nested recipe/meta.yaml, pyproject.toml and setup.py, a billion-laughs workflow) gets a
review with those facts "could not check", the files named; no traceback, no hang."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.demo import demo_state
from bot.simulator import Simulator
from tests.e2e.conftest import World
from tests.hostile_files import billion_laughs_yaml, deep_python, deep_toml, deep_yaml


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
