"""Issue 13: writes are idempotent. A comment POST whose answer was lost is not sent again when
GitHub did it; a malformed answer on a write is retried; a partial GraphQL error is asked again."""

from __future__ import annotations

from bot.sticky import REVIEW
from tests.e2e.conftest import World

FAST = {"ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01"}
COMMENTS = "POST /repos/{owner}/{repo}/issues/{number}/comments"
REACTIONS = "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"
LABELS = "PUT /repos/{owner}/{repo}/issues/{number}/labels"


def _posts(world: World) -> int:
    return sum(1 for r in world.sim.requests if r.method == "POST" and r.path.endswith("/issues/1/comments"))


def test_a_lost_answer_to_the_comment_post_leaves_exactly_one_comment(world: World):
    world.sim.inject(COMMENTS, "lost-answer")
    run = world.open_pr(extra_env=FAST)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert len(world.bot_comments()) == 1
    assert _posts(world) == 1  # the retry found the comment instead of posting again
    assert "its answer was lost; not sent again" in run.stderr


def test_a_lost_answer_to_a_refusal_reply_leaves_exactly_one_reply(world: World):
    world.open_pr()
    world.sim.inject(COMMENTS, "lost-answer")
    world.recheck("stranger", extra_env=FAST)
    world.recheck("stranger", extra_env=FAST)
    replies = [c for c in world.bot_comments() if REVIEW.marker not in c["body"]]
    assert len(replies) == 1


def test_malformed_answers_on_writes_are_retried(world: World):
    for route in (COMMENTS, LABELS):
        world.sim.inject(route, "malformed-json")
    run = world.open_pr(extra_env=FAST)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert len(world.bot_comments()) == 1
    assert "review: passed" in world.labels()
    assert run.stderr.count("malformed answer, retrying") == 2  # both faults were met and retried
    world.sim.inject(REACTIONS, "malformed-json", times=2)
    comment, run = world.recheck("alice", extra_env=FAST)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert world.sim.state.reactions("example-org/catalog", comment["id"]) == ["eyes"]


def test_one_partial_graphql_error_on_the_pr_query_is_asked_again(world: World):
    world.sim.inject("POST /graphql", "graphql-partial-error")
    run = world.open_pr(extra_env=FAST)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert len(world.bot_comments()) == 1
