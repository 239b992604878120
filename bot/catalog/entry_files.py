"""The default format: one YAML or JSON file per project, checked against a JSON Schema.

Fields are described by `schemas/entry.schema.json`; a catalog may use its own schema
(`catalog.schema`, read at the base so a PR cannot loosen it) and say which fields hold the
repository, the name and the category (`catalog.fields`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from bot.catalog.change import ContextRequest, FileChange
from bot.catalog.document import Document, load_document
from bot.catalog.duplicates import CatalogRecord
from bot.catalog.entry import ChangeKind, Entry, Problem
from bot.catalog.per_file import OneFilePerEntry
from bot.catalog.schema_check import schema_problems
from bot.schemas import load_schema

CHANGE_KINDS: dict[str, ChangeKind] = {
    "added": "added",
    "modified": "changed",
    "renamed": "changed",
    "removed": "removed",
}


def default_schema() -> dict[str, Any]:
    return load_schema("entry")


def change_kind(status: str) -> ChangeKind:
    return CHANGE_KINDS.get(status, "changed")


class EntryFiles(OneFilePerEntry):
    def context_paths(self) -> list[ContextRequest]:
        requests = super().context_paths()
        if self.settings.schema:
            requests.append(ContextRequest(self.settings.schema, "base", True))
        return requests

    def parse(self, path: str, data: bytes) -> Document:
        return load_document(data, path, self.limits)

    # ------------------------------------------------------------------ entries

    def validator(self, context: Mapping[str, bytes]) -> tuple[Draft202012Validator, Problem | None]:
        source = self.settings.schema
        if not source:
            return Draft202012Validator(default_schema()), None
        data = context.get(source)
        try:
            if data is None:
                raise ValueError("the file is missing at the base of the pull request")
            schema = json.loads(data.decode("utf-8"))
            Draft202012Validator.check_schema(schema)
        except (ValueError, SchemaError) as error:
            message = getattr(error, "message", None) or str(error)
            problem = Problem(
                source, 1, 1, "", f"the catalog's schema cannot be used: {message[:200]}", severity="error"
            )
            return Draft202012Validator(default_schema()), problem
        return Draft202012Validator(schema), None

    def entry(
        self,
        change: FileChange,
        validator: Draft202012Validator,
        schema_problem: Problem | None,
        records: Sequence[CatalogRecord],
    ) -> Entry:
        entry = Entry(
            file=change.path,
            line=1,
            name=None,
            repository=None,
            categories=[],
            change=change_kind(change.status),
        )
        if schema_problem:
            entry.problems.append(schema_problem)
        if change.head is None:
            entry.problems.append(
                Problem(change.path, 1, 1, "", "the file could not be read at the head of the pull request")
            )
            return entry
        doc = self.parsed(change.path, change.head)
        entry.problems.extend(doc.problems)
        if doc.value is None:
            if not doc.problems:
                entry.problems.append(
                    Problem(change.path, 1, 1, "", "the file is empty", "write the entry's fields")
                )
            return entry
        if not isinstance(doc.value, dict):
            entry.problems.append(
                doc.problem((), "an entry must be a mapping of fields (`name: …`), not a list or a text")
            )
            return entry
        self.fill(entry, doc, validator, records)
        return entry

    def fill(
        self, entry: Entry, doc: Document, validator: Draft202012Validator, records: Sequence[CatalogRecord]
    ) -> None:
        value: dict[str, Any] = doc.value
        entry.fields = value
        entry.problems.extend(schema_problems(doc, (), value, validator))
        self.identify(entry, doc, value)
        self.check_shape(entry, doc, value, records)
        entry.problems.sort(key=lambda p: (p.line, p.column))
