"""Issue 13: /recheck spam cannot burn the request budget or flood the PR with replies."""

from __future__ import annotations

import re

from bot.commands.demo import CATALOG_REPO
from bot.sticky import REVIEW
from tests.e2e.conftest import World

SPAM = 30


def _replies(world: World) -> list[dict]:
    return [c for c in world.bot_comments() if REVIEW.marker not in c["body"]]


def _review_runs(world: World) -> int:
    """Reviews that ran: each reads the SBOM of the linked repository once."""
    return sum(1 for r in world.sim.requests if r.path.endswith("/dependency-graph/sbom"))


def test_thirty_refused_rechecks_leave_one_reply_per_user(world: World):
    world.open_pr()
    world.sim.clear_requests()
    for _ in range(SPAM):
        comment, run = world.recheck("stranger")
        assert run.exit_code == 0, run.stdout + run.stderr
        assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes", "confused"]
    replies = _replies(world)
    assert len(replies) == 1
    assert "did not recheck" in replies[0]["body"]
    assert _review_runs(world) == 0
    posts = [r for r in world.sim.requests if r.method == "POST" and r.path.endswith("/issues/1/comments")]
    assert len(posts) == 1  # the later refusals found the reply unchanged: no write at all
    world.recheck("maintainer-less-user")  # another user gets their own reply
    assert len(_replies(world)) == 2


def test_thirty_author_rechecks_within_the_cooldown_give_one_review(world: World):
    world.open_pr()
    world.sim.clear_requests()
    before = world.review_comment()["body"]
    for n in range(SPAM):
        comment, run = world.recheck("alice")
        assert run.exit_code == 0, run.stdout + run.stderr
        assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes"]
        if n == 0:
            assert world.review_comment()["body"] != before  # the first one reviewed again
            before = world.review_comment()["body"]
    assert world.review_comment()["body"] == before  # the other 29 did not
    assert _review_runs(world) == 1
    replies = _replies(world)
    assert len(replies) == 1
    assert "the next one is possible from" in replies[0]["body"]
    assert "recheck-cooldown" in replies[0]["body"]
    assert len(world.bot_comments()) == 2  # the review and the one cooldown note
    requests = len(world.sim.requests)
    assert requests < 8 + SPAM * 6, requests  # one review, then a few requests per refused recheck
    print(f"{SPAM} author rechecks: {requests} requests")


def test_a_recheck_after_the_cooldown_reviews_again(world: World):
    world.open_pr()
    world.recheck("alice")
    review = world.review_comment()
    # Time passes: the last recheck, as the comment's state remembers it, was an hour ago.
    found = world.sim.state.find_comment(world.sim.state.repo(CATALOG_REPO), review["id"])
    assert found is not None and '"recheck_at":' in found[1].body
    found[1].body = re.sub(r'"recheck_at":"[^"]*"', '"recheck_at":"2000-01-01T00:00:00+00:00"', found[1].body)
    world.sim.clear_requests()
    world.recheck("alice")
    assert _review_runs(world) == 1
    assert _replies(world) == []
