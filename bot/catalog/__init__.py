"""Catalog entries: three formats behind one interface, validated with exact locations.

The pipeline's view (keep stable):

    fmt = catalog_format(settings, categories, multiple_categories)
    changed = [c for c in pr_files if fmt.owns(c.path)]          # FileChange per touched file
    needs = fmt.context_paths()     # ContextRequest(pattern, ref, contents):
                                    #   ref="base", contents=True  → bytes of matching files at the base
                                    #   ref="head", contents=False → names of matching files at the head
    entries = fmt.entries(changed, context, head_paths)          # list[Entry], problems included
    records = fmt.records(changed, context)                      # the catalog after the PR
    problems += duplicates_after_rename(entry, facts.renamed_to, records)   # once facts are known

- `context`: `Mapping[str, bytes]`, path → content at the base for the base requests.
- `head_paths`: `Collection[str]`, paths at the head for the head requests (landscape logos).
- Entries carry `change` ("added" | "changed" | "removed"); removed entries are reported, not
  vetted (no problems). Problems include notes ("URL normalised from …") and warnings.
- `CatalogSettings.from_mapping(data, source)` reads the `catalog:` section of the catalog's
  `.github/ecosystem-bot.yml`; `load_settings(bytes, source)` reads the whole file with exact
  locations.

Formats: "entry-files" (one YAML/JSON file per project; `schemas/entry.schema.json`),
"landscape" (CNCF landscape2 `landscape.yml`), "front-matter" (Jekyll `_ecosystem/*.md`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from bot.catalog.change import ContextRequest, FileChange
from bot.catalog.duplicates import CatalogRecord, duplicates_after_rename
from bot.catalog.entry import Entry, Problem
from bot.catalog.settings import FORMATS, CatalogSettings, load_settings

__all__ = [
    "FORMATS",
    "CatalogFormat",
    "CatalogRecord",
    "CatalogSettings",
    "ContextRequest",
    "Entry",
    "FileChange",
    "Problem",
    "catalog_format",
    "duplicates_after_rename",
    "load_settings",
]


class CatalogFormat(Protocol):
    def owns(self, path: str) -> bool:
        """Is this changed file part of the catalog?"""
        ...

    def context_paths(self) -> list[ContextRequest]:
        """What else the format needs, and at which ref (see ContextRequest)."""
        ...

    def entries(
        self, changes: Sequence[FileChange], context: Mapping[str, bytes], head_paths: Collection[str] = ()
    ) -> list[Entry]:
        """The entries the changes add, change or remove, each with all its problems."""
        ...

    def records(self, changes: Sequence[FileChange], context: Mapping[str, bytes]) -> list[CatalogRecord]:
        """Every entry of the catalog as it is after the PR (for duplicate checks)."""
        ...


def catalog_format(
    settings: CatalogSettings, categories: Sequence[str] = (), multiple_categories: bool = False
) -> CatalogFormat:
    """The format named by `settings.format`; `categories` are the policy's category ids
    (landscape: "Category / Subcategory" names); empty means "any category".

    The formats are imported here: they need jsonschema (0.4 s to import), which `vet` and the
    verdicts, importing this package for `Entry` and `Problem`, do not."""
    from bot.catalog.entry_files import EntryFiles
    from bot.catalog.front_matter import FrontMatter
    from bot.catalog.landscape import Landscape

    if settings.format == "landscape":
        return Landscape(settings, categories, multiple_categories)
    if settings.format == "front-matter":
        return FrontMatter(settings, categories, multiple_categories)
    return EntryFiles(settings, categories, multiple_categories)
