"""Issue 13: the rules come only from the base branch through the API. A policy named by path is a
file of the base branch (never of the job's working directory, which may hold the PR's head), and
a /recheck or workflow_dispatch on a PR into a non-default branch reads that PR's base."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands.demo import CATALOG_REPO
from bot.simulator.events import workflow_dispatch_event
from bot.simulator.state import make_commit
from tests.e2e.conftest import World

POLICY = Path("bot/policies/pytorch-2019.yml").read_text(encoding="utf-8")


def _named(name: str) -> str:
    return POLICY.replace("name: pytorch-2019", f"name: {name}", 1)


def _commit_on(world: World, branch: str, files: dict[str, str]) -> None:
    """A new commit on `branch` (created from the default branch when it does not exist yet)."""
    state = world.sim.state
    with state.lock:
        repo = state.repo(CATALOG_REPO)
        parent = repo.commits[repo.branches.get(branch) or repo.branches[repo.default_branch]]
        commit = make_commit(parent, f"Change {', '.join(files)}", state.now, state.user("maintainer"), files)
        repo.commits[commit.sha] = commit
        repo.branches[branch] = commit.sha


def test_a_policy_path_names_a_file_of_the_base_branch_not_of_the_working_directory(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    assert "name: pytorch-2019" in POLICY
    config = Path("examples/catalog/.github/ecosystem-bot.yml").read_text(encoding="utf-8")
    config = config.replace("policy: pytorch-2019", "policy: policies/catalog.yml")
    _commit_on(
        world, "main", {"policies/catalog.yml": _named("from-base"), ".github/ecosystem-bot.yml": config}
    )
    world.push({"policies/catalog.yml": _named("from-pr-head")})  # the PR tries to choose its own rules
    checkout = tmp_path / "checkout"  # a job that (wrongly) checked out the PR head
    (checkout / "policies").mkdir(parents=True)
    (checkout / "policies" / "catalog.yml").write_text(_named("from-working-directory"), encoding="utf-8")
    monkeypatch.chdir(checkout)
    run = world.open_pr(action="synchronize")
    assert run.exit_code == 0, run.stdout + run.stderr
    body = world.review_comment()["body"]
    assert "policy `from-base`" in body
    assert "from-pr-head" not in body and "from-working-directory" not in body


def test_a_missing_policy_file_in_the_base_branch_is_a_clear_error(world: World, tmp_path: Path, monkeypatch):
    config = Path("examples/catalog/.github/ecosystem-bot.yml").read_text(encoding="utf-8")
    _commit_on(
        world, "main", {".github/ecosystem-bot.yml": config.replace("pytorch-2019", "policies/none.yml")}
    )
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "none.yml").write_text(POLICY, encoding="utf-8")  # only on the local disk
    monkeypatch.chdir(tmp_path)
    run = world.open_pr()
    assert run.exit_code == 2
    assert f"policy policies/none.yml: no such file in {CATALOG_REPO} at the base branch main" in run.stdout


def test_a_policy_file_that_is_not_text_is_a_clear_error(world: World):
    config = Path("examples/catalog/.github/ecosystem-bot.yml").read_text(encoding="utf-8")
    _commit_on(
        world,
        "main",
        {
            ".github/ecosystem-bot.yml": config.replace("pytorch-2019", "policies/catalog.yml"),
            "policies/catalog.yml": "name: x\n\x00\x01 binary",
        },
    )
    run = world.open_pr()
    assert run.exit_code == 2 and "Traceback" not in run.stderr
    assert (
        f"policy policies/catalog.yml: the file is binary, not text in {CATALOG_REPO} at the base branch main"
        in run.stdout
    )
    assert world.bot_comments() == []


@pytest.mark.parametrize("event", ["recheck", "dispatch"])
def test_recheck_and_dispatch_on_a_pr_into_another_branch_read_that_base(world: World, event: str):
    config = Path("examples/catalog/.github/ecosystem-bot.yml").read_text(encoding="utf-8")
    _commit_on(
        world, "release", {".github/ecosystem-bot.yml": config.replace("pytorch-2019", "pytorch-tac-v1")}
    )
    with world.sim.state.lock:
        pull = world.sim.state.issue(CATALOG_REPO, 1).pull
        assert pull is not None
        pull.base_ref = "release"
    if event == "recheck":
        _, run = world.recheck("alice")
    else:
        run = world.run(
            "workflow_dispatch", workflow_dispatch_event(CATALOG_REPO, {"pr": "1"}, world.sim.state)
        )
    assert run.exit_code in (0, 1), run.stdout + run.stderr  # tac-v1 has other categories: invalid is fine
    assert "policy `pytorch-tac-v1`" in world.review_comment()["body"]  # the release branch's config
