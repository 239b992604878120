"""The comment: untrusted strings are inert, the incomplete form lists each problem with its fix."""

from __future__ import annotations

from bot.applications.render import (
    HUMAN_DECIDES,
    ApplicationReview,
    first_sentence,
    lean_text,
    plain_cell,
    render_review,
    render_sidecar,
    rubric_block,
)
from bot.applications.rubric import Rubric, RubricRow
from bot.applications.validate import FieldProblem
from tests.gfm import problems


def review(**changes: object) -> ApplicationReview:
    data: dict[str, object] = {
        "name": "Widget <img src=x> @alice",
        "issue_url": "https://github.com/org/ecosystem/issues/7",
        "number": 7,
        "observed": "2026-12-01",
        "policy": "pytorch-tac-v1",
        "summary": "Widgets for [PyTorch](https://evil.example) @bob. More text here.",
        "applicant_repo": "https://github.com/acme/widget",
        "rubric": Rubric(
            "acme/widget",
            "https://github.com/acme/widget",
            "abc123",
            "2026-12-01",
            [
                RubricRow(
                    "stars",
                    "Stars (≥ 200)",
                    "fail",
                    "12 stars | <b>x</b>",
                    ["https://github.com/acme/widget/stargazers"],
                )
            ],
            "Too early",
            "below the measurable thresholds (Stars (≥ 200)); apply again later",
        ),
    }
    data.update(changes)
    return ApplicationReview(**data)  # type: ignore[arg-type]


def test_strings_from_the_issue_and_the_repository_are_inert():
    body = render_review(review())
    own_link = "issue reference in '#7'"  # the review links the application it reviews
    found = [p for p in problems(body, {"github.com"}) if p != own_link]
    assert found == []  # no mention, reference, foreign link, HTML or broken row
    heading = next(line for line in body.splitlines() if line.startswith("## Ecosystem Review: "))
    assert "Widget" in heading and "img src=x" in heading and "alice" in heading
    assert "PyTorch" in body and "evil.example" in body  # shown as text, never linked
    assert "More text" not in body  # one sentence
    stars = next(line for line in body.splitlines() if line.startswith("| Stars (≥ 200) | ❌ Fail | "))
    assert "12 stars" in stars


def test_the_incomplete_review_lists_each_problem_and_its_fix():
    problem = FieldProblem(
        "Project license",
        "license",
        "“Project license” is not an SPDX license expression: Apache 2.0",
        "Write it as the SPDX identifier “Apache-2.0”.",
    )
    body = render_review(review(rubric=None, problems=[problem]))
    assert "### ⚠️ Incomplete application" in body
    item = next(line for line in body.splitlines() if line.startswith("- **Project license**: "))
    assert "is not an SPDX license expression" in item and "Apache 2.0" in item
    assert "Write it as the SPDX identifier “Apache-2.0”." in item
    assert "| Criterion | Status | Notes |" not in body
    assert [p for p in problems(body, {"github.com"}) if "'#7'" not in p] == []


def test_a_decision_frames_the_review_as_evidence():
    body = render_review(review(decision="Accepted"))
    assert "A decision exists on this application (label `Accepted`)" in body


def test_first_sentence():
    assert first_sentence("One thing. Two things.") == "One thing."
    assert first_sentence("no full stop") == "no full stop"
    assert first_sentence(None) is None


def test_the_rubric_block_is_the_table_the_lean_and_the_human_line_with_inert_strings():
    rubric = review().rubric
    assert rubric is not None
    rubric.lean_reason = "see [here](https://evil.example) @carol"
    block = rubric_block(rubric)
    assert block.splitlines() == [
        "| Criterion | Status | Notes |",
        "|---|---|---|",
        "| Stars (≥ 200) | ❌ Fail | 12 stars \\| \\<b>x\\</b> |",
        "",
        "**Suggested lean: Too early** — see \\[here\\](https:\u200b//evil.example) @\u200bcarol",
        "",
        HUMAN_DECIDES,
    ]
    assert "Verification sidecar" not in block  # the sidecar goes with the details


def test_the_lean_for_a_terminal_is_plain_text():
    rubric = review().rubric
    assert rubric is not None
    assert lean_text(rubric, plain_cell) == (
        "Suggested lean: Too early — below the measurable thresholds (Stars (≥ 200)); apply again later"
    )


def test_the_sidecar_links_only_to_hosts_linked_on_purpose():
    rubric = review().rubric
    assert rubric is not None
    rubric.rows[0].links = [
        "https://github.com/acme/widget/blob/abc123/LICENSE.md",
        "https://evil.example/x)](https://github.com/y",
        "https://evil.example/plain",
    ]
    sidecar = render_sidecar(rubric, [])
    assert "[LICENSE.md](https://github.com/acme/widget/blob/abc123/LICENSE.md)" in sidecar
    assert "](https://evil.example" not in sidecar
    assert "evil.example/plain" in sidecar  # shown, as text
