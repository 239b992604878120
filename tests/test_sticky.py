"""The sticky posts' one rule and one state format, for both kinds: the review comment (PR and
application issue) and the audit's tracking issue."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.audit.tracking import TrackingIssue, find_tracking_issues, previous_from
from bot.github import GitHubClient
from bot.pull_request import IssueComment
from bot.simulator import Simulator
from bot.sticky import (
    MAX_STATE_BYTES,
    REVIEW,
    TRACKING,
    StickyKind,
    find_own_comment,
    is_bot_post,
    own_posts,
    reply_marker,
    same_login,
)

BOT = "github-actions[bot]"
KINDS = pytest.mark.parametrize("kind", [REVIEW, TRACKING], ids=["review", "tracking"])

AUDIT_STATE = {
    "v": 1,
    "kind": "audit",
    "policy": "pytorch-tac-v1",
    "at": "2026-06-01",
    "risks": {"catalog/a.yml#1": {"archived": {"since": "2026-05-01", "detail": "--> <b>x</b>"}}},
    "not_reached": ["catalog/b.yml#2"],
}
REVIEW_STATE = {
    "v": 1,
    "sha": "x",
    "entries": {"a-->b<script>": {"checks": {"T-1": "pass"}, "verdict": "needs-work"}},
}
STATES = {REVIEW: REVIEW_STATE, TRACKING: AUDIT_STATE}

# Written by the version before bot.sticky (bot/report.py and bot/audit/state.py): posts on GitHub
# carry these, and the next run must read them back.
OLD_REVIEW_BODY = (
    "<!-- ecosystem-bot:review -->\n### Ecosystem review\n\n<sub>Reviewed</sub>\n"
    '<!-- ecosystem-bot:state {"entries":{"catalog/a.yml#0123456789ab":{"checks":{"DOC\\u002d002":"warn",'
    '"LIC\\u002d001":"pass"},"verdict":"needs\\u002dwork"}},"recheck_at":"2026\\u002d11\\u002d26T10:00:00+00:00",'
    '"sha":"0123456789abcdef","v":1} -->'
)
OLD_TRACKING_BODY = (
    "<!-- ecosystem-bot:audit -->\n### Ecosystem audit\n\n"
    "<!-- ecosystem-bot:audit-state eNo9jcEKwyAQRP9lezWtCinUXymlLEaSJVaD2oCI/971UpjLPB4zDbCAAS31fZIcBQJ2Cgsz/"
    "C5UuIZY3smh3RzT50vAET3ZysZRS0x2m7RUDxYT5T2DaWCxoI/rDa/14y9qIGSPzrHQIFOw7n86j9Peu4ATjOo/Zyor0g== -->"
)


def test_an_old_review_comment_still_decodes() -> None:
    assert REVIEW.decode_state(OLD_REVIEW_BODY) == {
        "v": 1,
        "sha": "0123456789abcdef",
        "recheck_at": "2026-11-26T10:00:00+00:00",
        "entries": {
            "catalog/a.yml#0123456789ab": {
                "verdict": "needs-work",
                "checks": {"DOC-002": "warn", "LIC-001": "pass"},
            }
        },
    }


def test_an_old_tracking_issue_still_decodes() -> None:
    assert TRACKING.decode_state(OLD_TRACKING_BODY) == {
        "v": 1,
        "kind": "audit",
        "policy": "pytorch-2019",
        "at": "2026-06-01",
        "risks": {"catalog/a.yml#1": {"archived": {"since": "2026-05-01"}}},
        "not_reached": [],
    }


def test_the_encoding_is_the_one_old_posts_carry() -> None:
    """Re-encoding what an old post carries gives the same text: the format did not change."""
    old_review = REVIEW.decode_state(OLD_REVIEW_BODY)
    old_audit = TRACKING.decode_state(OLD_TRACKING_BODY)
    assert old_review is not None and old_audit is not None
    assert OLD_REVIEW_BODY.endswith(REVIEW.encode_state(old_review))
    assert OLD_TRACKING_BODY.endswith(TRACKING.encode_state(old_audit))


@KINDS
def test_a_state_round_trips_and_cannot_close_the_html_comment_early(kind: StickyKind) -> None:
    state = STATES[kind]
    encoded = kind.encode_state(state)
    inner = encoded[len(kind.state_prefix) : -len(" -->")]
    assert "-->" not in inner and ">" not in inner and "<script>" not in inner
    assert kind.decode_state(f"{kind.marker}\ntable\n{encoded}\n") == state


@KINDS
def test_the_last_state_in_a_post_wins(kind: StickyKind) -> None:
    older, newer = STATES[kind], {**STATES[kind], "at": "later"}
    assert kind.decode_state(kind.encode_state(older) + "\n" + kind.encode_state(newer)) == newer


@KINDS
def test_a_garbled_state_decodes_to_none(kind: StickyKind) -> None:
    prefix = kind.state_prefix
    bomb = base64.b64encode(zlib.compress(b" " * (MAX_STATE_BYTES + 1), 9)).decode("ascii")
    garbled = [
        "no state here",
        "",
        f"{prefix}",  # cut off
        f"{prefix} -->",
        f"{prefix}{{not json}} -->",
        f"{prefix}AAAA -->",  # base64, not zlib
        f"{prefix}%%%% -->",
        f"{prefix}[1, 2] -->",
        f"{prefix}\ud800 -->",  # a lone surrogate
        f"{prefix}{bomb} -->",  # inflates past the limit
        kind.encode_state({**STATES[kind], "v": 2}),  # another version
        kind.encode_state(["v", 1]),  # type: ignore[arg-type]  # not an object
        base64.b64encode(b"\x00" * 30).decode("ascii"),
    ]
    for body in garbled:
        assert kind.decode_state(body) is None, body[:80]


def test_a_state_of_the_other_kind_is_not_read() -> None:
    assert TRACKING.decode_state(REVIEW.encode_state(REVIEW_STATE)) is None
    assert REVIEW.decode_state(TRACKING.encode_state(AUDIT_STATE)) is None
    assert TRACKING.decode_state(TRACKING.encode_state({**AUDIT_STATE, "kind": "review"})) is None


def test_the_two_kinds_have_their_own_markers() -> None:
    assert REVIEW.marker == "<!-- ecosystem-bot:review -->"
    assert TRACKING.marker == "<!-- ecosystem-bot:audit -->"
    assert REVIEW.marker not in TRACKING.marker and TRACKING.marker not in REVIEW.marker


def test_a_review_comment_by_someone_else_with_the_marker_is_not_adopted() -> None:
    comments = [
        IssueComment(1, f"{REVIEW.marker}\nI am not the bot", "mallory"),
        IssueComment(
            2, f"{REVIEW.marker}\n{REVIEW.encode_state(REVIEW_STATE)}", "github-actions"
        ),  # GraphQL login
        IssueComment(3, "a plain comment by the bot", "github-actions"),
        IssueComment(4, f"{REVIEW.marker}\nby a bot of the same name elsewhere", "github-actions-x[bot]"),
        IssueComment(5, f"{TRACKING.marker}\nthe other kind", "github-actions"),
    ]
    mine = REVIEW.own(comments, BOT)
    assert [c.id for c in mine] == [2]
    assert REVIEW.decode_state(mine[0].body) == REVIEW_STATE


def test_a_tracking_issue_by_someone_else_with_the_marker_is_not_adopted() -> None:
    issues = [
        TrackingIssue(1, f"{TRACKING.marker}\nnot the bot's", "open", author="maintainer"),
        TrackingIssue(2, OLD_TRACKING_BODY, "open", author=BOT),  # REST login
        TrackingIssue(3, OLD_TRACKING_BODY, "open", author=None),  # a deleted user ("ghost")
        TrackingIssue(4, f"{REVIEW.marker}\nthe other kind", "open", author=BOT),
    ]
    assert [i.number for i in TRACKING.own(issues, BOT)] == [2]


def test_the_bot_login_matches_in_both_api_forms_and_nothing_else() -> None:
    assert same_login("github-actions", BOT) and same_login("GitHub-Actions[bot]", BOT)
    assert not same_login(None, BOT) and not same_login("", BOT) and not same_login("actions", BOT)
    assert is_bot_post("x <!-- m --> y", "my-app[bot]", "<!-- m -->", "my-app[bot]")
    assert not is_bot_post("x y", "my-app[bot]", "<!-- m -->", "my-app[bot]")


def test_own_posts_keeps_the_order_given() -> None:
    @dataclass(frozen=True)
    class Post:
        body: str
        author: str | None

    posts = [Post("<!-- m --> b", BOT), Post("<!-- m --> a", "github-actions"), Post("<!-- m -->", "eve")]
    assert own_posts(posts, "<!-- m -->", BOT) == posts[:2]


# ---- against the simulator: the bot's own post found through the API -------------------------------------

REPO = "org/catalog"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    world = {
        "users": [{"login": BOT, "type": "Bot"}, {"login": "alice"}],
        "tokens": {"bot-token": BOT},
        "repositories": [
            {
                "name": REPO,
                "commits": [{"message": "init", "author": "alice", "files": {"README.md": "# c\n"}}],
                "issues": [
                    {"number": 1, "title": "An application", "author": "alice"},
                    {"number": 2, "title": "Copycat", "author": "alice", "body": OLD_TRACKING_BODY},
                    {"number": 3, "title": "Ecosystem audit", "author": BOT, "body": OLD_TRACKING_BODY},
                    {"number": 4, "title": "Another bot issue", "author": BOT, "body": "no marker here"},
                    {"number": 5, "title": "A review", "author": BOT, "body": OLD_REVIEW_BODY},
                ],
            }
        ],
    }
    with Simulator(world) as simulator:
        yield simulator


def client(sim: Simulator) -> GitHubClient:
    return GitHubClient("bot-token", sim.url, sim.graphql_url, timeout=2)


def test_the_read_back_finds_the_bots_review_comment_not_a_newer_copycat(sim: Simulator) -> None:
    sim.state.add_comment(REPO, 1, BOT, OLD_REVIEW_BODY)
    sim.state.add_comment(
        REPO, 1, "alice", f"{REVIEW.marker}\n{REVIEW.encode_state({'v': 1, 'sha': 'forged'})}"
    )
    found = find_own_comment(client(sim), REPO, 1, REVIEW.marker, BOT)
    assert found is not None and found["user"]["login"] == BOT
    assert REVIEW.decode_state(str(found["body"])) == REVIEW.decode_state(OLD_REVIEW_BODY)
    assert find_own_comment(client(sim), REPO, 1, reply_marker("cooldown"), BOT) is None


def test_the_tracking_issue_found_is_the_bots_and_its_old_state_is_read(sim: Simulator) -> None:
    """The API lists the issues the bot opened (`creator`); of those, only the one with the marker."""
    issues = find_tracking_issues(client(sim), REPO, BOT)
    assert [issue.number for issue in issues] == [3]
    assert previous_from(issues) == TRACKING.decode_state(OLD_TRACKING_BODY)
