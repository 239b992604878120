"""The Action on `schedule` (and a dispatch without a PR): one sticky tracking issue, created then
updated, read back as the next run's state. Runs the real `python -m bot run` against the simulator."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.demo import CATALOG_REPO, run_action
from bot.simulator import Simulator
from bot.simulator.events import workflow_dispatch_event
from bot.sticky import TRACKING
from tests.audit.world import slug, world, write_catalog

BOT = "github-actions[bot]"
COUNT = 20


def bot_issues(sim: Simulator) -> list[Any]:
    issues = sim.state.repo(CATALOG_REPO).issues.values()
    return [i for i in issues if i.author == BOT and TRACKING.marker in i.body]


def table_rows(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("| Project ")]


def test_schedule_creates_then_updates_one_tracking_issue(tmp_path: Path) -> None:
    fates = {i: "healthy" for i in range(COUNT)} | {3: "archived", 5: "relicensed"}
    state = world(fates, now=datetime.now(UTC).replace(microsecond=0).isoformat(), catalog=CATALOG_REPO)
    state["repositories"][0]["issues"] = [
        {"number": 1, "title": "Copycat", "author": "maintainer", "body": f"{TRACKING.marker}\nnot the bot's"}
    ]
    work = write_catalog(tmp_path / "workspace", COUNT)
    with Simulator(state) as sim:
        first = run_action(sim, "schedule", {"schedule": "0 6 * * 1"}, work)
        assert first.exit_code == 0, first.stdout + first.stderr
        [issue] = bot_issues(sim)
        rows = table_rows(issue.body)
        assert [r.split(" | ")[0] for r in rows] == ["| Project 3", "| Project 5"]
        assert "archived (new): archived on GitHub" in rows[0] and "license refused (new)" in rows[1]
        assert issue.labels == ["ecosystem-audit"]
        assert "| Project 0 | `org0/project-0` | ✅ ok |" in first.summary  # every entry in the summary
        assert "at-risk<<" in first.outputs and "tracking-issue<<" in first.outputs
        state_before = TRACKING.decode_state(issue.body)
        assert state_before is not None and set(state_before["risks"]) == {
            f"catalog/project-{i:04d}.yml#{_hash(i)}" for i in (3, 5)
        }

        sim.state.repo(slug(3)).archived = False  # recovers
        sim.state.repo(slug(8)).archived = True  # a new regression
        dispatch = workflow_dispatch_event(CATALOG_REPO, {}, sim.state)
        second = run_action(sim, "workflow_dispatch", dispatch, work)
        assert second.exit_code == 0, second.stdout + second.stderr
        [again] = bot_issues(sim)
        assert again.number == issue.number
        names = [r.split(" | ")[0] for r in table_rows(again.body)]
        assert names == ["| Project 5", "| Project 8"]
        assert "license refused: " in table_rows(again.body)[0]  # no longer new
        assert "archived (new)" in table_rows(again.body)[1]
        assert "**Recovered since the last audit:** Project 3" in again.body
        copycat = sim.state.repo(CATALOG_REPO).issues[1]
        assert copycat.body == f"{TRACKING.marker}\nnot the bot's"  # a human's issue is never touched
        assert "tracking issue #" in second.stdout and "updated" in second.stdout


def _hash(index: int) -> str:
    import hashlib

    return hashlib.sha256(f"Project {index}".encode()).hexdigest()[:12]
