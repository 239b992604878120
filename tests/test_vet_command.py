"""`ecosystem-bot vet`: the real entry point against the simulator and a local checkout."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.cli import main
from bot.simulator import Simulator
from tests.facts.git_repo import GitRepo
from tests.facts.test_license_text import MIT
from tests.simulated import module_simulator, point_commands_at

SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "report.schema.json").read_text())

WORLD: dict[str, Any] = {
    "now": "2026-01-15T12:00:00Z",
    "tokens": {"vet-token": "someone"},
    "repositories": [
        {
            "name": "acme/widget",
            "license": "MIT",
            "stars": 500,
            "ci": "success",
            "commits": [
                {
                    "date": "now-300d",
                    "author": "ada",
                    "files": {
                        "README.md": "# widget\n\nWidgets for PyTorch.\n\n```\npip install widget\n```\n",
                        "LICENSE": MIT,
                        "pyproject.toml": '[project]\nname = "widget"\ndependencies = ["torch"]\n',
                    },
                }
            ],
            "generate_commits": {"count": 40, "since": "now-80d", "authors": ["ada", "bob", "cy"]},
        },
        {"name": "acme/nc", "license": "CC-BY-NC-4.0", "commits": [{"author": "ada", "files": {"x": "y"}}]},
    ],
    "pypi": {"widget": {"info": {"requires_dist": ["torch>=2"]}, "urls": [{"packagetype": "bdist_wheel"}]}},
}


sim = module_simulator(WORLD)


@pytest.fixture
def github_env(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> Simulator:
    return point_commands_at(sim, monkeypatch)


def test_json_report_follows_the_schema(github_env: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["vet", "acme/widget", "--json", "--now", "2026-01-15"])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    entry = report["entries"][0]
    assert entry["repository"] == "https://github.com/acme/widget"
    assert entry["license"] == {"spdx": "MIT", "tier": "permissive", "source": "github"}
    assert {c["id"] for c in entry["criteria"]} == {
        "well-tested",
        "clear-utility",
        "permissive-licensing",
        "easy-onboarding",
        "ongoing-maintenance",
        "community",
    }
    assert code == {"passed": 0, "needs-work": 0, "fail": 1, "invalid": 1, "incomplete": 3}[report["verdict"]]


def test_non_commercial_license_fails_licensing(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["vet", "https://github.com/acme/nc", "--json", "--now", "2026-01-15"])
    entry = json.loads(capsys.readouterr().out)["entries"][0]
    assert entry["license"]["tier"] == "not-open-source"
    licensing = next(c for c in entry["criteria"] if c["id"] == "permissive-licensing")
    assert licensing["status"] == "fail"
    assert code == 1


def test_readable_checklist_without_colour_when_piped(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["vet", "acme/widget", "--now", "2026-01-15"])
    captured = capsys.readouterr()
    assert captured.out.startswith("acme/widget · policy pytorch-2019 · ")
    assert "license: MIT (permissive, from github)" in captured.out
    assert "\033[" not in captured.out
    assert "GitHub API requests" in captured.err


def test_missing_repository_is_reported_not_crashed(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["vet", "acme/gone", "--now", "2026-01-15"])
    out = capsys.readouterr().out
    assert "acme/gone: not found on GitHub, or private" in out
    assert code != 0


def test_local_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("ECOSYSTEM_BOT_PYPI_URL", "http://127.0.0.1:9/pypi")  # nothing listens: unknown
    monkeypatch.setenv("ECOSYSTEM_BOT_ANACONDA_URL", "http://127.0.0.1:9/anaconda")
    repo = GitRepo(tmp_path / "checkout")
    repo.write("LICENSE", MIT)
    repo.write("README.md", "# local\n")
    repo.commit(datetime(2026, 1, 10, tzinfo=UTC) - timedelta(days=1))
    main(["vet", str(repo.path), "--json", "--now", "2026-01-15"])
    entry = json.loads(capsys.readouterr().out)["entries"][0]
    assert entry["license"] == {"spdx": "MIT", "tier": "permissive", "source": "license-file"}
    onboarding = next(c for c in entry["criteria"] if c["id"] == "easy-onboarding")
    assert onboarding["status"] != "pass"


def test_offline_checkout_skips_github_only_checks_and_can_pass_maintenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("ECOSYSTEM_BOT_PYPI_URL", "http://127.0.0.1:9/pypi")
    monkeypatch.setenv("ECOSYSTEM_BOT_ANACONDA_URL", "http://127.0.0.1:9/anaconda")
    repo = GitRepo(tmp_path / "checkout")
    repo.write("LICENSE", MIT)
    repo.write("README.md", "# local\n")
    repo.write("pyproject.toml", '[project]\nname = "local"\ndependencies = ["torch"]\n')
    repo.commit(datetime(2025, 6, 1, tzinfo=UTC))
    repo.tag("v1.0", datetime(2025, 6, 1, tzinfo=UTC))
    repo.commit(datetime(2026, 1, 10, tzinfo=UTC))
    repo.git("remote", "add", "origin", "https://github.com/acme/local.git")
    main(["vet", str(repo.path), "--json", "--now", "2026-01-15"])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    entry = report["entries"][0]
    checks = {c["id"]: c for c in entry["checks"]}
    assert (checks["MAINT-001"]["status"], checks["MAINT-001"]["summary"]) == (
        "skipped",
        "not checked offline: GitHub data (the archived flag)",
    )
    assert checks["COMM-009"]["summary"] == "not checked offline: GitHub data (the number of stars)"
    maintenance = next(c for c in entry["criteria"] if c["id"] == "ongoing-maintenance")
    assert maintenance["status"] == "pass"
    required_unknown = [
        c["id"] for c in entry["checks"] if c["status"] == "unknown" and c["severity"] == "required"
    ]
    assert required_unknown == ["ONBOARD-001"]  # PyPI does not answer here: that one stays unknown


def test_github_answer_missing_the_archived_flag_stays_unknown(
    github_env: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    github_env.inject("POST /graphql", "graphql-partial-error", times=2)  # still there when asked again
    try:
        code = main(["vet", "acme/widget", "--json"])
    finally:
        github_env.clear_faults()
    entry = json.loads(capsys.readouterr().out)["entries"][0]
    checks = {c["id"]: c for c in entry["checks"]}
    assert checks["MAINT-001"]["status"] == "unknown"
    assert next(c for c in entry["criteria"] if c["id"] == "ongoing-maintenance")["status"] == "unknown"
    assert entry["verdict"] != "passed" and code != 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["vet", "not a repo at all"], "is not OWNER/REPO, a GitHub repository URL or an existing directory"),
        (["vet", "acme/widget", "--now", "15/01/2026"], "expected a day as YYYY-MM-DD"),
        (["vet", "acme/widget", "--policy", "no-such-policy"], "unknown policy 'no-such-policy'"),
        (["vet", "acme/widget"], "set GITHUB_TOKEN"),
    ],
)
def test_bad_usage_says_what_is_wrong(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
