"""`python -m bot demo --application`: an application issue opened from the example form, reviewed.

The simulator holds the demo world (examples/demo/world.yml) plus examples/applications/world.yml
(PyPI `torch`, a second project) and an ecosystem repository carrying examples/applications/.github
(the bot's config and the application form). The end-to-end tests build their worlds with the same
functions.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.applications.body import render_body
from bot.applications.form import Form, parse_form
from bot.commands.demo import EXAMPLES, ActionRun, demo_state, run_action, say
from bot.simulator import Simulator
from bot.simulator.events import issues_event

ECOSYSTEM_REPO = "example-org/ecosystem"
APPLICATION_DIR = EXAMPLES / "applications"
FORM_PATH = ".github/ISSUE_TEMPLATE/application.yml"
OFFLINE_NOTE = (
    "\n# The demo runs offline: application links (website, docs) are not probed.\nlinks: {check: false}\n"
)
BOT = "github-actions[bot]"

SKORCH_APPLICATION = {
    "contact-emails": "benjamin@skorch.dev, marian@skorch.dev",
    "project-summary": "skorch is a scikit-learn compatible neural network library that wraps PyTorch.",
    "project-description": "skorch lets scikit-learn users train PyTorch modules with fit/predict, grid "
    "search and pipelines, without writing training loops.",
    "similar-projects": "None that offer the scikit-learn API.",
    "repo-url": "https://github.com/skorch-dev/skorch",
    "additional-repos": "",
    "project-license": "BSD-3-Clause",
    "maintainers": "@BenjaminBossan, @ottonemo",
    "backing-entity": "No",
    "website": "https://skorch.readthedocs.io",
    "documentation": "https://skorch.readthedocs.io",
    "ci": "GitHub Actions runs pytest on every push and pull request.",
    "pytorch-version": "2.8, 2.9",
    "components": "torch.nn, torch.optim",
    "maintenance": "Indefinitely; maintained since 2017.",
    "additional-information": "",
}


def example_form() -> Form:
    return parse_form((APPLICATION_DIR / FORM_PATH).read_text(encoding="utf-8"), FORM_PATH)


def application_body(values: dict[str, str], form: Form | None = None) -> str:
    return render_body(form or example_form(), values)


def ecosystem_files(
    offline: bool = True, form_text: str | None = None, extra_files: dict[str, str] | None = None
) -> dict[str, str]:
    root = APPLICATION_DIR / ".github"
    files = {
        f".github/{path.relative_to(root).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    if offline:
        files[".github/ecosystem-bot.yml"] += OFFLINE_NOTE
    if form_text is not None:
        files[FORM_PATH] = form_text
    files.update(extra_files or {})
    return files


def application_state(
    now: datetime,
    title: str = "[Ecosystem] skorch",
    body: str | None = None,
    author: str = "alice",
    labels: tuple[str, ...] = ("New",),
    form_text: str | None = None,
    offline: bool = True,
    extra_files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The demo world + the ecosystem repository with application issue #1."""
    state = demo_state(now)
    extra = yaml.safe_load((APPLICATION_DIR / "world.yml").read_text(encoding="utf-8"))
    state["repositories"] += extra.get("repositories") or []
    state.setdefault("pypi", {}).update(extra.get("pypi") or {})
    for login in ("ada", "grace"):
        state["users"].append({"login": login})
    state["repositories"].append(
        {
            "name": ECOSYSTEM_REPO,
            "description": "Applications to the example ecosystem",
            "permissions": {"maintainer": "maintain", "stranger": "read"},
            "labels": [
                {"name": name, "color": "ededed"} for name in ("New", "Accepted", "Declined", "Too early")
            ],
            "commits": [
                {
                    "message": "Add the application form",
                    "date": "now-100d",
                    "author": "maintainer",
                    "files": ecosystem_files(offline, form_text, extra_files),
                }
            ],
            "issues": [
                {
                    "number": 1,
                    "title": title,
                    "body": body if body is not None else application_body(SKORCH_APPLICATION),
                    "author": author,
                    "labels": list(labels),
                    "created_at": "now-1h",
                }
            ],
        }
    )
    return state


def bot_comments(sim: Simulator, number: int = 1) -> list[dict[str, Any]]:
    return [c for c in sim.comments(ECOSYSTEM_REPO, number) if c["user"]["login"] == BOT]


def run_demo() -> int:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(application_state(now)) as sim, tempfile.TemporaryDirectory() as tmp:
        say(f"GitHub simulator on {sim.url}; {ECOSYSTEM_REPO} has the application form {FORM_PATH}")
        say("alice opens issue #1 from the form: '[Ecosystem] skorch'")
        say("Running the review: python -m bot run  (event: issues opened)")
        run: ActionRun = run_action(sim, "issues", issues_event(sim.state, ECOSYSTEM_REPO, 1), Path(tmp))
        sys.stdout.write("".join(f"    {line}\n" for line in (run.stdout + run.stderr).splitlines()))
        say(f"exit code {run.exit_code}")
        comments = bot_comments(sim)
        if comments:
            say("The bot's comment on issue #1:")
            print("-" * 100)
            print(comments[0]["body"])
            print("-" * 100)
        say(f"Labels on issue #1: {', '.join(sim.state.issue_labels(ECOSYSTEM_REPO, 1)) or '(none)'}")
        return 0 if run.exit_code == 0 and len(comments) == 1 else 1
