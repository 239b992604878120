"""The comment's shape and limits, on reviews built from plain data."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.catalog.entry import Entry, Problem
from bot.policies import load_policy
from bot.publish import MARKER
from bot.report import COMMENT_LIMIT, RunInfo, decode_state, encode_state, overall_verdict, render_comment
from bot.review import EntryReview, Review
from bot.verdicts import evaluate_entry

RUN = RunInfo("https://github.com/org/catalog/actions/runs/1", "https://example.org/checks.md", None)


def review_of(entries: list[EntryReview]) -> Review:
    policy = load_policy("pytorch-2019")
    review = Review("org/catalog", 1, "a" * 40, "b" * 40, policy, datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    review.entries = entries
    return review


def invalid_entry(index: int, problems: int = 3) -> EntryReview:
    policy = load_policy("pytorch-2019")
    entry = Entry(
        file=f"catalog/p{index}.yml",
        line=1,
        name=f"project-{index}",
        repository=None,
        categories=["core"],
        change="added",
        problems=[
            Problem(f"catalog/p{index}.yml", n + 1, 3, "description", "x" * 280, fix="y" * 180)
            for n in range(problems)
        ],
    )
    return EntryReview(entry, None, evaluate_entry(policy, None, entry.problems, entry.name or ""))


def test_every_verdict_survives_when_the_body_would_be_too_long():
    review = review_of([invalid_entry(n, problems=60) for n in range(120)])
    body = render_comment(review, RUN)
    assert len(body) < COMMENT_LIMIT
    assert body.startswith(MARKER)
    assert body.count("⛔ invalid entry") >= 120  # the verdict line of every entry is kept
    assert "Details were left out" in body
    assert decode_state(body)["sha"] == "a" * 40


def test_short_reviews_keep_their_details():
    body = render_comment(review_of([invalid_entry(1)]), RUN)
    assert "Details were left out" not in body
    assert "`catalog/p1.yml:1:3` `description`" in body
    assert overall_verdict(review_of([invalid_entry(1)])) == "invalid"


def test_state_cannot_end_the_html_comment_early():
    state = {
        "v": 1,
        "sha": "x",
        "entries": {"a-->b<script>": {"checks": {"T-1": "pass"}, "verdict": "needs-work"}},
    }
    encoded = encode_state(state)
    assert encoded.count("-->") == 1 and encoded.endswith(" -->")
    assert "<script>" not in encoded
    assert decode_state(f"body\n{encoded}") == state


def test_a_forged_or_broken_state_is_ignored():
    assert decode_state("<!-- ecosystem-bot:state {not json} -->") is None
    assert decode_state('<!-- ecosystem-bot:state {"v": 99} -->') is None
    assert decode_state("no state here") is None


def test_since_the_last_review_names_changed_checks():
    first = review_of([invalid_entry(1)])
    previous = decode_state(render_comment(first, RUN))
    assert previous is not None
    key = next(iter(previous["entries"]))
    previous["entries"][key]["checks"] = {"TEST-001": "fail"}
    body = render_comment(first, RunInfo(RUN.run_url, RUN.docs_url, previous))
    assert "**Since the last review**" in body
