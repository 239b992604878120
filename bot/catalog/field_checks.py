"""Checks every format applies to the fields that name a repository, a category or a text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.catalog.document import Document, Path
from bot.catalog.entry import Problem, Severity
from bot.catalog.suggestion import closest, did_you_mean
from bot.display import quoted
from bot.repository_url import describe_notes, normalise_repository_url


def check_repository(
    doc: Document,
    path: Path,
    raw: Any,
    allowed_hosts: Sequence[str],
    subpage_severity: Severity,
) -> tuple[str | None, list[Problem]]:
    """The normalised URL (None when unusable) and the problems: notes for harmless fixes,
    an error (or `subpage_severity`) for sub-pages, errors for everything else."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []  # missing or empty: the schema says so
    result = normalise_repository_url(raw, allowed_hosts)
    problems: list[Problem] = []
    if result.error:
        problems.append(doc.problem(path, result.error, result.fix))
        return None, problems
    if result.subpage:
        problems.append(
            doc.problem(
                path,
                f"the URL points at a page inside the repository ({result.subpage}), not at the repository",
                result.fix,
                severity=subpage_severity,
            )
        )
    if result.notes and isinstance(raw, str):
        problems.append(
            doc.problem(path, describe_notes(raw, result), f"write {result.url}", severity="note")
        )
    return result.url, problems


def check_categories(
    doc: Document,
    path: Path,
    value: Any,
    categories: Sequence[str],
    multiple: bool,
) -> tuple[list[str], list[Problem]]:
    """The entry's categories as listed, with problems for unknown ones (did-you-mean) and for a
    list where the policy allows only one."""
    if value is None:
        return [], []
    listed = value if isinstance(value, list) else [value]
    texts = [v for v in listed if isinstance(v, str)]
    problems: list[Problem] = []
    if isinstance(value, list) and len(texts) > 1 and not multiple:
        problems.append(
            doc.problem(path, "the policy allows one category per entry", "keep the one that fits best")
        )
    found: list[str] = []
    for index, text in enumerate(texts):
        where = (*path, index) if isinstance(value, list) else path
        if not categories:
            found.append(text.strip())
            continue
        if text in categories:
            found.append(text)
            continue
        match = closest(text, categories)
        problems.append(
            doc.problem(
                where,
                f"unknown category {quoted(text)} (the policy's categories: {', '.join(categories)})",
                did_you_mean(text, categories) if match else None,
            )
        )
    return found, problems


def check_spacing(
    doc: Document, base: Path, mapping: Mapping[str, Any], skip: Sequence[str] = ()
) -> list[Problem]:
    """Notes for texts with spaces at either end (common in hand-edited catalogs)."""
    problems: list[Problem] = []
    for key, value in mapping.items():
        if key not in skip and isinstance(value, str) and value != value.strip() and value.strip():
            problems.append(
                doc.problem(
                    (*base, key),
                    f"`{key}` has spaces at the start or end",
                    f"write {quoted(value.strip())}",
                    severity="note",
                )
            )
    return problems


def text_value(value: Any) -> str | None:
    """A field's text, stripped; None when it is not a non-empty text."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def require_repository(doc: Document, path: Path, url: str | None, problems: list[Problem]) -> list[Problem]:
    """An entry without a usable repository must not pass silently (e.g. under a catalog's own
    schema that does not require the field)."""
    if url is None and not any(p.severity == "error" for p in problems):
        return [doc.problem(path, "the entry names no repository", "add the repository URL", key=True)]
    return []
