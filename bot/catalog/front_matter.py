"""Jekyll front-matter files: one Markdown file per project (like PyTorch's legacy `_ecosystem/`),
whose YAML front matter between two `---` lines holds the entry.

```markdown
---
layout: ecosystem_detail
title: skorch
summary: A high-level library for PyTorch that provides full scikit-learn compatibility.
link: https://skorch.readthedocs.io
summary-home: …
featured-home: false
github-id: skorch-dev/skorch
date-added: 8/7/19
---
```
The repository is `https://github.com/` + `github-id` (a full URL is accepted with a note).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator

from bot.catalog.change import FileChange
from bot.catalog.document import Document, Limits, decode_text, load_document
from bot.catalog.duplicates import CatalogRecord
from bot.catalog.entry import Entry, Problem
from bot.catalog.entry_files import change_kind
from bot.catalog.per_file import OneFilePerEntry
from bot.catalog.schema_check import schema_problems

_TEXT = {"type": "string"}
_URL = {
    "type": "string",
    "pattern": "^https?://[^\\s/$.?#@][^\\s@]*$",
    "x-message": "must be a web address starting with https://",
}
FRONT_MATTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "summary", "link", "github-id"],
    "additionalProperties": False,
    "properties": {
        "layout": _TEXT,
        "title": {
            "type": "string",
            "minLength": 1,
            "pattern": "\\S",
            "x-message": "write the project's name",
        },
        "summary": {
            "type": "string",
            "minLength": 1,
            "pattern": "\\S",
            "x-message": "write a one-line summary",
        },
        "link": _URL,
        "summary-home": _TEXT,
        "featured-home": {"type": "boolean"},
        "github-id": {"type": "string", "minLength": 1},
        "date-added": {"type": ["string", "null"]},
        "order": {"type": "integer"},
        "redirect_to": _TEXT,
        "logo-class": _TEXT,
        "logo": _TEXT,
        "category": {"type": ["string", "array"], "items": _TEXT},
        "tags": {"type": "array", "items": _TEXT},
    },
}
_VALIDATOR = Draft202012Validator(FRONT_MATTER_SCHEMA)
_FENCE = re.compile(r"^---[ \t]*$")


def front_matter(data: bytes, path: str, limits: Limits) -> Document:
    """The YAML between the first two `---` lines, with line numbers of the whole file."""
    holder = Document(path=path, value=None)
    text = decode_text(data, path, limits, holder)
    if text is None:
        return holder
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        holder.problems.append(
            Problem(path, 1, 1, "", "the file has no front matter", "start the file with a line `---`")
        )
        return holder
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        holder.problems.append(
            Problem(
                path, 1, 1, "", "the front matter is not closed", "end the front matter with a line `---`"
            )
        )
        return holder
    inner = "\n".join(lines[1:end]) + "\n"
    return load_document(inner.encode("utf-8"), path, limits, line_offset=1)


class FrontMatter(OneFilePerEntry):
    def parse(self, path: str, data: bytes) -> Document:
        return front_matter(data, path, self.limits)

    def repository_text(self, raw: Any) -> Any:
        """`owner/repo` → `https://github.com/owner/repo`; full URLs pass through."""
        if (
            isinstance(raw, str)
            and "://" not in raw
            and not raw.strip().lower().startswith(tuple(self.settings.allowed_hosts))
        ):
            return f"https://{self.settings.allowed_hosts[0]}/{raw.strip().strip('/')}"
        return raw

    def validator(self, context: Mapping[str, bytes]) -> tuple[Draft202012Validator, Problem | None]:
        return _VALIDATOR, None

    def entry(
        self,
        change: FileChange,
        validator: Draft202012Validator,
        schema_problem: Problem | None,
        records: Sequence[CatalogRecord],
    ) -> Entry:
        entry = Entry(change.path, 1, None, None, [], change_kind(change.status))
        if change.head is None:
            entry.problems.append(
                Problem(change.path, 1, 1, "", "the file could not be read at the head of the pull request")
            )
            return entry
        doc = self.parsed(change.path, change.head)
        entry.problems.extend(doc.problems)
        if doc.value is None or not isinstance(doc.value, dict):
            if not doc.problems:
                entry.problems.append(
                    doc.problem((), "the front matter must be a mapping of fields (`title: …`)")
                )
            return entry
        value: dict[str, Any] = doc.value
        entry.fields = value
        entry.problems.extend(schema_problems(doc, (), value, validator, unknown_severity="warning"))
        self.identify(entry, doc, value)
        entry.problems.extend(self.date_added(doc, value))
        if value.get("layout") not in (None, "ecosystem_detail"):
            entry.problems.append(
                doc.problem(("layout",), "`layout` is usually `ecosystem_detail`", severity="note")
            )
        self.check_shape(entry, doc, value, records)
        entry.problems.sort(key=lambda p: (p.line, p.column))
        return entry

    def date_added(self, doc: Document, value: dict[str, Any]) -> list[Problem]:
        if "date-added" not in value:
            return []
        date = value["date-added"]
        if date is None or (isinstance(date, str) and not date.strip()):
            return [
                doc.problem(
                    ("date-added",),
                    "`date-added` is empty",
                    "write the date the project was added, like 8/7/19",
                    severity="warning",
                    key=True,
                )
            ]
        if isinstance(date, str) and parse_date(date.strip()) is None:
            return [doc.problem(("date-added",), f"`date-added` {date[:40]!r} is not a date written M/D/YY")]
        return []


def parse_date(text: str) -> datetime.date | None:
    for pattern in ("%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
