"""Issue 13: one linked repository with files built to crash the parsers does not stop the audit."""

from __future__ import annotations

from pathlib import Path

from bot.simulator import Simulator
from tests.audit.conftest import run_cli
from tests.audit.world import world, write_catalog
from tests.hostile_files import billion_laughs_yaml, deep_python, deep_toml, deep_yaml


def test_the_audit_goes_on_past_a_hostile_repository(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path, 5)
    state = world(dict.fromkeys(range(5), "ok"))
    hostile = state["repositories"][3]  # the catalog repository comes first
    hostile["commits"][0]["files"].update(
        {
            "pyproject.toml": deep_toml(),
            "setup.py": deep_python(),
            "recipe/meta.yaml": deep_yaml(),
            ".github/workflows/ci.yml": billion_laughs_yaml(),
        }
    )
    with Simulator(state) as sim:
        run = run_cli(sim, "--catalog", str(catalog), "--now", "2026-06-01", "--json")
    assert run.exit_code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.json["entries"]) == 5
    assert {e["status"] for e in run.json["entries"]} <= {"ok", "at-risk"}
