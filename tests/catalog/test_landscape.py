"""landscape.yml: the PR's entries are the items added, changed or removed between base and head."""

from __future__ import annotations

from bot.catalog import CatalogSettings, FileChange, catalog_format

BASE = b"""landscape:
  - category:
    name: Modeling
    subcategories:
      - subcategory:
        name: Vision
        items:
          - item:
            name: Alpha
            homepage_url: https://alpha.dev
            logo: alpha.svg
            repo_url: https://github.com/alpha/alpha
          - item:
            name: Beta
            homepage_url: https://beta.dev
            logo: beta.svg
            repo_url: https://github.com/beta/beta
  - category:
    name: Training
    subcategories:
      - subcategory:
        name: Distributed
        items:
          - item:
            name: Gamma
            homepage_url: https://gamma.dev
            logo: gamma.svg
            repo_url: https://github.com/gamma/gamma
"""
LOGOS = [
    "hosted_logos/alpha.svg",
    "hosted_logos/beta.svg",
    "hosted_logos/gamma.svg",
    "hosted_logos/delta.svg",
]
DELTA = b"""          - item:
            name: Delta
            homepage_url: https://delta.dev
            logo: delta.svg
            repo_url: https://github.com/delta/delta
            second_path: ["Training / Distributed"]
            extra:
              accepted: '2025-01-31'
"""


def entries(head: bytes, categories: tuple[str, ...] = ()) -> list:
    fmt = catalog_format(CatalogSettings.for_format("landscape"), categories, True)
    return fmt.entries([FileChange("landscape.yml", "modified", head, BASE)], {}, LOGOS)


def summary(found: list) -> list[tuple]:
    return [(e.name, e.change, e.line, e.categories, e.repository, e.is_valid) for e in found]


def test_an_unchanged_file_has_no_entries() -> None:
    assert entries(BASE) == []


def test_an_added_item_is_the_only_entry_with_its_placement_and_line() -> None:
    head = BASE.replace(b"  - category:\n    name: Training", DELTA + b"  - category:\n    name: Training")
    assert summary(entries(head)) == [
        (
            "Delta",
            "added",
            18,
            ["Modeling / Vision", "Training / Distributed"],
            "https://github.com/delta/delta",
            True,
        )
    ]


def test_a_changed_item_a_moved_item_and_a_removed_item() -> None:
    head = BASE.replace(b"https://beta.dev", b"https://beta.io")
    head = head.replace(
        b"""          - item:
            name: Alpha
            homepage_url: https://alpha.dev
            logo: alpha.svg
            repo_url: https://github.com/alpha/alpha
""",
        b"",
    )
    head = head.replace(b"name: Distributed", b"name: Distributed training")
    found = summary(entries(head))
    assert found == [
        ("Beta", "changed", 8, ["Modeling / Vision"], "https://github.com/beta/beta", True),
        ("Gamma", "changed", 19, ["Training / Distributed training"], "https://github.com/gamma/gamma", True),
        ("Alpha", "removed", 8, ["Modeling / Vision"], "https://github.com/alpha/alpha", True),
    ]


def test_removed_items_are_reported_without_problems() -> None:
    head = BASE.split(b"  - category:\n    name: Training")[0]
    found = entries(head)
    assert [(e.name, e.change, e.problems) for e in found] == [("Gamma", "removed", [])]


def test_a_new_duplicate_of_an_existing_item_names_it() -> None:
    copy = DELTA.replace(b"name: Delta", b"name: Alpha 2").replace(b"delta/delta", b"Alpha/Alpha.git")
    head = BASE.replace(b"  - category:\n    name: Training", copy + b"  - category:\n    name: Training")
    (entry,) = entries(head)
    messages = [(p.line, p.severity, p.message) for p in entry.problems]
    assert (
        22,
        "error",
        "repository 'https://github.com/Alpha/Alpha' is already in the catalog: landscape.yml line 8 (Alpha)",
    ) in messages


def test_placements_are_checked_against_the_policy_categories() -> None:
    head = BASE.replace(b"  - category:\n    name: Training", DELTA + b"  - category:\n    name: Training")
    (entry,) = entries(head, ("Modeling / Vision", "Training / Distributed training"))
    assert [(p.message, p.fix) for p in entry.problems] == [
        (
            "'Training / Distributed' is not one of the policy's categories",
            "did you mean `Training / Distributed training`?",
        )
    ]


def test_a_broken_head_is_one_invalid_entry_with_the_parse_error() -> None:
    (entry,) = entries(BASE + b"  - category: [\n")
    assert (entry.name, entry.is_valid) == (None, False)
    assert entry.problems[0].message.startswith("invalid YAML")


def test_structure_problems_already_at_the_base_are_not_blamed_on_the_pr() -> None:
    base = BASE + b"  - category:\n    subcategories: []\n"
    fmt = catalog_format(CatalogSettings.for_format("landscape"))
    head = base.replace(b"https://beta.dev", b"https://beta.io")
    found = fmt.entries([FileChange("landscape.yml", "modified", head, base)], {}, LOGOS)
    assert [(e.name, e.change) for e in found] == [("Beta", "changed")]


def test_context_paths_ask_for_the_base_file_and_the_logos_at_head() -> None:
    fmt = catalog_format(CatalogSettings.for_format("landscape"))
    assert [(r.pattern, r.ref, r.contents) for r in fmt.context_paths()] == [
        ("landscape.yml", "base", True),
        ("hosted_logos/**", "head", False),
    ]
    assert fmt.owns("landscape.yml") and not fmt.owns("docs/landscape.yml")
