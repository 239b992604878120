"""What the formats with one file per entry (entry files, front matter) share.

A subclass says how to parse a file (`parse`) and, if needed, how to read the repository field
(`repository_text`); the base finds the files, names the catalog's entries for duplicate checks
and describes removed entries.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator

from bot.catalog.change import ContextRequest, FileChange, matches
from bot.catalog.document import Document, Limits
from bot.catalog.duplicates import CatalogRecord, CatalogRecords, FieldPlace, duplicate_problems
from bot.catalog.entry import Entry, Problem
from bot.catalog.field_checks import (
    check_categories,
    check_repository,
    check_spacing,
    require_repository,
    text_value,
)
from bot.catalog.settings import CatalogSettings
from bot.repository_url import normalise_repository_url


class OneFilePerEntry:
    def __init__(
        self, settings: CatalogSettings, categories: Sequence[str], multiple_categories: bool
    ) -> None:
        self.settings = settings
        self.categories = list(categories)
        self.multiple = multiple_categories
        self.limits = Limits(max_bytes=settings.max_bytes)
        self.role = dict(settings.fields)
        self._parsed: dict[tuple[str, bytes], Document] = {}

    def owns(self, path: str) -> bool:
        return matches(path, self.settings.paths)

    def context_paths(self) -> list[ContextRequest]:
        return [ContextRequest(p, "base", True) for p in self.settings.paths]

    def parse(self, path: str, data: bytes) -> Document:
        raise NotImplementedError

    def parsed(self, path: str, data: bytes) -> Document:
        """`parse`, once per file content: the duplicate records and the entry itself read the same
        file (an audit parsed every file of the catalog twice). Documents are only read, never changed."""
        key = (path, data)
        if key not in self._parsed:
            self._parsed[key] = self.parse(path, data)
        return self._parsed[key]

    def validator(self, context: Mapping[str, bytes]) -> tuple[Draft202012Validator, Problem | None]:
        """The JSON Schema for an entry, and a problem when the catalog's own schema is unusable."""
        raise NotImplementedError

    def entry(
        self,
        change: FileChange,
        validator: Draft202012Validator,
        schema_problem: Problem | None,
        records: Sequence[CatalogRecord],
    ) -> Entry:
        raise NotImplementedError

    def entries(
        self, changes: Sequence[FileChange], context: Mapping[str, bytes], head_paths: Collection[str] = ()
    ) -> list[Entry]:
        """The entries the changes add, change or remove, each with all its problems."""
        validator, schema_problem = self.validator(context)
        records = self.records(changes, context)
        found: list[Entry] = []
        for change in changes:
            if not self.owns(change.path):
                continue
            if change.status == "removed":
                found.append(self.removed(change))
                continue
            found.append(self.entry(change, validator, schema_problem, records))
        return found

    def repository_text(self, raw: Any) -> Any:
        """The repository field as a URL; formats that allow a shorter form expand it here."""
        return raw

    def identity(self, doc: Document) -> tuple[str | None, str | None]:
        """(name, normalised repository URL) of a parsed entry, for duplicate checks."""
        if not isinstance(doc.value, dict):
            return None, None
        raw = self.repository_text(doc.value.get(self.role["repository"]))
        url = normalise_repository_url(raw, self.settings.allowed_hosts).url if raw else None
        return text_value(doc.value.get(self.role["name"])), url

    def records(self, changes: Sequence[FileChange], context: Mapping[str, bytes]) -> list[CatalogRecord]:
        """Every entry of the catalog as it is after the PR."""
        touched = {c.path for c in changes} | {c.previous_path for c in changes if c.previous_path}
        files = {p: data for p, data in context.items() if self.owns(p) and p not in touched}
        files.update({c.path: c.head for c in changes if c.head is not None and self.owns(c.path)})
        records = CatalogRecords()
        for path in sorted(files):
            name, repository = self.identity(self.parsed(path, files[path]))
            records.append(CatalogRecord(path, 1, name, repository))
        return records

    def identify(self, entry: Entry, doc: Document, value: Mapping[str, Any]) -> None:
        """Name, repository and categories of the entry, with their problems."""
        entry.name = text_value(value.get(self.role["name"]))
        repo_field = self.role["repository"]
        entry.repository, problems = check_repository(
            doc,
            (repo_field,),
            self.repository_text(value.get(repo_field)),
            self.settings.allowed_hosts,
            "warning",
        )
        entry.problems.extend(problems)
        category_field = self.role["category"]
        entry.categories, problems = check_categories(
            doc, (category_field,), value.get(category_field), self.categories, self.multiple
        )
        entry.problems.extend(problems)

    def check_shape(
        self, entry: Entry, doc: Document, value: Mapping[str, Any], records: Sequence[CatalogRecord]
    ) -> None:
        """Stray spaces, a missing repository, and duplicates of entries already in the catalog."""
        repo_field, name_field = self.role["repository"], self.role["name"]
        entry.problems.extend(check_spacing(doc, (), value, skip=(repo_field,)))
        entry.problems.extend(require_repository(doc, (repo_field,), entry.repository, entry.problems))
        repo_at, name_at = doc.at((repo_field,)), doc.at((name_field,))
        entry.problems.extend(
            duplicate_problems(
                entry,
                records,
                FieldPlace(repo_field, repo_at.line, repo_at.column),
                FieldPlace(name_field, name_at.line, name_at.column),
            )
        )

    def removed(self, change: FileChange) -> Entry:
        """A removed entry: reported by name, not vetted."""
        name, repository = (None, None)
        if change.base is not None:
            name, repository = self.identity(self.parse(change.path, change.base))
        return Entry(
            file=change.path, line=1, name=name, repository=repository, categories=[], change="removed"
        )
