"""The Action on a landscape2 catalog (one landscape.yml), as PyTorch's catalog is today."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.demo import CATALOG_REPO, demo_state, run_action
from bot.simulator import Simulator
from bot.simulator.events import pull_request_event

BASE = """landscape:
  - category:
    name: Training
    subcategories:
      - subcategory:
        name: Training Frameworks
        items:
          - item:
            name: flair
            homepage_url: https://github.com/flairNLP/flair
            logo: flair.svg
            repo_url: https://github.com/flairNLP/flair
"""
ADDED = """          - item:
            name: skorch
            homepage_url: https://skorch.readthedocs.io
            logo: skorch.svg
            repo_url: https://github.com/skorch-dev/skorch/tree/master/docs
"""


def landscape_world(now: datetime) -> dict:
    state = demo_state(now)
    catalog = state["repositories"][-1]
    catalog["commits"][0]["files"] = {
        ".github/ecosystem-bot.yml": "policy: pytorch-tac-v1\ncatalog: {format: landscape}\nlinks: {check: false}\n",
        "landscape.yml": BASE,
        "hosted_logos/flair.svg": "<svg/>",
    }
    catalog["pull_requests"][0]["commits"] = [
        {
            "message": "Add skorch",
            "files": {"landscape.yml": BASE + ADDED, "hosted_logos/skorch.svg": "<svg/>"},
        }
    ]
    return state


def test_added_landscape_item_is_found_located_and_vetted(tmp_path: Path):
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(landscape_world(now)) as sim:
        run = run_action(sim, "pull_request_target", pull_request_event(sim.state, CATALOG_REPO, 1), tmp_path)
        assert run.exit_code == 1, run.stdout + run.stderr  # a sub-page repo_url makes the item invalid
        assert "::error file=landscape.yml,line=17,col=23" in run.stdout
        comments = [
            c for c in sim.state.comments(CATALOG_REPO, 1) if c["user"]["login"] == "github-actions[bot]"
        ]
        body = comments[0]["body"]
        assert "**skorch** → [skorch-dev/skorch](https://github.com/skorch-dev/skorch)" in body
        assert "policy `pytorch-tac-v1`" in body
        assert "`landscape.yml:17:" in body  # the sub-page repo_url, located, with the fix
        assert "flair" not in body.split("<details>")[0].lower().replace(
            "flairnlp", ""
        )  # unchanged item: not reviewed
        labels = sim.state.issue_labels(CATALOG_REPO, 1)
        assert "category: training" in labels and "review: invalid entry" in labels
        assert "| ✅ | " in body  # the repository was still vetted, from the normalised URL
