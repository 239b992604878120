"""Issue 13, end to end: hostile strings in every field of the entry and of the linked repository
(README, description, topics, license name, commit names and e-mails, workflow lines, release tags,
SBOM package names, PyPI metadata) reach the comment only as inert text, as GitHub would render it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.commands.demo import demo_state
from bot.escape import LINK_HOSTS
from bot.simulator import Simulator
from tests.e2e.conftest import World
from tests.gfm import problems
from tests.hostile_corpus import HOSTILE

FIELDS = 26  # hostile strings used per run, one per field below
RUNS = -(-len(HOSTILE) // FIELDS)


def _entry_text(pick: list[str]) -> str:
    data = yaml.safe_load(Path("examples/catalog/catalog/skorch.yml").read_text(encoding="utf-8"))
    data.update(
        name=pick[0],
        description=pick[1],
        tags=[pick[2], pick[3]],
        homepage=f"https://evil.example/{pick[4]}",
        documentation=pick[5],
        tutorials=[f"https://github.com/skorch-dev/skorch/{pick[6]}", pick[7]],
        maintainers=[pick[8], "BenjaminBossan"],
    )
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _hostile_repository(state: dict[str, Any], pick: list[str], permissive: bool) -> None:
    """Hostile strings in the linked repository; `permissive`: an MIT license instead of a hostile
    name, so that the dependency-license check runs and names the SBOM's packages."""
    repo = next(r for r in state["repositories"] if r["name"] == "skorch-dev/skorch")
    repo["description"] = pick[9]
    repo["topics"] = [pick[10], "pytorch"]
    repo["license"] = "MIT" if permissive else pick[11]
    files = repo["commits"][0]["files"]
    files["README.md"] = (
        f"# skorch\n\n{pick[12]} A scikit-learn compatible library that wraps PyTorch.\n\n"
        f"## Installation {pick[13]}\n\n```bash\npip install skorch {pick[14]}\n```\n\n"
        f"## Example\n\n```python\nfrom skorch import NeuralNet  # {pick[15]}\n```\n"
    )
    files[".github/workflows/testing.yml"] = yaml.safe_dump(
        {
            "name": pick[16],
            "on": {"push": None},
            "jobs": {
                "test": {"runs-on": "ubuntu-latest", "steps": [{"run": f"pytest skorch/tests {pick[17]}"}]}
            },
        },
        allow_unicode=True,
    )
    repo["generate_commits"]["authors"] = [
        "BenjaminBossan",
        {"name": pick[18], "email": f"{pick[19]}@example.com"},
        {"name": "Someone", "email": pick[20]},
    ]
    repo["releases"] = [{"tag": f"v1.1.0{pick[21]}", "published_at": "now-60d"}]
    repo["sbom"]["packages"] = [
        {"name": pick[22], "version": "1"},
        {"name": "torch", "version": "2.5"},
    ]
    info = state["pypi"]["skorch"]["info"]
    info["summary"] = pick[23]
    info["license_expression"] = pick[24]
    info["project_urls"] = {
        pick[25]: "https://github.com/skorch-dev/skorch",
        "Docs": f"https://evil.example/{pick[25]}",
    }


def _world(tmp_path: Path, pick: list[str], permissive: bool = False) -> Iterator[World]:
    state = demo_state(datetime.now(UTC).replace(microsecond=0), entry_text=_entry_text(pick))
    _hostile_repository(state, pick, permissive)
    with Simulator(state) as sim:
        yield World(sim, tmp_path)


@pytest.mark.parametrize("run_index", range(RUNS))
def test_hostile_repository_and_entry_give_an_inert_comment(tmp_path: Path, run_index: int):
    pick = [HOSTILE[(run_index * FIELDS + n) % len(HOSTILE)] for n in range(FIELDS)]
    for world in _world(tmp_path, pick, permissive=run_index % 2 == 1):
        run = world.open_pr(extra_env={"ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01"})
        assert run.exit_code in (0, 1), run.stdout + run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        body = world.review_comment()["body"]
        for markdown in (body, run.summary):
            assert problems(markdown, LINK_HOSTS) == []


# Fields above that the comment shows (at least; others are read but not quoted): checked with plain
# markers, so the hostile runs above cannot pass by not showing the fields at all.
# (Contributors are shown by lowercased e-mail or login; the SBOM's packages when the license is permissive.)
SHOWN = [0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 19, 20, 21, 22, 25]


def test_the_hostile_fields_reach_the_comment(tmp_path: Path):
    pick = [f"Qz{n:02d}z" for n in range(FIELDS)]
    shown: set[int] = set()
    for permissive in (False, True):
        for world in _world(tmp_path / str(permissive), pick, permissive):
            world.open_pr()
            body = world.review_comment()["body"].lower()
            shown |= {n for n in range(FIELDS) if pick[n].lower() in body}
    assert set(SHOWN) <= shown, sorted(set(SHOWN) - shown)
