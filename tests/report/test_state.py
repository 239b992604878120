"""The review comment's hidden state, read back by the next review: what changed since the last one."""

from __future__ import annotations

from typing import Any

import pytest

from bot.catalog.entry import Entry
from bot.report.comment import RunInfo, render_comment
from bot.report.state import entry_key, review_state
from bot.sticky import REVIEW
from tests.report.test_comment import RUN, invalid_entry, review_of


def test_the_key_of_an_entry_is_its_file_and_a_hash_of_its_name() -> None:
    entry = Entry(file="catalog/a.yml", line=1, name="a-->b", repository=None, categories=[], change="added")
    key = entry_key(entry)
    assert key.startswith("catalog/a.yml#") and len(key) == len("catalog/a.yml#") + 12
    assert "-->" not in key
    assert key == entry_key(Entry("catalog/a.yml", 9, "a-->b", "https://x", ["c"], "changed"))
    assert key != entry_key(Entry("catalog/a.yml", 1, "a-->c", None, [], "added"))


def test_a_changed_check_is_named_with_its_old_and_new_status() -> None:
    review = review_of([invalid_entry(1)])
    previous = review_state(review)
    key = next(iter(previous["entries"]))
    check_id = next(iter(previous["entries"][key]["checks"]))
    previous["entries"][key]["checks"][check_id] = "pass"
    previous["sha"] = "c" * 40
    body = render_comment(review, RunInfo(RUN.run_url, RUN.docs_url, previous))
    now = review_state(review)["entries"][key]["checks"][check_id]
    assert f"**Since the last review** (`ccccccc` → `aaaaaaa`): `{check_id}` ✅ → " in body
    assert now != "pass"


@pytest.mark.parametrize(
    "entries",
    [
        {"k": {"checks": ["LIC-001", "fail"]}},  # checks not an object
        {"k": {"checks": "fail"}},
        {"k": "needs-work"},
        {"k": None},
    ],
)
def test_a_state_edited_into_another_shape_changes_nothing_and_raises_nothing(
    entries: dict[str, Any],
) -> None:
    review = review_of([invalid_entry(1)])
    key = next(iter(review_state(review)["entries"]))
    previous = {"v": 1, "sha": "c" * 40, "entries": {key: entries["k"]}}
    body = render_comment(review, RunInfo(RUN.run_url, RUN.docs_url, previous))
    assert "**Since the last review** (`ccccccc` → `aaaaaaa`): no check changed." in body
    assert REVIEW.decode_state(body) == review_state(review)
