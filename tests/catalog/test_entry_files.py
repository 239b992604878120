"""Entry files: one file per project; changes, removals, renames, a catalog's own schema and fields."""

from __future__ import annotations

import json

from bot.catalog import CatalogSettings, FileChange, catalog_format, duplicates_after_rename
from tests.catalog.corpus_cases import POLICY_CATEGORIES, SKORCH_ENTRY

FLAIR = b"""name: Flair
repository: https://github.com/flairNLP/flair
description: A very simple framework for state-of-the-art NLP.
category: domain-frameworks
license: MIT
install:
  pip: flair
"""


def fmt(settings: CatalogSettings | None = None, multiple: bool = False):
    return catalog_format(settings or CatalogSettings(), POLICY_CATEGORIES, multiple)


def test_a_valid_entry_has_no_problems_and_its_identity() -> None:
    (entry,) = fmt().entries([FileChange("catalog/flair.yml", "added", FLAIR, None)], {})
    assert (entry.name, entry.repository, entry.categories, entry.change, entry.problems) == (
        "Flair",
        "https://github.com/flairNLP/flair",
        ["domain-frameworks"],
        "added",
        [],
    )
    assert entry.fields["install"] == {"pip": "flair"}
    assert entry.slug == "flairNLP/flair"


def test_files_outside_the_catalog_paths_are_ignored() -> None:
    assert fmt().entries([FileChange("README.md", "modified", b"# hi", b"# ho")], {}) == []


def test_a_removed_entry_is_reported_not_vetted() -> None:
    (entry,) = fmt().entries([FileChange("catalog/skorch.yml", "removed", None, SKORCH_ENTRY)], {})
    assert (entry.name, entry.repository, entry.change, entry.problems) == (
        "skorch",
        "https://github.com/skorch-dev/skorch",
        "removed",
        [],
    )


def test_a_renamed_entry_is_not_its_own_duplicate() -> None:
    change = FileChange("catalog/skorch-new.yml", "renamed", SKORCH_ENTRY, SKORCH_ENTRY, "catalog/skorch.yml")
    (entry,) = fmt().entries([change], {"catalog/skorch.yml": SKORCH_ENTRY})
    assert (entry.change, entry.problems) == ("changed", [])


def test_a_modified_entry_is_not_its_own_duplicate() -> None:
    head = SKORCH_ENTRY.replace(b"BSD-3-Clause", b"BSD-2-Clause")
    change = FileChange("catalog/skorch.yml", "modified", head, SKORCH_ENTRY)
    (entry,) = fmt().entries([change], {"catalog/skorch.yml": SKORCH_ENTRY})
    assert (entry.change, entry.problems) == ("changed", [])


def test_two_new_entries_for_one_repository_are_duplicates_of_each_other() -> None:
    copy = FLAIR.replace(b"name: Flair", b"name: Flair NLP")
    found = fmt().entries(
        [
            FileChange("catalog/flair.yml", "added", FLAIR, None),
            FileChange("catalog/flair2.yml", "added", copy, None),
        ],
        {},
    )
    assert [p.message for p in found[1].problems] == [
        "repository 'https://github.com/flairNLP/flair' is already in the catalog: catalog/flair.yml line 1 (Flair)"
    ]


def test_two_files_with_the_same_text_are_two_entries_each_with_its_own_file_and_problems() -> None:
    # A file is parsed once for the duplicate records and the entry (same path, same bytes): two
    # paths holding one text stay two entries, each a duplicate of the other, at its own path.
    same = FLAIR + b"name: Again\n"  # a duplicate key: a problem the parser locates in its file
    found = fmt().entries(
        [
            FileChange("catalog/a.yml", "added", same, None),
            FileChange("catalog/b.yml", "added", same, None),
        ],
        {},
    )
    assert [e.file for e in found] == ["catalog/a.yml", "catalog/b.yml"]
    for entry in found:
        parsed = [p for p in entry.problems if p.message.startswith("duplicate key 'name'")]
        assert [p.file for p in parsed] == [entry.file]
    assert any("already in the catalog: catalog/a.yml" in p.message for p in found[1].problems)


