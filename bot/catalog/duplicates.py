"""Catalog-level checks: the same repository or the same name twice in the catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog.display import quoted
from bot.catalog.entry import Entry, Problem
from bot.catalog.repository_url import repository_key


@dataclass(frozen=True)
class CatalogRecord:
    """One entry of the catalog as it is after the PR: enough to name it in a duplicate problem."""

    file: str
    line: int
    name: str | None
    repository: str | None  # normalised URL


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
    others = [r for r in records if not _same_place(entry, r)]
    if entry.repository:
        key = repository_key(entry.repository)
        for record in others:
            if record.repository and repository_key(record.repository) == key:
                problems.append(_problem(entry, repository_place, "repository", entry.repository, record))
                break
    if entry.name and entry.name.strip():
        key = _name_key(entry.name)
        for record in others:
            if record.name and _name_key(record.name) == key:
                problems.append(_problem(entry, name_place, "name", entry.name, record))
                break
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
