"""CNCF landscape2 `landscape.yml`: one file holds every item; the PR's entries are the items
added, changed or removed between the base and the head.

```yaml
landscape:
  - category:
    name: Modeling
    subcategories:
      - subcategory:
        name: Computer Vision
        items:
          - item:
            name: Foo
            homepage_url: https://foo.dev
            logo: foo.svg            # must exist in hosted_logos/ at the head
            repo_url: https://github.com/foo/foo
            second_path: ["Training / Distributed"]
            extra: {accepted: '2024-05-01'}
```
Items are matched between base and head by name (case and spacing ignored), then by
repository. An item's category is "Category / Subcategory".
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from bot.catalog.change import ContextRequest, FileChange, matches
from bot.catalog.document import Document, Limits, Path, field_path, load_document
from bot.catalog.duplicates import CatalogRecord, CatalogRecords, FieldPlace, duplicate_problems
from bot.catalog.entry import Entry, Problem
from bot.catalog.field_checks import check_repository, check_spacing, require_repository, text_value
from bot.catalog.schema_check import schema_problems
from bot.catalog.settings import CatalogSettings
from bot.catalog.suggestion import did_you_mean
from bot.display import quoted
from bot.repository_url import normalise_repository_url

_TEXT = {"type": "string"}
ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "homepage_url", "logo", "repo_url"],
    "additionalProperties": False,
    "properties": {
        "item": {"type": "null"},
        "name": {"type": "string", "minLength": 1, "pattern": "\\S", "x-message": "write the item's name"},
        "description": _TEXT,
        "homepage_url": {
            "type": "string",
            "pattern": "^https?://[^\\s/$.?#@][^\\s@]*$",
            "x-message": "must be a web address starting with https://",
        },
        "logo": {"type": "string", "minLength": 1},
        "repo_url": {"type": "string", "minLength": 1},
        "additional_repos": {"type": "array"},
        "crunchbase": {"type": ["string", "null"]},
        "twitter": {"type": ["string", "null"]},
        "project": _TEXT,
        "second_path": {"type": "array", "items": _TEXT},
        "extra": {"type": "object"},
        "enduser": {"type": "boolean"},
        "joined_at": _TEXT,
        "url_for_bestpractices": _TEXT,
        "branch": _TEXT,
        "license": _TEXT,
        "organization": {"type": "object"},
        "unnamed_organization": {"type": "boolean"},
        "summary": {"type": "object"},
    },
}
_VALIDATOR = Draft202012Validator(ITEM_SCHEMA)
ITEM_DEPTH = 6  # ("landscape", c, "subcategories", s, "items", i): the base needs no deeper locations
MARKERS = {"item"}  # landscape2's null markers
OFTEN_EMPTY = {"crunchbase", "twitter"}  # left empty in many landscape files: a note, not a warning


@dataclass
class Item:
    path: Path
    placement: str | None  # "Category / Subcategory"
    value: dict[str, Any]

    @property
    def key(self) -> str:
        name = self.value.get("name")
        if isinstance(name, str) and name.strip():
            return "name:" + " ".join(name.split()).casefold()
        repo = self.value.get("repo_url")
        if isinstance(repo, str):
            return "repo:" + repo.strip().casefold()
        return "path:" + repr(self.path)


@dataclass
class Tree:
    """A landscape file read: its items, its "Category / Subcategory" names, structure problems."""

    doc: Document
    items: list[Item]
    placements: list[str]
    problems: list[Problem]


def read_tree(doc: Document) -> Tree:
    tree = Tree(doc, [], [], [])
    root = doc.value
    if not isinstance(root, dict) or not isinstance(root.get("landscape"), list):
        tree.problems.append(doc.problem((), "the file must have a `landscape:` list of categories"))
        return tree
    for c, category in enumerate(root["landscape"]):
        cpath: Path = ("landscape", c)
        cname = text_value(category.get("name")) if isinstance(category, dict) else None
        if cname is None:
            tree.problems.append(doc.problem(cpath, "a category needs a `name`"))
            continue
        subcategories = category.get("subcategories")
        if not isinstance(subcategories, list):
            tree.problems.append(
                doc.problem(cpath, f"category {quoted(cname)} needs a `subcategories:` list")
            )
            continue
        for s, subcategory in enumerate(subcategories):
            spath: Path = (*cpath, "subcategories", s)
            sname = text_value(subcategory.get("name")) if isinstance(subcategory, dict) else None
            if sname is None:
                tree.problems.append(doc.problem(spath, f"a subcategory of {quoted(cname)} needs a `name`"))
                continue
            placement = f"{cname} / {sname}"
            tree.placements.append(placement)
            items = subcategory.get("items") or []
            if not isinstance(items, list):
                tree.problems.append(
                    doc.problem((*spath, "items"), f"`items` of {quoted(placement)} must be a list")
                )
                continue
            for i, item in enumerate(items):
                ipath: Path = (*spath, "items", i)
                if not isinstance(item, dict):
                    tree.problems.append(
                        doc.problem(ipath, f"an item of {quoted(placement)} must be a mapping")
                    )
                    continue
                tree.items.append(Item(ipath, placement, item))
    return tree


class Landscape:
    def __init__(
        self, settings: CatalogSettings, categories: Sequence[str], multiple_categories: bool
    ) -> None:
        self.settings = settings
        self.categories = list(categories)
        self.limits = Limits(max_bytes=settings.max_bytes)

    def owns(self, path: str) -> bool:
        return matches(path, self.settings.paths)

    def context_paths(self) -> list[ContextRequest]:
        return [
            *(ContextRequest(p, "base", True) for p in self.settings.paths),
            ContextRequest(f"{self.settings.logos_dir}/**", "head", False),
        ]

    def read(self, path: str, data: bytes | None, location_depth: int = 1_000) -> Tree | None:
        if data is None:
            return None
        return read_tree(load_document(data, path, self.limits, location_depth=location_depth))

    def records(self, changes: Sequence[FileChange], context: Mapping[str, bytes]) -> list[CatalogRecord]:
        heads = {p: d for p, d in context.items() if self.owns(p)}
        for change in changes:
            if self.owns(change.path):
                heads.pop(change.path, None)
                if change.head is not None:
                    heads[change.path] = change.head
        records = CatalogRecords()
        for path, data in sorted(heads.items()):
            tree = self.read(path, data)
            if tree:
                records.extend(self.record(tree, item) for item in tree.items)
        return records

    def record(self, tree: Tree, item: Item) -> CatalogRecord:
        raw = item.value.get("repo_url")
        url = normalise_repository_url(raw, self.settings.allowed_hosts).url if raw else None
        return CatalogRecord(
            tree.doc.path, tree.doc.at(item.path).line, text_value(item.value.get("name")), url
        )

    def entries(
        self, changes: Sequence[FileChange], context: Mapping[str, bytes], head_paths: Collection[str] = ()
    ) -> list[Entry]:
        found: list[Entry] = []
        logos = {p for p in head_paths if p.startswith(self.settings.logos_dir + "/")}
        for change in changes:
            if not self.owns(change.path):
                continue
            base_data = change.base if change.base is not None else context.get(change.previous_path or "")
            if change.status == "added":
                base_data = None
            base = self.read(change.path, base_data, location_depth=ITEM_DEPTH)
            found.extend(self.file_entries(change, base, logos))
        return found

    def file_entries(self, change: FileChange, base: Tree | None, logos: set[str]) -> list[Entry]:
        head = self.read(change.path, change.head) if change.status != "removed" else None
        if change.status != "removed" and (head is None or head.doc.value is None):
            problems = head.doc.problems if head else []
            return [
                self.broken(change.path, problems or [Problem(change.path, 1, 1, "", "the file is empty")])
            ]
        base_items: dict[str, list[Item]] = defaultdict(list)
        for item in base.items if base else []:
            base_items[item.key].append(item)
        entries: list[Entry] = []
        if head is not None:
            entries.extend(self.structure(head, base))
            records = CatalogRecords(self.record(head, item) for item in head.items)
            for item in head.items:
                previous = base_items[item.key].pop(0) if base_items.get(item.key) else None
                if previous and previous.value == item.value and previous.placement == item.placement:
                    continue
                entries.append(self.entry(head, item, "changed" if previous else "added", records, logos))
        if base is not None:
            entries.extend(self.removed(base, item) for items in base_items.values() for item in items)
        return entries

    def broken(self, path: str, problems: list[Problem]) -> Entry:
        return Entry(
            file=path, line=1, name=None, repository=None, categories=[], change="changed", problems=problems
        )

    def structure(self, head: Tree, base: Tree | None) -> list[Entry]:
        """Structure problems the PR introduced (those already at the base are not the PR's)."""
        known = {p.message for p in base.problems} if base else set()
        new = [p for p in head.doc.problems + head.problems if p.message not in known]
        if not new:
            return []
        return [self.broken(head.doc.path, new)]

    def removed(self, base: Tree, item: Item) -> Entry:
        record = self.record(base, item)
        return Entry(
            file=base.doc.path,
            line=record.line,
            name=record.name,
            repository=record.repository,
            categories=[item.placement] if item.placement else [],
            change="removed",
            fields=item.value,
        )

    def entry(
        self, tree: Tree, item: Item, change: str, records: Sequence[CatalogRecord], logos: set[str]
    ) -> Entry:
        doc, path, value = tree.doc, item.path, item.value
        entry = Entry(
            file=doc.path,
            line=doc.at(path).line,
            name=text_value(value.get("name")),
            repository=None,
            categories=[],
            change="added" if change == "added" else "changed",
            fields=value,
        )
        problems = entry.problems
        required = ITEM_SCHEMA["required"]
        checked = {k: v for k, v in value.items() if v is not None or k in required}
        problems.extend(schema_problems(doc, path, checked, _VALIDATOR, unknown_severity="warning"))
        entry.repository, found = check_repository(
            doc, (*path, "repo_url"), value.get("repo_url"), self.settings.allowed_hosts, "error"
        )
        problems.extend(found)
        placements = [item.placement] if item.placement else []
        second = value.get("second_path")
        if isinstance(second, list):
            placements.extend(self.second_paths(doc, path, second, tree.placements, problems))
        entry.categories = placements
        problems.extend(self.placement_problems(doc, path, placements))
        problems.extend(self.logo(doc, path, value.get("logo"), logos))
        problems.extend(self.empty_fields(doc, path, value))
        problems.extend(self.accepted(doc, path, value.get("extra")))
        problems.extend(check_spacing(doc, path, value, skip=("repo_url",)))
        problems.extend(require_repository(doc, (*path, "repo_url"), entry.repository, problems))
        repo_at, name_at = doc.at((*path, "repo_url")), doc.at((*path, "name"))
        problems.extend(
            duplicate_problems(
                entry,
                records,
                FieldPlace(doc_field(path, "repo_url"), repo_at.line, repo_at.column),
                FieldPlace(doc_field(path, "name"), name_at.line, name_at.column),
            )
        )
        problems.sort(key=lambda p: (p.line, p.column))
        return entry

    def placement_problems(self, doc: Document, path: Path, placements: list[str]) -> list[Problem]:
        """The policy's categories, when given, are "Category / Subcategory" names."""
        if not self.categories:
            return []
        return [
            doc.problem(
                path,
                f"{quoted(placement)} is not one of the policy's categories",
                did_you_mean(placement, self.categories),
            )
            for placement in placements
            if placement not in self.categories
        ]

    def second_paths(
        self, doc: Document, path: Path, second: list[Any], placements: list[str], problems: list[Problem]
    ) -> list[str]:
        found = []
        for index, text in enumerate(second):
            if not isinstance(text, str):
                continue
            normal = " / ".join(part.strip() for part in text.split("/"))
            if normal in placements:
                found.append(normal)
            else:
                problems.append(
                    doc.problem(
                        (*path, "second_path", index),
                        f'{quoted(text)} is not a "Category / Subcategory" of this landscape',
                        did_you_mean(text, placements),
                    )
                )
        return found

    def logo(self, doc: Document, path: Path, logo: Any, logos: set[str]) -> list[Problem]:
        if not isinstance(logo, str) or not logo.strip():
            return []
        name = logo.strip()
        if f"{self.settings.logos_dir}/{name}" in logos:
            return []
        existing = [p.removeprefix(self.settings.logos_dir + "/") for p in logos]
        return [
            doc.problem(
                (*path, "logo"),
                f"logo {quoted(name)} is not in {self.settings.logos_dir}/",
                did_you_mean(name, existing) or f"add the file {self.settings.logos_dir}/{name}",
            )
        ]

    def empty_fields(self, doc: Document, path: Path, value: dict[str, Any]) -> list[Problem]:
        return [
            doc.problem(
                (*path, key),
                f"`{key}` is empty",
                "remove the line or fill it in",
                severity="note" if key in OFTEN_EMPTY else "warning",
                key=True,
            )
            for key, field_value in value.items()
            if (field_value is None or field_value == "") and key not in MARKERS
        ]

    def accepted(self, doc: Document, path: Path, extra: Any) -> list[Problem]:
        if not isinstance(extra, dict) or "accepted" not in extra:
            return []
        accepted = extra["accepted"]
        try:
            datetime.date.fromisoformat(str(accepted).strip())
        except ValueError:
            return [
                doc.problem(
                    (*path, "extra", "accepted"),
                    f"`extra.accepted` must be a date written YYYY-MM-DD, not {str(accepted)[:40]!r}",
                )
            ]
        return []


def doc_field(path: Path, name: str) -> str:
    return field_path((*path, name))
