"""Audit tests: a generated catalog on disk and `python -m bot audit` against the simulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from tests.audit.world import write_catalog

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data


def run_cli(sim: Simulator | None, *args: str, token: str = "bot-token") -> CliRun:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "ECOSYSTEM_BOT_"))}
    if sim is not None:
        env.update(
            GITHUB_TOKEN=token,
            GITHUB_API_URL=sim.url,
            GITHUB_GRAPHQL_URL=sim.graphql_url,
            ECOSYSTEM_BOT_PYPI_URL=sim.pypi_url,
            ECOSYSTEM_BOT_ANACONDA_URL=sim.anaconda_url,
        )
    done = subprocess.run(
        [sys.executable, "-m", "bot", "audit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return CliRun(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def catalog_300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("catalog300"), 300)


@pytest.fixture(scope="session")
def catalog_90(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("catalog90"), 90)
