"""The corpus of bad entries: each file gives exactly the problems listed in corpus/expected.yml."""

from __future__ import annotations

import time

import pytest
import yaml

from tests.catalog.corpus_cases import CORPUS, corpus_files, describe, run_case

EXPECTED: dict[str, list[str]] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))


def test_the_corpus_has_at_least_40_bad_entries_in_all_three_formats() -> None:
    files = corpus_files()
    assert len(files) >= 40
    assert {f.split("/")[0] for f in files} == {"entry", "landscape", "front-matter"}
    assert sorted(EXPECTED) == files


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_gives_exactly_the_expected_problems(name: str) -> None:
    started = time.perf_counter()
    problems = describe(run_case(name))
    assert problems == EXPECTED[name]
    assert problems, "every corpus file has something to say"
    assert time.perf_counter() - started < 1.0
