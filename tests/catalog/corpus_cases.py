"""Runs a file of the bad-entry corpus through its format, the way a PR review would."""

from __future__ import annotations

from pathlib import Path

from bot.catalog import CatalogSettings, Entry, FileChange, catalog_format

CORPUS = Path(__file__).parent / "corpus"
POLICY_CATEGORIES = (
    "data",
    "performance",
    "core",
    "domain-frameworks",
    "application-platforms",
    "production",
    "visualization",
)
SKORCH_ENTRY = b"""name: skorch
repository: https://github.com/skorch-dev/skorch
description: A scikit-learn compatible neural network library that wraps PyTorch.
category: domain-frameworks
license: BSD-3-Clause
install:
  pip: skorch
"""
SKORCH_PAGE = b"""---
title: skorch
summary: scikit-learn compatible neural networks.
link: https://skorch.readthedocs.io
github-id: skorch-dev/skorch
---
"""
LOGOS = ("hosted_logos/alpha.svg", "hosted_logos/foo.svg")


def corpus_files() -> list[str]:
    return sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.parent != CORPUS and p.suffix in (".yml", ".json", ".md")
    )


def run_case(name: str) -> list[Entry]:
    folder = name.split("/")[0]
    data = (CORPUS / name).read_bytes()
    if folder == "landscape":
        settings = CatalogSettings.for_format("landscape")
        settings = CatalogSettings(format="landscape", paths=("landscape/*.yml",), fields=settings.fields)
        fmt = catalog_format(settings)
        return fmt.entries([FileChange(name, "added", data, None)], {}, LOGOS)
    if folder == "front-matter":
        base = CatalogSettings.for_format("front-matter")
        settings = CatalogSettings(
            format="front-matter", paths=("front-matter/*.md", "_ecosystem/*.md"), fields=base.fields
        )
        fmt = catalog_format(settings, POLICY_CATEGORIES)
        return fmt.entries([FileChange(name, "added", data, None)], {"_ecosystem/skorch.md": SKORCH_PAGE})
    settings = CatalogSettings(paths=("entry/*", "catalog/*.yml"), max_bytes=256 * 1024)
    fmt = catalog_format(settings, POLICY_CATEGORIES)
    return fmt.entries([FileChange(name, "added", data, None)], {"catalog/skorch.yml": SKORCH_ENTRY})


def describe(entries: list[Entry]) -> list[str]:
    lines = []
    for entry in entries:
        for p in entry.problems:
            fix = f" | fix: {p.fix}" if p.fix else ""
            lines.append(f"{p.line}:{p.column} {p.severity} {p.field}: {p.message}{fix}")
    return lines
