"""End-to-end scenarios: the real `python -m bot run` against the GitHub simulator over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.commands.demo import CATALOG_REPO, ActionRun, demo_state, run_action
from bot.simulator import Simulator
from bot.simulator.events import issue_comment_event, pull_request_event
from bot.sticky import REVIEW

BOT = "github-actions[bot]"


class World:
    """A simulator with the example catalog and PR #1, and ways to run the Action against it."""

    def __init__(self, sim: Simulator, work: Path) -> None:
        self.sim = sim
        self.work = work
        self.runs = 0

    def run(self, event_name: str, payload: dict[str, Any], **kwargs: Any) -> ActionRun:
        self.runs += 1
        return run_action(self.sim, event_name, payload, self.work / f"run{self.runs}", **kwargs)

    def open_pr(self, action: str = "opened", **kwargs: Any) -> ActionRun:
        payload = pull_request_event(self.sim.state, CATALOG_REPO, 1, action=action)
        return self.run("pull_request_target", payload, **kwargs)

    def comment(self, login: str, body: str) -> dict[str, Any]:
        return self.sim.add_comment(CATALOG_REPO, 1, login, body)

    def recheck(self, login: str, body: str = "/recheck", **kwargs: Any) -> tuple[dict[str, Any], ActionRun]:
        comment = self.comment(login, body)
        payload = issue_comment_event(self.sim.state, CATALOG_REPO, 1, comment)
        return comment, self.run("issue_comment", payload, **kwargs)

    def bot_comments(self) -> list[dict[str, Any]]:
        return [c for c in self.sim.comments(CATALOG_REPO, 1) if c["user"]["login"] == BOT]

    def review_comment(self) -> dict[str, Any]:
        mine = [c for c in self.bot_comments() if REVIEW.marker in c["body"]]
        assert len(mine) == 1, f"expected one review comment, found {len(mine)}"
        return mine[0]

    def labels(self) -> list[str]:
        return sorted(self.sim.state.issue_labels(CATALOG_REPO, 1))

    def push(self, files: dict[str, str | None]) -> str:
        return self.sim.state.push(CATALOG_REPO, 1, files)


def make_world(tmp_path: Path, now: datetime | None = None, **state_options: Any) -> Iterator[World]:
    now = now or datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now, **state_options)) as sim:
        world = World(sim, tmp_path)
        # as on github.com: a human has already commented (ids above 2^31), before the bot's first run
        world.comment("maintainer", "Thanks for the submission, we will review it soon.")
        yield world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from make_world(tmp_path)
