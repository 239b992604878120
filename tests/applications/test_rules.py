"""The rubric's mechanical rules (DOMAIN.md §1b), each at and around its threshold."""

from __future__ import annotations

import pytest

from bot.applications.rubric import (
    RubricRow,
    claimed_series,
    code_of_conduct_row,
    governance_row,
    license_file_row,
    maintainers_row,
    self_check,
    specifier_excludes,
    suggest_lean,
    threshold_row,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (199, ("fail", "199 stars (at least 200 required)")),
        (200, ("pass", "exactly at the 200-star minimum")),
        (201, ("pass", "")),
    ],
)
def test_a_must_threshold_below_at_and_above(value, expected):
    assert threshold_row(value, 200, "star") == expected


@pytest.mark.parametrize(
    ("value", "expected_status"),
    [(4, "caution"), (5, "pass"), (6, "pass")],
)
def test_a_should_threshold_below_is_a_caution_not_a_fail(value, expected_status):
    status, note = threshold_row(value, 5, "contributor", should=True)
    assert status == expected_status
    if value == 4:
        assert note == "4 contributors (a should-requirement of at least 5)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (29, ("caution", "at least 29 commits counted so far (partial count; minimum 30)")),
        (30, ("pass", "at least 30 commits (partial count, already above the minimum of 30)")),
        (31, ("pass", "at least 31 commits (partial count, already above the minimum of 30)")),
    ],
)
def test_a_partial_count_passes_noted_above_and_is_a_caution_below(value, expected):
    assert threshold_row(value, 30, "commit", partial=True) == expected


def test_an_unknown_count_is_a_caution_saying_what_was_tried():
    status, note = threshold_row(None, 30, "commit", tried="GraphQL history(since:) totalCount: HTTP 502")
    assert status == "caution"
    assert note == "could not count the commits (GraphQL history(since:) totalCount: HTTP 502)"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["LICENSE.md", "README.md"], ("pass", "", "LICENSE.md")),
        (
            ["LICENSE", "README.md"],
            ("caution", "license file is LICENSE, not LICENSE.md (naming gap)", "LICENSE"),
        ),
        (
            ["LICENSE.txt"],
            ("caution", "license file is LICENSE.txt, not LICENSE.md (naming gap)", "LICENSE.txt"),
        ),
        (["README.md", "setup.py"], ("fail", "no license file in the repository root", None)),
        (None, ("caution", "could not list the repository root to look for LICENSE.md", None)),
    ],
)
def test_license_md_versus_license(names, expected):
    assert license_file_row(names) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Contributor Covenant Code of Conduct\n", "caution"),
        ("We adopt the contributor-covenant v2.1.", "caution"),
        ("# Code of Conduct\nThis project follows the Linux Foundation code of conduct.", "pass"),
        (None, "pass"),
    ],
)
def test_contributor_covenant_is_a_caution(text, expected):
    assert code_of_conduct_row("pass", text)[0] == expected


def test_a_missing_code_of_conduct_stays_a_fail_whatever_the_text():
    assert code_of_conduct_row("fail", "Contributor Covenant") == ("fail", "")


def test_governance_only_informal_is_a_fail_and_a_document_is_for_a_human():
    assert governance_row(False, ["CONTRIBUTING.md"]) == (
        "fail",
        "governance is mentioned only informally in CONTRIBUTING.md; no standalone document",
    )
    assert governance_row(False, []) == ("fail", "no governance document")
    assert governance_row(True, ["CONTRIBUTING.md"])[0] == "judgement"
    assert governance_row(None, [])[0] == "caution"


@pytest.mark.parametrize(
    ("claimed", "verified", "expected"),
    [
        (["a"], ["a"], "fail"),
        (["a", "b"], ["a"], "judgement"),
        (["a", "b"], ["a", "b"], "pass"),
        (["a", "b", "c"], ["a", "b", "c"], "pass"),
        ([], [], "fail"),
    ],
)
def test_core_maintainers(claimed, verified, expected):
    status, note = maintainers_row(claimed, verified, 2)
    assert status == expected
    if expected == "judgement":
        assert note.endswith("a human decides whether b is a core maintainer")
    if claimed == ["a", "b"] and expected == "pass":
        assert note == "exactly at the minimum of 2: a, b"


def test_torch_requirements_that_leave_out_a_latest_release():
    assert specifier_excludes("<2.8", ["2.9", "2.8"]) == ["2.9", "2.8"]
    assert specifier_excludes(">=2.0,<2.9", ["2.9", "2.8"]) == ["2.9"]
    assert specifier_excludes(">=2.4", ["2.9", "2.8"]) == []
    assert specifier_excludes("not a specifier", ["2.9"]) == []
    assert claimed_series("PyTorch 2.8.0 and 2.9") == ["2.8", "2.9"]


def rows(*statuses: tuple[str, str]) -> list[RubricRow]:
    return [RubricRow(row_id, row_id, status) for row_id, status in statuses]  # type: ignore[arg-type]


def test_the_suggested_lean():
    clean = [("stars", "pass"), ("quick-start", "judgement"), ("documentation", "judgement")]
    assert suggest_lean(rows(*clean))[0] == "Approve"
    assert suggest_lean(rows(*clean, ("stars", "fail")))[0] == "Too early"
    assert suggest_lean(rows(*clean, ("stars", "fail"), ("codeowners", "fail")))[0] == "Needs more info"
    assert suggest_lean(rows(*clean, ("permissive-license", "fail")))[0] == "Decline"
    assert suggest_lean(rows(*clean, ("license-file", "caution")))[0] == "Needs more info"
    assert suggest_lean(rows(*clean, ("core-maintainers", "judgement")))[0] == "Needs more info"


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("exactly at the 200-star minimum", "pass"),
        ("at least 31 commits (partial count, already above the minimum of 30)", "pass"),
        ("latest two PyTorch releases: 2.9.1 and 2.8.0 (PyPI torch)", "pass"),
        ("the declared torch requirement leaves out 2.9", "caution"),
        ("no CODEOWNERS file", "caution"),
        ("", "pass"),
    ],
)
def test_a_note_describing_a_gap_never_sits_beside_a_pass(note, status):
    row = RubricRow("x", "X", "pass", note)
    self_check(row)
    assert row.status == status
