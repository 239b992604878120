"""Every nullable GraphQL field the bot reads, answered null (as github.com may): a clear outcome, never a traceback.

The simulator's `null_fields` fixture flag makes a `Type.field` null in every GraphQL answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.commands.demo import demo_state
from bot.simulator import Simulator
from tests.e2e.conftest import World

# field → a text the review comment must then show (None: the review just completes, with its table)
NULLABLE_FIELDS = {
    "Repository.labels": None,
    "PullRequest.labels": None,
    "PullRequest.author": None,  # a deleted account ("ghost")
    "PullRequest.headRepository": None,  # a deleted fork
    "PullRequest.files": None,  # read through REST instead
    "IssueComment.author": None,
    "Repository.object": "the file could not be read",  # GitHub's answer for a file that is not there
    "Repository.licenseInfo": "License",
    "Repository.defaultBranchRef": None,  # an empty repository
    "Ref.target": None,
    "Commit.statusCheckRollup": None,
    "GitActor.user": None,
    "Tree.entries": None,
    "TreeEntry.object": None,
    "Blob.text": "the config file is not a text file",  # the config too: a clear error, exit 2
    "Issue.author": None,
    "Release.publishedAt": None,
    "Repository.pushedAt": None,
    "Repository.description": None,
    "Repository.homepageUrl": None,
}


def null_world(tmp_path: Path, field: str) -> Iterator[World]:
    state = demo_state(datetime.now(UTC).replace(microsecond=0))
    state["null_fields"] = [field]
    with Simulator(state) as sim:
        world = World(sim, tmp_path)
        world.comment("maintainer", "Thanks, we will look at it.")  # a human comment is already there
        yield world


@pytest.mark.parametrize("field", sorted(NULLABLE_FIELDS))
def test_a_null_field_gives_a_review_not_a_traceback(tmp_path: Path, field: str):
    for world in null_world(tmp_path, field):
        run = world.open_pr()
        assert "Traceback" not in run.stderr + run.stdout, run.stderr
        expected = NULLABLE_FIELDS[field]
        if run.exit_code == 2:  # the bot refuses with a clear message, naming what it could not read
            assert expected and f"::error::ecosystem-bot: .github/ecosystem-bot.yml: {expected}" in run.stdout
            return
        assert run.exit_code == (1 if field == "Repository.object" else 0), run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert "### Ecosystem review" in body
        if expected:
            assert expected in body
        _, recheck = world.recheck("alice")
        assert recheck.exit_code == run.exit_code and "Traceback" not in recheck.stderr, recheck.stderr
        reviews = [c for c in world.bot_comments() if "### Ecosystem review" in c["body"]]
        # with every comment's author null (deleted accounts), the bot cannot recognise its own comment:
        # it never edits a comment it cannot prove it wrote, so it posts a new one
        assert len(reviews) == (2 if field == "IssueComment.author" else 1)


def test_a_null_label_list_keeps_the_labels_the_bot_does_not_manage(tmp_path: Path):
    """The labels are set in one PUT; reading a null list as "no labels" would drop `New`."""
    for world in null_world(tmp_path, "PullRequest.labels"):
        assert world.labels() == ["New"]
        run = world.open_pr()
        assert run.exit_code == 0, run.stdout + run.stderr
        assert world.labels() == ["New", "category: domain frameworks", "review: passed"]
        asked = [r for r in world.sim.requests if r.method == "GET" and "/issues/1/labels?" in r.path]
        assert len(asked) == 1  # read through REST, since GraphQL did not say
