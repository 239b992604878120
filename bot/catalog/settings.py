"""The `catalog:` section of a catalog repository's `.github/ecosystem-bot.yml`.

```yaml
catalog:
  format: entry-files          # entry-files | landscape | front-matter
  paths: ["catalog/*.yml"]     # globs of the catalog's files (defaults per format)
  schema: schemas/my-entry.schema.json   # optional: the catalog's own JSON Schema
  fields: {repository: repository, name: name, category: category}
  logos_dir: hosted_logos      # landscape: where `logo` files live
  allowed_hosts: [github.com]
  max_bytes: 4194304
```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from bot.catalog.document import Document, Location, load_document
from bot.catalog.entry import Problem
from bot.catalog.suggestion import did_you_mean
from bot.catalog_paths import DEFAULT_LOGOS_DIR, DEFAULT_PATHS
from bot.catalog_paths import FORMATS as FORMATS  # re-exported: bot.catalog names it from here
from bot.display import quoted

DEFAULT_FIELDS: dict[str, Mapping[str, str]] = {
    "entry-files": MappingProxyType({"repository": "repository", "name": "name", "category": "category"}),
    "landscape": MappingProxyType({"repository": "repo_url", "name": "name", "category": "category"}),
    "front-matter": MappingProxyType({"repository": "github-id", "name": "title", "category": "category"}),
}
FIELD_ROLES = ("repository", "name", "category")
DEFAULT_MAX_BYTES = 4 * 1024 * 1024

Locate = Callable[[tuple[str | int, ...]], Location]


@dataclass(frozen=True)
class CatalogSettings:
    format: str = "entry-files"
    paths: tuple[str, ...] = DEFAULT_PATHS["entry-files"]
    schema: str | None = None
    fields: Mapping[str, str] = field(default_factory=lambda: DEFAULT_FIELDS["entry-files"])
    logos_dir: str = DEFAULT_LOGOS_DIR
    allowed_hosts: tuple[str, ...] = ("github.com",)
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def for_format(cls, format: str) -> CatalogSettings:
        return cls(format=format, paths=DEFAULT_PATHS[format], fields=DEFAULT_FIELDS[format])

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], source: str, locate: Locate | None = None
    ) -> tuple[CatalogSettings, list[Problem]]:
        """Read the `catalog:` mapping; unknown keys and bad values are problems, defaults stay."""
        reader = _Reader(source, locate)
        if not isinstance(data, Mapping):
            reader.problem((), "`catalog` must be a mapping")
            return cls(), reader.problems
        known = [f.name for f in fields(cls)]
        for key in data:
            if key not in known:
                reader.problem((str(key),), f"unknown key `catalog.{key}`", did_you_mean(str(key), known))
        format = data.get("format", "entry-files")
        if format not in FORMATS:
            reader.problem(
                ("format",),
                f"unknown catalog format {quoted(format)} (one of {', '.join(FORMATS)})",
                did_you_mean(str(format), FORMATS),
            )
            format = "entry-files"
        settings = cls.for_format(format)
        paths = reader.strings(data, "paths")
        hosts = reader.strings(data, "allowed_hosts")
        role_fields = reader.role_fields(data, settings.fields)
        schema = reader.text(data, "schema")
        logos_dir = reader.text(data, "logos_dir")
        max_bytes = data.get("max_bytes", settings.max_bytes)
        if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
            reader.problem(("max_bytes",), "`catalog.max_bytes` must be a positive whole number")
            max_bytes = settings.max_bytes
        settings = replace(
            settings,
            paths=tuple(paths) if paths else settings.paths,
            allowed_hosts=tuple(h.lower() for h in hosts) if hosts else settings.allowed_hosts,
            fields=MappingProxyType(role_fields),
            schema=schema,
            logos_dir=(logos_dir or settings.logos_dir).strip("/"),
            max_bytes=max_bytes,
        )
        return settings, reader.problems


def load_settings(data: bytes, source: str) -> tuple[CatalogSettings, list[Problem]]:
    """Read the `catalog:` section of a whole `.github/ecosystem-bot.yml`, with exact locations."""
    doc: Document = load_document(data, source)
    if doc.value is None:
        return CatalogSettings(), list(doc.problems)
    if not isinstance(doc.value, dict):
        return CatalogSettings(), [doc.problem((), "the configuration must be a mapping")]
    section = doc.value.get("catalog")
    if section is None:
        return CatalogSettings(), list(doc.problems)

    def locate(path: tuple[str | int, ...]) -> Location:
        return doc.key_at(("catalog", *path))

    settings, problems = CatalogSettings.from_mapping(section, source, locate)
    return settings, [*doc.problems, *problems]


class _Reader:
    def __init__(self, source: str, locate: Locate | None) -> None:
        self.source = source
        self.locate = locate
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str, fix: str | None = None) -> None:
        where = self.locate(path) if self.locate else Location(1, 1)
        dotted = ".".join(["catalog", *(str(p) for p in path)])
        self.problems.append(Problem(self.source, where.line, where.column, dotted, message, fix))

    def strings(self, data: Mapping[str, Any], key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem((key,), f"`catalog.{key}` must be a list of texts")
            return []
        return [v.strip() for v in value]

    def text(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem((key,), f"`catalog.{key}` must be a text")
            return None
        return value.strip()

    def role_fields(self, data: Mapping[str, Any], defaults: Mapping[str, str]) -> dict[str, str]:
        chosen = dict(defaults)
        value = data.get("fields")
        if value is None:
            return chosen
        if not isinstance(value, Mapping):
            self.problem(("fields",), "`catalog.fields` must map repository/name/category to field names")
            return chosen
        for role, name in value.items():
            if role not in FIELD_ROLES:
                self.problem(
                    ("fields", str(role)),
                    f"unknown role `{role}` (one of {', '.join(FIELD_ROLES)})",
                    did_you_mean(str(role), FIELD_ROLES),
                )
            elif not isinstance(name, str) or not name.strip():
                self.problem(("fields", role), f"`catalog.fields.{role}` must be a field name")
            else:
                chosen[role] = name.strip()
        return chosen
