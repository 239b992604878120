"""Catalog-level checks: the same repository or the same name twice in the catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.catalog.entry import Entry, Problem
from bot.display import quoted
from bot.repository_url import repository_key


@dataclass(frozen=True)
class CatalogRecord:
    """One entry of the catalog as it is after the PR: enough to name it in a duplicate problem."""

    file: str
    line: int
    name: str | None
    repository: str | None  # normalised URL


class CatalogRecords(list[CatalogRecord]):
    """The catalog's records, indexed by repository and by name once: each entry's duplicate check is
    then a lookup, so checking every entry of a catalog is linear, not quadratic."""

    @cached_property
    def by_repository(self) -> dict[str, list[CatalogRecord]]:
        index: dict[str, list[CatalogRecord]] = {}
        for record in self:
            if record.repository:
                index.setdefault(repository_key(record.repository), []).append(record)
        return index

    @cached_property
    def by_name(self) -> dict[str, list[CatalogRecord]]:
        index: dict[str, list[CatalogRecord]] = {}
        for record in self:
            if record.name:
                index.setdefault(_name_key(record.name), []).append(record)
        return index


@dataclass(frozen=True)
class FieldPlace:
    """Where the entry's repository and name are written (for the problem's location)."""

    field: str
    line: int
    column: int


def _same_place(entry: Entry, record: CatalogRecord) -> bool:
    return entry.file == record.file and entry.line == record.line


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def duplicate_problems(
    entry: Entry,
    records: Sequence[CatalogRecord],
    repository_place: FieldPlace,
    name_place: FieldPlace,
) -> list[Problem]:
    """The entry's repository or name already used by another record of the catalog."""
    problems: list[Problem] = []
    index = records if isinstance(records, CatalogRecords) else CatalogRecords(records)
    if entry.repository:
        same = index.by_repository.get(repository_key(entry.repository), [])
        record = next((r for r in same if not _same_place(entry, r)), None)
        if record is not None:
            problems.append(_problem(entry, repository_place, "repository", entry.repository, record))
    if entry.name and entry.name.strip():
        same = index.by_name.get(_name_key(entry.name), [])
        record = next((r for r in same if not _same_place(entry, r)), None)
        if record is not None:
            problems.append(_problem(entry, name_place, "name", entry.name, record))
    return problems


def _problem(entry: Entry, place: FieldPlace, what: str, value: str, record: CatalogRecord) -> Problem:
    return Problem(
        file=entry.file,
        line=place.line,
        column=place.column,
        field=place.field,
        message=f"{what} {quoted(value)} is already in the catalog: {_describe(record)}",
        fix="extend the existing entry instead of adding a second one",
    )


def _describe(record: CatalogRecord) -> str:
    name = f" ({record.name})" if record.name else ""
    return f"{record.file} line {record.line}{name}"


def duplicates_after_rename(
    entry: Entry, renamed_to: str, existing: Sequence[CatalogRecord]
) -> list[Problem]:
    """Once facts know GitHub redirects the entry's repository to `renamed_to` (owner/repo or URL):
    a problem when another catalog entry already links the new name; a note asking to update
    the entry's URL either way."""
    if not entry.repository:
        return []
    target = (
        renamed_to if renamed_to.startswith("https://") else f"https://github.com/{renamed_to.strip('/')}"
    )
    if repository_key(target) == repository_key(entry.repository):
        return []
    problems = [
        Problem(
            entry.file,
            entry.line,
            1,
            "repository",
            f"{entry.repository} was renamed or moved to {target}",
            f"use {target}",
            severity="warning",
        )
    ]
    for record in existing:
        if _same_place(entry, record) or not record.repository:
            continue
        if repository_key(record.repository) == repository_key(target):
            problems.append(
                Problem(
                    entry.file,
                    entry.line,
                    1,
                    "repository",
                    f"{entry.repository} redirects to {target}, which is already in the catalog: "
                    f"{_describe(record)}",
                    "extend the existing entry instead of adding a second one",
                )
            )
            break
    return problems
