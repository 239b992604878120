"""`python -m bot demo`: a full review of the bundled example, offline, through the real entry point.

It starts the GitHub simulator with the example world (examples/demo/world.yml) plus the example
catalog (examples/catalog) as a repository, opens a PR from a fork that adds an entry, runs
`python -m bot run` as GitHub would, prints the comment and labels, then has the PR author
comment `/recheck` and shows that the same comment was updated. The end-to-end tests build
their scenarios with the same functions.

`python -m bot demo --application` opens an application issue from the example form instead and
shows its review: the world then also holds examples/applications/world.yml (PyPI `torch`, a
second project) and an ecosystem repository carrying examples/applications/.github (the bot's
config and the application form).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.applications.body import render_body
from bot.applications.form import Form, parse_form
from bot.simulator import Simulator
from bot.simulator.events import issue_comment_event, issues_event, pull_request_event, write_event
from bot.simulator.fixture import parse_time

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CATALOG_REPO = "example-org/catalog"
OFFLINE_NOTE = (
    "\n# The demo runs offline: entry links (homepage, docs) are not probed.\nlinks: {check: false}\n"
)
BOT = "github-actions[bot]"


def catalog_files(catalog_dir: Path = EXAMPLES / "catalog") -> dict[str, str]:
    """Every file of the example catalog, path → text."""
    return {
        path.relative_to(catalog_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(catalog_dir.rglob("*"))
        if path.is_file()
    }


def demo_state(
    now: datetime,
    added_entry: str = "catalog/skorch.yml",
    entry_text: str | None = None,
    pr_author: str = "alice",
    fork: str | None = "alice/catalog",
    offline: bool = True,
) -> dict[str, Any]:
    """The world + the catalog repository without `added_entry` + PR #1 adding it from a fork."""
    state: dict[str, Any] = yaml.safe_load((EXAMPLES / "demo" / "world.yml").read_text(encoding="utf-8"))
    state["now"] = now.isoformat()
    files = catalog_files()
    text = entry_text if entry_text is not None else files[added_entry]
    base_files = {path: body for path, body in files.items() if path != added_entry}
    if offline:
        base_files[".github/ecosystem-bot.yml"] += OFFLINE_NOTE
    state["repositories"].append(
        {
            "name": CATALOG_REPO,
            "description": "Projects admitted to the example ecosystem",
            "permissions": {"maintainer": "maintain", "stranger": "read"},
            "labels": [{"name": "New", "color": "0e8a16", "description": "A new application"}],
            "issues": [
                {"number": 2, "title": "How do I apply?", "author": "stranger", "created_at": "now-3d"}
            ],
            "commits": [
                {
                    "message": "Start the catalog",
                    "date": "now-200d",
                    "author": "maintainer",
                    "files": base_files,
                }
            ],
            "pull_requests": [
                {
                    "number": 1,
                    "title": f"Add {Path(added_entry).stem}",
                    "author": pr_author,
                    "head": fork,
                    "head_branch": "add-entry",
                    "commits": [{"message": f"Add {added_entry}", "files": {added_entry: text}}],
                    "labels": ["New"],
                }
            ],
        }
    )
    _resolve_upload_times(state, now)
    return state


def _resolve_upload_times(state: dict[str, Any], now: datetime) -> None:
    """PyPI upload times are plain strings to the simulator; let the world use "now-60d" there too."""
    for project in (state.get("pypi") or {}).values():
        for file in project.get("urls") or []:
            value = file.get("upload_time_iso_8601")
            if isinstance(value, str) and value.startswith("now"):
                moment = parse_time(value, now, "upload_time_iso_8601")
                file["upload_time_iso_8601"] = moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


@dataclass
class ActionRun:
    """One run of the real entry point, as GitHub would start it."""

    exit_code: int
    stdout: str
    stderr: str
    outputs: str
    summary: str


def action_environment(
    sim: Simulator, event_name: str, event_path: Path, work: Path, token: str = "bot-token"
) -> dict[str, str]:
    return {
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": CATALOG_REPO,
        "GITHUB_API_URL": sim.url,
        "GITHUB_GRAPHQL_URL": sim.graphql_url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_OUTPUT": str(work / "output.txt"),
        "GITHUB_STEP_SUMMARY": str(work / "summary.md"),
        "RUNNER_TEMP": str(work),
        "GITHUB_WORKSPACE": str(work),
        "INPUT_GITHUB-TOKEN": token,
        "INPUT_FAIL-ON": "invalid",
        "ECOSYSTEM_BOT_PYPI_URL": sim.pypi_url,
        "ECOSYSTEM_BOT_ANACONDA_URL": sim.anaconda_url,
        "ECOSYSTEM_BOT_ALLOW_PRIVATE_LINKS": "1",
        **({"REQUESTS_CA_BUNDLE": sim.ca_bundle} if sim.ca_bundle else {}),
    }


