from __future__ import annotations

from bot.trigger import parse_trigger


def test_schedule_audits() -> None:
    trigger = parse_trigger("schedule", {"schedule": "0 6 * * 1"}, {"pr": ""})
    assert trigger.kind == "audit" and "0 6 * * 1" in trigger.reason


def test_dispatch_with_an_empty_pr_input_audits_and_with_a_number_reviews() -> None:
    payload = {"repository": {"full_name": "org/catalog"}, "inputs": {}, "sender": {"login": "m"}}
    audit = parse_trigger("workflow_dispatch", payload, {"pr": ""})
    assert (audit.kind, audit.repository, audit.requested_by) == ("audit", "org/catalog", "m")
    assert parse_trigger("workflow_dispatch", payload, {"pr": "7"}).kind == "review"
    assert parse_trigger("workflow_dispatch", payload, {"pr": "seven"}).kind == "ignore"
