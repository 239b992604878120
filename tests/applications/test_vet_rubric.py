"""`ecosystem-bot vet --policy pytorch-tac-v1` prints the Working Group's 19-row table (real entry point,
simulator over HTTP); other policies do not."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from bot.applications.rubric import ROWS
from bot.cli import main
from bot.schemas import load_schema
from bot.simulator import Simulator
from tests.simulated import module_simulator, point_commands_at

WORLD: dict[str, Any] = {
    "now": "2026-01-15T12:00:00Z",
    "tokens": {"vet-token": "someone"},
    "repositories": [
        {
            "name": "acme/widget",
            "license": "MIT",
            "stars": 200,
            "ci": "success",
            "commits": [
                {
                    "date": "now-300d",
                    "author": "ada",
                    "files": {
                        "README.md": "# widget\n\nWidgets for PyTorch.\n\n```\npip install widget\n```\n",
                        "LICENSE": "MIT License\n",
                        ".github/CODEOWNERS": "* @ada @bob\n",
                        "pyproject.toml": '[project]\nname = "widget"\ndependencies = ["torch<2.8"]\n',
                    },
                }
            ],
            "generate_commits": {"count": 29, "since": "now-80d", "authors": ["ada", "bob", "cy"]},
        }
    ],
    "pypi": {
        "widget": {"info": {"requires_dist": ["torch<2.8"]}, "urls": [{"packagetype": "bdist_wheel"}]},
        "torch": {"info": {"version": "2.9.0"}, "releases": {"2.9.0": [{}], "2.8.1": [{}], "2.7.0": [{}]}},
    },
}


sim = module_simulator(WORLD)


@pytest.fixture
def github_env(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> Simulator:
    return point_commands_at(sim, monkeypatch)


def test_vet_prints_the_19_rows_under_pytorch_tac_v1(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
):
    main(["vet", "acme/widget", "--policy", "pytorch-tac-v1", "--now", "2026-01-15"])
    out = capsys.readouterr().out
    assert "Ecosystem Review: acme/widget" in out
    table = re.findall(
        r"^\| (.+?) \| (✅ Pass|⚠️ Caution|❌ Fail|❓ Needs human judgment) \| (.*) \|$", out, re.M
    )
    assert len(table) == len(ROWS) == 19
    found = {name: (status, note) for name, status, note in table}
    assert found["Stars (≥ 200)"] == ("✅ Pass", "exactly at the 200-star minimum")
    assert found["Commits (≥ 30 in 90 days)"] == ("❌ Fail", "29 commits (at least 30 required)")
    assert found["CODEOWNERS"] == ("✅ Pass", "")
    assert found["LICENSE.md"][0] == "⚠️ Caution" and "naming gap" in found["LICENSE.md"][1]
    status, note = found["Ongoing Maintenance"]
    assert status == "⚠️ Caution"
    assert "2.9.0 and 2.8.1" in note and "leaves out 2.9, 2.8" in note
    assert re.search(r"^Suggested lean: (Too early|Needs more info|Decline|Approve) — ", out, re.M)


def test_other_policies_print_no_rubric(github_env: Simulator, capsys: pytest.CaptureFixture[str]):
    main(["vet", "acme/widget", "--now", "2026-01-15"])
    assert "Ecosystem Review:" not in capsys.readouterr().out


def vet_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["vet", "acme/widget", "--now", "2026-01-15", "--json", *args])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(load_schema("report")).validate(report)
    return report


def test_vet_json_carries_the_rubric_under_pytorch_tac_v1(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
):
    rubric = vet_json(["--policy", "pytorch-tac-v1"], capsys)["entries"][0]["rubric"]
    assert [row["id"] for row in rubric["rows"]] == [row_id for row_id, _ in ROWS]
    rows = {row["criterion"]: row for row in rubric["rows"]}
    commits = rows["Commits (≥ 30 in 90 days)"]
    assert (commits["status_text"], commits["note"]) == ("❌ Fail", "29 commits (at least 30 required)")
    assert commits["numbers"]["commits"] == 29 and commits["would_change"] == "at least 30 commits"
    assert rows["Stars (≥ 200)"]["links"][0].endswith("/acme/widget/stargazers")
    assert rubric["observed"] == "2026-01-15" and rubric["repository"] == "acme/widget"
    assert rubric["lean"] in ("Approve", "Needs more info", "Too early", "Decline") and rubric["lean_reason"]


def test_vet_json_and_text_say_the_same_rubric(github_env: Simulator, capsys: pytest.CaptureFixture[str]):
    rubric = vet_json(["--policy", "pytorch-tac-v1"], capsys)["entries"][0]["rubric"]
    main(["vet", "acme/widget", "--policy", "pytorch-tac-v1", "--now", "2026-01-15"])
    out = capsys.readouterr().out
    table = re.findall(
        r"^\| (.+?) \| (✅ Pass|⚠️ Caution|❌ Fail|❓ Needs human judgment) \| .* \|$", out, re.M
    )
    assert table == [(row["criterion"], row["status_text"]) for row in rubric["rows"]]
    assert f"Suggested lean: {rubric['lean']} — " in out


def test_vet_json_has_no_rubric_under_other_policies(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
):
    assert "rubric" not in vet_json([], capsys)["entries"][0]