def run_action(
    sim: Simulator,
    event_name: str,
    payload: Mapping[str, Any],
    work: Path,
    token: str = "bot-token",
    extra_env: Mapping[str, str] | None = None,
) -> ActionRun:
    """Write the event file and run `python -m bot run` in a subprocess against the simulator."""
    work.mkdir(parents=True, exist_ok=True)
    event_path = write_event(work / "event.json", dict(payload))
    for name in ("output.txt", "summary.md"):
        (work / name).unlink(missing_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))},
        **action_environment(sim, event_name, event_path, work, token),
        **(extra_env or {}),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return ActionRun(
        done.returncode, done.stdout, done.stderr, _read(work / "output.txt"), _read(work / "summary.md")
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


# ---- the application demo ------------------------------------------------------------------
ECOSYSTEM_REPO = "example-org/ecosystem"
APPLICATION_DIR = EXAMPLES / "applications"
FORM_PATH = ".github/ISSUE_TEMPLATE/application.yml"
APPLICATION_OFFLINE_NOTE = (
    "\n# The demo runs offline: application links (website, docs) are not probed.\nlinks: {check: false}\n"
)

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
        files[".github/ecosystem-bot.yml"] += APPLICATION_OFFLINE_NOTE
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


def run_application_demo() -> int:
    """Open application issue #1 from the example form, run the review, show its comment and labels."""
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(application_state(now)) as sim, tempfile.TemporaryDirectory() as tmp:
        say(f"GitHub simulator on {sim.url}; {ECOSYSTEM_REPO} has the application form {FORM_PATH}")
        say("alice opens issue #1 from the form: '[Ecosystem] skorch'")
        say("Running the review: python -m bot run  (event: issues opened)")
        run = run_action(sim, "issues", issues_event(sim.state, ECOSYSTEM_REPO, 1), Path(tmp))
        sys.stdout.write(_indent(run.stdout + run.stderr))
        say(f"exit code {run.exit_code}")
        comments = bot_comments(sim, ECOSYSTEM_REPO)
        if comments:
            say("The bot's comment on issue #1:")
            print("-" * 100)
            print(comments[0]["body"])
            print("-" * 100)
        say(f"Labels on issue #1: {', '.join(sim.state.issue_labels(ECOSYSTEM_REPO, 1)) or '(none)'}")
        return 0 if run.exit_code == 0 and len(comments) == 1 else 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--entry", default="catalog/skorch.yml", help="the example catalog file the PR adds")
    parser.add_argument(
        "--application",
        action="store_true",
        help="instead: open an application issue from the example form and show its review (bot.applications)",
    )
    parser.add_argument(
        "--write-state",
        metavar="FILE",
        help="write the demo's simulator state to FILE (for `python -m bot.simulator --state FILE`) and exit",
    )


def execute(args: argparse.Namespace) -> int:
    if getattr(args, "application", False):
        return run_application_demo()
    now = datetime.now(UTC).replace(microsecond=0)
    if args.write_state:
        Path(args.write_state).write_text(
            yaml.safe_dump(demo_state(now, added_entry=args.entry)), encoding="utf-8"
        )
        return 0
    with Simulator(demo_state(now, added_entry=args.entry)) as sim, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        say(
            f"GitHub simulator on {sim.url}; catalog {CATALOG_REPO}, PR #1 by alice (from a fork) adds {args.entry}"
        )
        say("Running the review: python -m bot run  (event: pull_request_target opened)")
        first = run_action(sim, "pull_request_target", pull_request_event(sim.state, CATALOG_REPO, 1), work)
        show_run(sim, first)
        comment_id = _bot_comment_id(sim)
        say("alice comments '/recheck' on the PR")
        recheck = sim.add_comment(CATALOG_REPO, 1, "alice", "Thanks! I updated the README.\n/recheck")
        sim.clear_requests()
        second = run_action(
            sim, "issue_comment", issue_comment_event(sim.state, CATALOG_REPO, 1, recheck), work
        )
        show_run(sim, second, full=False)
        mine = bot_comments(sim, CATALOG_REPO)
        same = len(mine) == 1 and mine[0]["id"] == comment_id
        say(f"Reactions on alice's /recheck: {' '.join(sim.state.reactions(CATALOG_REPO, recheck['id']))}")
        say(
            f"The bot's comments on PR #1: {len(mine)} (id {comment_id}"
            f"{', updated in place' if same else ', NOT the same comment'})"
        )
        return 0 if first.exit_code == 0 and second.exit_code == 0 and same else 1


def _bot_comment_id(sim: Simulator) -> int | None:
    mine = bot_comments(sim, CATALOG_REPO)
    return int(mine[0]["id"]) if mine else None


def bot_comments(sim: Simulator, repo: str, number: int = 1) -> list[dict[str, Any]]:
    """The bot's comments on issue or PR `number` of `repo`, oldest first."""
    return [c for c in sim.comments(repo, number) if c["user"]["login"] == BOT]


def show_run(sim: Simulator, run: ActionRun, full: bool = True) -> None:
    sys.stdout.write(_indent(run.stdout + run.stderr))
    say(f"exit code {run.exit_code}")
    comments = bot_comments(sim, CATALOG_REPO)
    if comments and full:
        say("The bot's comment on PR #1:")
        print("-" * 100)
        print(comments[0]["body"])
        print("-" * 100)
    say(f"Labels on PR #1: {', '.join(sim.state.issue_labels(CATALOG_REPO, 1)) or '(none)'}")


def say(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())
