"""Issue 13: untrusted strings come out inert, checked on what a GFM renderer makes of them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog.entry import Entry, Problem
from bot.criteria.model import CheckOutcome, Evidence, Result
from bot.escape import (
    LINK_HOSTS,
    code,
    has_invisible,
    inert,
    is_invisible,
    link,
    printable,
    safe_url,
    visible,
)
from bot.policies import load_policy
from bot.report.comment import RunInfo, render_comment, render_summary
from bot.review import EntryReview, Review
from bot.verdicts import CriterionResult, EntryVerdict
from tests.gfm import problems
from tests.hostile_corpus import HOSTILE

RUN = RunInfo(
    "https://github.com/org/catalog/actions/runs/1", "https://github.com/org/bot/blob/main/checks.md", None
)


def test_the_corpus_is_large_enough():
    assert len(set(HOSTILE)) >= 100


@pytest.mark.parametrize("text", HOSTILE)
def test_inert_text_is_inert_in_a_table_cell_a_list_and_a_paragraph(text: str):
    out = inert(text, 6000)
    for markdown in (f"| a | b |\n|---|---|\n| {out} | x |", f"- {out}", f"**{out}**"):
        assert problems(markdown, LINK_HOSTS) == [], markdown


@pytest.mark.parametrize("text", HOSTILE)
def test_code_spans_are_inert_and_cannot_be_broken_out_of(text: str):
    out = code(text, 6000)
    assert problems(f"| a | b |\n|---|---|\n| {out} | x |", LINK_HOSTS) == []
    assert problems(f"see {out} here", LINK_HOSTS) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_links_go_only_to_hosts_linked_on_purpose(text: str):
    for url in (text, f"https://github.com/o/r/releases/tag/{text}", f"https://evil.example/{text}"):
        out = link(text, url)
        assert problems(f"| a | b |\n|---|---|\n| {out} | x |", LINK_HOSTS) == []


def test_plain_words_stay_readable_in_the_raw_markdown():
    assert inert("A scikit-learn compatible library") == "A scikit-learn compatible library"
    assert inert("snake_case and R&D, 3 < 4") == "snake_case and R&D, 3 \\< 4"
    assert inert("@team") == "@\u200bteam"  # looks the same, pings nobody
    assert code("a`b|c") == "``a`b\\|c``"


def test_invisible_characters_are_removed_and_surrogates_replaced():
    assert inert("a\u202eb\u061cc\u00add\U000e0041e\u3164f\x85g") == "abcdefg"
    assert printable("x\ud800y") == "x\ufffdy"
    assert inert("x\ud800y").encode("utf-8") == "x\ufffdy".encode()


def test_ascii_control_characters_are_removed_and_spacing_becomes_one_space():
    assert visible("a\x00b\x1bc\x7fd\x0be\x0cf\tg\r\nh  i") == "abcdef g h i"
    assert has_invisible("https://github.com/a\x7fb") and not has_invisible("https://github.com/a/b")
    assert safe_url("https://github.com/a\x01b") is None


@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_removes_exactly_what_the_character_by_character_rule_removes(text: str):
    """ASCII text skips the per-character look (a comment has thousands of characters): the result
    must be the same as removing every character `is_invisible` names."""
    kept = "".join(c for c in text if c in "\n\t\r" or not is_invisible(c))
    assert visible(text) == " ".join(kept.split())
    assert has_invisible(text) == any(is_invisible(c) for c in text)


def test_urls_are_quoted_and_only_for_allowed_hosts():
    assert safe_url("https://github.com/o/r/releases/tag/v1|x (y)") == (
        "https://github.com/o/r/releases/tag/v1%7Cx%20%28y%29"
    )
    assert safe_url("https://evil.example/") is None
    assert safe_url("http://github.com/o/r") is None
    assert safe_url("https://user:pw@github.com/o/r") is None
    assert safe_url("http://127.0.0.1:8080/a", {"127.0.0.1"}) == "http://127.0.0.1:8080/a"
    assert link("docs", "https://evil.example/") == "docs"


def test_inert_truncates_long_text():
    out = inert("x" * 100_000, limit=300)
    assert out.endswith("…") and len(out) == 300


def _hostile_review(text: str) -> Review:
    """A review where every string the comment shows comes from `text`."""
    policy = load_policy("pytorch-2019")
    url = f"https://github.com/o/r/blob/main/{text}"
    evidence = [
        Evidence(text, text, url),
        Evidence(text, text, text),
        Evidence("release", text, f"https://evil.example/{text}"),
    ]
    outcome = CheckOutcome(
        "LIC-001", text, "licensing", "required", Result("fail", text, evidence, fix=text), url, waived=text
    )
    entry = Entry(
        file=f"catalog/{text}.yml",
        line=1,
        name=text,
        repository=f"https://github.com/{text}",
        categories=[text],
        change="added",
        problems=[Problem(text, 1, 1, text, text, fix=text, severity="warning")],
    )
    verdict = EntryVerdict(
        entry.file, text, url, "a" * 40, policy.name, "fail", text,
        [CriterionResult("licensing", text, "fail", text, ["LIC-001"])], [outcome], [], None, {"fail": 1},
    )  # fmt: skip
    review = Review("org/catalog", 1, "a" * 40, "b" * 40, policy, datetime(2026, 12, 1, tzinfo=UTC))
    review.entries = [EntryReview(entry, None, verdict)]
    review.removed = [Entry(text, 1, text, None, [], "removed")]
    review.file_problems = [Problem(text, 2, 3, text, text, fix=text)]
    return review


@pytest.mark.parametrize("text", HOSTILE)
def test_every_field_of_the_comment_and_summary_is_inert(text: str):
    review = _hostile_review(text)
    for body in (render_comment(review, RUN), render_summary(review, RUN)):
        body.encode("utf-8")
        assert problems(body, RUN.link_hosts) == [], body


@pytest.mark.parametrize(
    ("markdown", "kind"),
    [
        ("hi &#64;team", "mention"),
        ("see &#35;3", "issue reference"),
        ("GH-3", "issue reference"),
        ("go www&#46;evil.example", "www autolink"),
        ("go https://evil.example", "url autolink"),
        ("mail a&#64;evil.example", "e-mail autolink"),
        ("[x](https://evil.example)", "link to"),
        ("![x](https://github.com/x.png)", "image"),
        ("<img src=x>", "raw HTML"),
        ("| a | b |\n|---|---|\n| x|y | z |", "table row with 3 cells"),
        ("| a | b |\n|---|---|\n| x\n| y | z |", "table row with 1 cells"),
        ("a\u202eb", "invisible character"),
    ],
)
def test_the_checker_finds_what_github_would_make_active(markdown: str, kind: str):
    assert any(kind in found for found in problems(markdown, LINK_HOSTS))
