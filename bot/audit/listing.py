"""Every entry of a catalog on disk, in any of the three formats, as audit targets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.catalog import catalog_format
from bot.catalog.claims import entry_claims
from bot.catalog.entry import Entry, Problem
from bot.catalog.settings import CatalogSettings
from bot.catalog.workspace import expand, from_disk
from bot.config import Config
from bot.policies.model import Policy


class CatalogError(Exception):
    """The catalog cannot be read (no such folder, bad settings)."""


@dataclass(frozen=True)
class AuditTarget:
    """One catalog entry to re-vet."""

    key: str  # stable across runs: file + hash of the name
    name: str
    file: str
    line: int
    slug: str | None  # owner/repo, None when the entry has no usable repository
    claims: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def target_key(file: str, name: str | None) -> str:
    """Like the review's state key: names are untrusted text, so only a hash of them is kept."""
    digest = hashlib.sha256((name or "").encode("utf-8")).hexdigest()[:12]
    return f"{file}#{digest}"


def to_target(entry: Entry) -> AuditTarget:
    return AuditTarget(
        key=target_key(entry.file, entry.name),
        name=entry.name or "(unnamed)",
        file=entry.file,
        line=entry.line,
        slug=entry.slug,
        claims=entry_claims(entry),
        problems=tuple(p for p in entry.problems if p.severity == "error"),
    )


def read_catalog(root: Path, config: Config, policy: Policy) -> list[AuditTarget]:
    """All entries of the catalog under `root`, sorted by key; duplicates of a key are kept once."""
    if not root.is_dir():
        raise CatalogError(f"{root}: no such folder")
    settings, problems = CatalogSettings.from_mapping(config.catalog, config.source)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CatalogError("; ".join(f"{p.file}: {p.field}: {p.message}" for p in errors))
    fmt = catalog_format(settings, policy.category_values(settings.format), policy.multiple_categories)
    paths = expand(root, [str(root)], fmt.owns)
    workspace = from_disk(root, paths, fmt.owns, settings.logos_dir)
    entries = fmt.entries([c for c in workspace.changes if fmt.owns(c.path)], workspace.context)
    targets: dict[str, AuditTarget] = {}
    for entry in entries:
        if entry.change == "removed":
            continue
        target = to_target(entry)
        targets.setdefault(target.key, target)
    return [targets[key] for key in sorted(targets)]
