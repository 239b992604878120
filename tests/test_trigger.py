import pytest

from bot.trigger import has_recheck_command, may_recheck, parse_trigger


def pr_payload(action="opened", number=7):
    return {
        "action": action,
        "number": number,
        "repository": {"full_name": "org/catalog"},
        "pull_request": {
            "number": number,
            "state": "open",
            "user": {"login": "alice"},
            "head": {"sha": "abc123", "repo": None},
            "base": {"ref": "main"},
        },
    }


def comment_payload(body, action="created", on_pr=True, login="bob", user_type="User"):
    issue = {"number": 7, "state": "open", "user": {"login": "alice"}}
    if on_pr:
        issue["pull_request"] = {"url": "https://api.github.com/repos/org/catalog/pulls/7"}
    return {
        "action": action,
        "repository": {"full_name": "org/catalog"},
        "issue": issue,
        "comment": {"id": 99, "body": body, "user": {"login": login, "type": user_type}},
    }


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened", "edited", "ready_for_review"])
def test_pull_request_actions_are_reviewed(action):
    trigger = parse_trigger("pull_request_target", pr_payload(action), {})
    assert (trigger.kind, trigger.number, trigger.head_sha, trigger.pr_author) == (
        "review",
        7,
        "abc123",
        "alice",
    )


def test_closed_pull_request_is_ignored():
    assert parse_trigger("pull_request", pr_payload("closed"), {}).kind == "ignore"


def test_recheck_comment_on_pr():
    trigger = parse_trigger("issue_comment", comment_payload("Fixed it.\n/recheck\n"), {})
    assert (trigger.kind, trigger.requested_by, trigger.comment_id, trigger.pr_author) == (
        "recheck",
        "bob",
        99,
        "alice",
    )


def test_recheck_on_a_plain_issue_is_an_application_recheck():
    trigger = parse_trigger("issue_comment", comment_payload("/recheck", on_pr=False), {})
    assert (trigger.kind, trigger.subject, trigger.number, trigger.requested_by, trigger.pr_author) == (
        "recheck",
        "issue",
        7,
        "bob",
        "alice",
    )


@pytest.mark.parametrize("action", ["opened", "edited", "reopened"])
def test_issue_events_review_the_issue_as_an_application(action):
    payload = {
        "action": action,
        "repository": {"full_name": "org/ecosystem"},
        "issue": {"number": 12, "state": "open", "user": {"login": "alice"}},
    }
    trigger = parse_trigger("issues", payload, {})
    assert (trigger.kind, trigger.subject, trigger.number, trigger.pr_author) == (
        "review",
        "issue",
        12,
        "alice",
    )


@pytest.mark.parametrize("action", ["closed", "labeled", "assigned", "deleted"])
def test_other_issue_actions_are_ignored(action):
    payload = {"action": action, "repository": {"full_name": "o/r"}, "issue": {"number": 1}}
    assert parse_trigger("issues", payload, {}).kind == "ignore"


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (comment_payload("/recheck", action="edited"), "only new comments"),
        (comment_payload("no command here", on_pr=False), "not a pull request"),
        (comment_payload("/recheck", on_pr=False, login="dependabot[bot]", user_type="Bot"), "bot"),
        (comment_payload("/recheck", login="dependabot[bot]", user_type="Bot"), "bot"),
        (comment_payload("please /recheck"), "no /recheck line"),
    ],
)
def test_comments_that_are_ignored(payload, why):
    trigger = parse_trigger("issue_comment", payload, {})
    assert trigger.kind == "ignore"
    assert why in trigger.reason


@pytest.mark.parametrize(
    "body",
    [
        "```\n/recheck\n```",
        "~~~~\n/recheck\n~~~~",
        "> /recheck",
        ">/recheck",
        "    /recheck",
        "/recheck please",
        "`/recheck`",
    ],
)
def test_recheck_in_code_or_quote_does_not_count(body):
    assert not has_recheck_command(body)


@pytest.mark.parametrize(
    "body", ["/recheck", "  /recheck  ", "thanks\r\n/recheck", "```\ncode\n```\n/recheck"]
)
def test_recheck_line_counts(body):
    assert has_recheck_command(body)


def test_workflow_dispatch_needs_pr_input():
    payload = {"repository": {"full_name": "org/catalog"}, "inputs": {"pr": "12"}, "sender": {"login": "m"}}
    assert parse_trigger("workflow_dispatch", payload, {}).number == 12
    assert parse_trigger("workflow_dispatch", {"inputs": {}}, {}).kind == "ignore"


def test_other_events_are_ignored_with_a_notice():
    trigger = parse_trigger("push", {}, {})
    assert trigger.kind == "ignore" and "push" in trigger.reason


@pytest.mark.parametrize(
    ("who", "author", "permission", "allowed"),
    [
        ("alice", "alice", "read", True),
        ("Alice", "alice", None, True),
        ("bob", "alice", "write", True),
        ("bob", "alice", "admin", True),
        ("bob", "alice", "maintain", True),
        ("bob", "alice", "read", False),
        ("bob", "alice", "triage", False),
        ("bob", "alice", "none", False),
    ],
)
def test_who_may_recheck(who, author, permission, allowed):
    assert may_recheck(who, author, permission) is allowed


def test_recheck_cooldown_counts_from_the_last_recheck():
    from datetime import UTC, datetime, timedelta

    from bot.trigger import recheck_cooldown

    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    five = timedelta(minutes=5)
    assert recheck_cooldown("2026-12-01T11:58:00+00:00", now, five) == datetime(
        2026, 12, 1, 12, 3, tzinfo=UTC
    )
    assert recheck_cooldown("2026-12-01T11:55:00+00:00", now, five) is None  # exactly over: may run
    assert recheck_cooldown(None, now, five) is None  # never rechecked
    assert recheck_cooldown("2026-12-01T11:58:00+00:00", now, timedelta(0)) is None  # cooldown off
    assert recheck_cooldown("not a time", now, five) is None
    assert recheck_cooldown("2027-01-01T00:00:00+00:00", now, five) is None  # from the future: ignored


def test_recheck_refusal_is_decided_by_the_trigger():
    from bot.trigger import Trigger, needs_permission, recheck_refusal

    by_alice = Trigger("recheck", "", "o/r", 1, requested_by="Alice")
    assert not needs_permission(by_alice, "OPEN", "alice")  # the author: no lookup needed
    assert recheck_refusal(by_alice, "o/r", "OPEN", "alice", None) is None
    assert "is closed" in (recheck_refusal(by_alice, "o/r", "CLOSED", "alice", None) or "")
    by_bob = Trigger("recheck", "", "o/r", 1, requested_by="bob")
    assert needs_permission(by_bob, "OPEN", "alice")
    assert recheck_refusal(by_bob, "o/r", "OPEN", "alice", "write") is None
    assert "your permission: read" in (recheck_refusal(by_bob, "o/r", "OPEN", "alice", "read") or "")
