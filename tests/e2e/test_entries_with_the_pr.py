"""Issue 14: the entry files come with the pull request's own GraphQL query when the event names the
head and base commits and the catalog keeps a default layout; otherwise a second query reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.commands.demo import CATALOG_REPO, demo_state
from bot.simulator import Simulator
from bot.simulator.events import pull_request_event
from bot.simulator.state import make_commit
from tests.e2e.conftest import World
from tests.e2e.test_landscape_catalog import landscape_world

SKORCH = "catalog/skorch.yml"


def graphql_requests(world: World) -> int:
    return sum(1 for r in world.sim.requests if r.route == "POST /graphql")


def entry_text(**changes: object) -> str:
    data = yaml.safe_load(Path("examples/catalog/catalog/skorch.yml").read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def test_default_layout_is_read_with_the_pull_request(world: World):
    world.sim.clear_requests()
    run = world.open_pr()
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "### Ecosystem review · `catalog/skorch.yml`" in world.review_comment()["body"]
    # One query for the pull request, its config and its entry files; one for skorch's facts.
    assert graphql_requests(world) == 2


def test_a_landscape_file_is_read_with_the_pull_request(tmp_path: Path):
    with Simulator(landscape_world(datetime.now(UTC).replace(microsecond=0))) as sim:
        world = World(sim, tmp_path)
        run = world.open_pr()
        assert "::error file=landscape.yml,line=17,col=23" in run.stdout
        # The pull request with its entry files, the repository's facts, and (pytorch-tac-v1's rubric)
        # the repository's complete 90-day activity: no second query for the entries.
        operations = sorted(str(r.operation) for r in sim.requests if r.route == "POST /graphql")
        assert operations == ["PullRequestContext", "RecentActivity", "Repository"]  # no "Blobs"


def test_declared_paths_are_read_by_a_second_query(tmp_path: Path):
    now = datetime.now(UTC).replace(microsecond=0)
    state = demo_state(now)
    catalog = state["repositories"][-1]
    files = catalog["commits"][0]["files"]
    files[".github/ecosystem-bot.yml"] = "policy: pytorch-2019\ncatalog:\n  paths: ['projects/*.yml']\n"
    catalog["pull_requests"][0]["commits"] = [
        {"message": "Add skorch", "files": {"projects/skorch.yml": entry_text()}}
    ]
    with Simulator(state) as sim:
        world = World(sim, tmp_path)
        run = world.open_pr()
        assert run.exit_code == 0, run.stdout + run.stderr
        assert "### Ecosystem review · `projects/skorch.yml`" in world.review_comment()["body"]
        assert graphql_requests(world) == 3  # the pull request, then its entry files, then the facts


def test_a_push_after_the_event_is_reviewed_at_the_new_head(world: World):
    stale_event = pull_request_event(world.sim.state, CATALOG_REPO, 1, action="opened")
    world.push({SKORCH: entry_text(name="skorch-renamed-after-the-event")})
    run = world.run("pull_request_target", stale_event)
    assert run.exit_code == 0, run.stdout + run.stderr
    body = world.review_comment()["body"]
    assert "skorch-renamed-after-the-event" in body


def operations(world: World) -> list[str]:
    return sorted(str(r.operation) for r in world.sim.requests if r.route == "POST /graphql")


def test_a_recheck_reads_the_entries_with_the_pull_request(world: World):
    world.open_pr()
    world.push({SKORCH: entry_text(name="skorch-pushed-before-the-recheck")})
    world.sim.clear_requests()
    comment, run = world.recheck("alice")
    assert run.exit_code == 0, run.stdout + run.stderr
    # The event names no commits: the PR's head ref and the default branch were read with the PR,
    # and they were its head and base commits, so no second query for the entries.
    assert operations(world) == ["PullRequestContext", "Repository"]
    assert "skorch-pushed-before-the-recheck" in world.review_comment()["body"]
    assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes"]


def test_a_recheck_after_the_default_branch_moved_reads_the_base_at_the_prs_base_commit(world: World):
    world.open_pr()
    catalog = world.sim.state.repo(CATALOG_REPO)
    tip = catalog.commits[catalog.branches[catalog.default_branch]]
    moved = make_commit(
        tip, "Another entry", tip.date, world.sim.state.user("maintainer"), {SKORCH: entry_text()}
    )
    catalog.commits[moved.sha] = moved
    catalog.branches[catalog.default_branch] = moved.sha  # main now has skorch; the PR's base has not
    world.sim.clear_requests()
    _, run = world.recheck("alice")
    assert run.exit_code == 0, run.stdout + run.stderr
    # main's tip is not the PR's base commit: what was read there is dropped, the base read again.
    assert operations(world) == ["Blobs", "PullRequestContext", "Repository"]
    assert "### Ecosystem review · `catalog/skorch.yml`" in world.review_comment()["body"]