def test_several_categories_when_the_policy_allows_them() -> None:
    data = FLAIR.replace(b"category: domain-frameworks", b"category: [domain-frameworks, data]")
    (entry,) = fmt(multiple=True).entries([FileChange("catalog/flair.yml", "added", data, None)], {})
    assert (entry.categories, entry.problems) == (["domain-frameworks", "data"], [])


def test_a_catalog_schema_and_field_names_of_its_own() -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["title", "repo"],
        "properties": {"title": {"type": "string"}, "repo": {"type": "string"}, "area": {"type": "string"}},
        "additionalProperties": False,
    }
    settings, problems = CatalogSettings.from_mapping(
        {
            "schema": "schemas/mine.json",
            "fields": {"name": "title", "repository": "repo", "category": "area"},
        },
        ".github/ecosystem-bot.yml",
    )
    assert problems == []
    data = b"title: Flair\nrepo: https://github.com/flairNLP/flair\narea: data\nlicence: MIT\n"
    context = {"schemas/mine.json": json.dumps(schema).encode()}
    assert ("schemas/mine.json", "base", True) in [
        (r.pattern, r.ref, r.contents) for r in fmt(settings).context_paths()
    ]
    (entry,) = fmt(settings).entries([FileChange("catalog/flair.yml", "added", data, None)], context)
    assert (entry.name, entry.repository, entry.categories) == (
        "Flair",
        "https://github.com/flairNLP/flair",
        ["data"],
    )
    assert [(p.line, p.field, p.message) for p in entry.problems] == [
        (4, "licence", "unknown field `licence`")
    ]


def test_a_broken_catalog_schema_is_an_error_not_a_pass() -> None:
    settings = CatalogSettings(schema="schemas/mine.json")
    (entry,) = fmt(settings).entries(
        [FileChange("catalog/flair.yml", "added", FLAIR, None)], {"schemas/mine.json": b'{"type": 12}'}
    )
    assert not entry.is_valid
    assert entry.problems[0].message.startswith("the catalog's schema cannot be used: 12 is not valid")


def test_a_schema_without_a_repository_field_still_needs_a_repository() -> None:
    settings = CatalogSettings(schema="s.json")
    (entry,) = fmt(settings).entries(
        [FileChange("catalog/x.yml", "added", b"name: X\n", None)], {"s.json": b"{}"}
    )
    assert [p.message for p in entry.problems] == ["the entry names no repository"]


def test_duplicates_after_a_rename_name_the_existing_entry() -> None:
    format_ = fmt()
    changes = [FileChange("catalog/flair.yml", "added", FLAIR, None)]
    context = {"catalog/skorch.yml": SKORCH_ENTRY}
    (entry,) = format_.entries(changes, context)
    problems = duplicates_after_rename(entry, "skorch-dev/skorch", format_.records(changes, context))
    assert [(p.severity, p.message) for p in problems] == [
        (
            "warning",
            "https://github.com/flairNLP/flair was renamed or moved to https://github.com/skorch-dev/skorch",
        ),
        (
            "error",
            "https://github.com/flairNLP/flair redirects to https://github.com/skorch-dev/skorch, which is already in "
            "the catalog: catalog/skorch.yml line 1 (skorch)",
        ),
    ]
    assert duplicates_after_rename(entry, "flairnlp/FLAIR", []) == []


def test_hostile_values_are_cut_short_in_messages() -> None:
    data = FLAIR.replace(b"category: domain-frameworks", b"category: '" + b"\\u202e<script>" * 2000 + b"'")
    data = data.replace(b"https://github.com/flairNLP/flair", b"https://" + b"x" * 5000 + b".io/a/b")
    (entry,) = fmt().entries([FileChange("catalog/flair.yml", "added", data, None)], {})
    assert len(entry.problems) == 2
    assert all(len(p.message) < 300 for p in entry.problems)
    assert "\u202e" not in entry.problems[1].message  # shown escaped: '\u202e<script>…'
