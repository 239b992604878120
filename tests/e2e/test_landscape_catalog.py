"""The Action on a landscape2 catalog (one landscape.yml), as PyTorch's catalog is today."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema

from bot.applications.rubric import ROWS, row_name
from bot.commands.demo import CATALOG_REPO, demo_state, run_action
from bot.policies import load_policy
from bot.schemas import load_schema
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
        comments = [c for c in sim.comments(CATALOG_REPO, 1) if c["user"]["login"] == "github-actions[bot]"]
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


# ---- the Working Group's rubric in the PR comment and the report (issue 11, item 4) -------------------

VALID_ADDED = ADDED.replace("/tree/master/docs", "")
STATUSES = "✅ Pass|⚠️ Caution|❌ Fail|❓ Needs human judgment"
TORCH = {"info": {"version": "2.9.1"}, "releases": {"2.9.1": [{}], "2.8.0": [{}], "2.7.1": [{}]}}


def rubric_world(now: datetime, policy: str) -> dict:
    state = landscape_world(now)
    catalog = state["repositories"][-1]
    config = f"policy: {policy}\ncatalog: {{format: landscape}}\nlinks: {{check: false}}\n"
    catalog["commits"][0]["files"][".github/ecosystem-bot.yml"] = config
    catalog["pull_requests"][0]["commits"][0]["files"]["landscape.yml"] = BASE + VALID_ADDED
    state.setdefault("pypi", {})["torch"] = TORCH
    return state


def review_pr(tmp_path: Path, policy: str) -> tuple[str, dict]:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(rubric_world(now, policy)) as sim:
        run = run_action(sim, "pull_request_target", pull_request_event(sim.state, CATALOG_REPO, 1), tmp_path)
        assert "Traceback" not in run.stdout + run.stderr, run.stderr
        comments = [c for c in sim.comments(CATALOG_REPO, 1) if c["user"]["login"] == "github-actions[bot]"]
        assert len(comments) == 1, run.stdout + run.stderr
    report = json.loads((tmp_path / "ecosystem-bot-report.json").read_text(encoding="utf-8"))
    return comments[0]["body"], report


def test_under_pytorch_tac_v1_each_entry_shows_the_19_row_rubric_lean_and_sidecar(tmp_path: Path):
    body, report = review_pr(tmp_path, "pytorch-tac-v1")
    table = re.findall(rf"^\| (.+?) \| ({STATUSES}) \| (.*) \|$", body, re.M)
    names = [name for name, _, _ in table]
    assert names == [
        row_name(load_policy("pytorch-tac-v1"), row_id, template) for row_id, template in ROWS
    ]  # 19 rows, in the rubric's order
    assert body.count("| Criterion | Status | Notes |") == 1
    assert "| | Criterion | What we found |" not in body  # the rubric replaces the policy's own table
    found = {name: (status, note) for name, status, note in table}
    assert found["LICENSE.md"] == ("⚠️ Caution", "license file is LICENSE, not LICENSE.md (naming gap)")
    assert found["Stars (≥ 200)"] == ("✅ Pass", "")
    lean = re.search(
        r"^\*\*Suggested lean: (Approve|Needs more info|Too early|Decline)\*\* — (.+)$", body, re.M
    )
    assert lean is not None and lean.group(1) == report["entries"][0]["rubric"]["lean"]
    assert "LICENSE.md" in lean.group(2)  # the one-line reason names the rows to resolve
    assert "_A human on the Ecosystem Working Group decides" in body
    sidecar = body.index("<details><summary>Verification sidecar")
    assert body.index("**To fix**") < sidecar < body.index("</details>", sidecar)
    head = report["entries"][0]["rubric"]["head_sha"]  # the vetted repository's commit, not the PR's
    assert f"https://github.com/skorch-dev/skorch/blob/{head}/LICENSE.md" in body  # a missing file, linked


def test_the_pr_report_carries_the_rubric_and_follows_the_schema(tmp_path: Path):
    _, report = review_pr(tmp_path, "pytorch-tac-v1")
    jsonschema.Draft202012Validator(load_schema("report")).validate(report)
    rubric = report["entries"][0]["rubric"]
    assert [row["id"] for row in rubric["rows"]] == [row_id for row_id, _ in ROWS]
    license_row = next(row for row in rubric["rows"] if row["id"] == "license-file")
    assert license_row["status_text"] == "⚠️ Caution" and license_row["numbers"] == {"file": "LICENSE"}
    assert license_row["would_change"] == "rename LICENSE to LICENSE.md"
    assert rubric["lean"] in ("Approve", "Needs more info", "Too early", "Decline") and rubric["lean_reason"]


def test_under_pytorch_2019_no_rubric_appears(tmp_path: Path):
    body, report = review_pr(tmp_path, "pytorch-2019")
    assert "| | Criterion | What we found |" in body
    assert "| Criterion | Status | Notes |" not in body
    assert "Suggested lean" not in body and "Verification sidecar" not in body
    assert "Working Group decides" not in body
    assert all("rubric" not in entry for entry in report["entries"])
    jsonschema.Draft202012Validator(load_schema("report")).validate(report)
