from __future__ import annotations

from bot.audit.state import STATE_PREFIX, decode_audit_state, encode_audit_state

STATE = {
    "v": 1,
    "kind": "audit",
    "policy": "pytorch-tac-v1",
    "at": "2026-06-01",
    "risks": {"catalog/a.yml#1": {"archived": {"since": "2026-05-01", "detail": "--> <b>x</b>"}}},
    "not_reached": ["catalog/b.yml#2"],
}


def test_round_trip_inside_an_issue_body() -> None:
    comment = encode_audit_state(STATE)
    inner = comment[len(STATE_PREFIX) : -len(" -->")]
    assert "-->" not in inner and "-" not in inner and ">" not in inner  # cannot close the comment
    body = f"table\n{comment}\n"
    assert decode_audit_state(body) == STATE


def test_the_last_state_wins_and_broken_ones_are_ignored() -> None:
    newer = dict(STATE, at="2026-06-08")
    assert decode_audit_state(encode_audit_state(STATE) + encode_audit_state(newer)) == newer
    assert decode_audit_state("no state here") is None
    assert decode_audit_state(f"{STATE_PREFIX}AAAA -->") is None  # not zlib
    assert decode_audit_state(encode_audit_state({"v": 2, "kind": "audit"})) is None  # unknown version
    assert decode_audit_state(encode_audit_state({"v": 1, "kind": "review"})) is None
