"""How `validate` prints problems: text for people, JSON for tools, annotations for GitHub."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from bot.catalog.entry import Entry, Problem
from bot.outputs import escape_data, escape_property

LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def counts(problems: Sequence[Problem]) -> dict[str, int]:
    return {kind: sum(p.severity == kind for p in problems) for kind in ("error", "warning", "note")}


def summary(entries: Sequence[Entry], problems: Sequence[Problem]) -> str:
    numbers = counts(problems)
    checked = sum(e.change != "removed" for e in entries)
    removed = sum(e.change == "removed" for e in entries)
    parts = [f"{numbers['error']} error(s)", f"{numbers['warning']} warning(s)", f"{numbers['note']} note(s)"]
    removed_text = f", {removed} removed" if removed else ""
    return f"{checked} entr{'y' if checked == 1 else 'ies'} checked{removed_text}: {', '.join(parts)}"


def as_text(entries: Sequence[Entry], problems: Sequence[Problem]) -> str:
    lines = []
    for problem in problems:
        where = f" [{problem.field}]" if problem.field else ""
        lines.append(
            f"{problem.file}:{problem.line}:{problem.column}: {problem.severity}: {problem.message}{where}"
        )
        if problem.fix:
            lines.append(f"    fix: {problem.fix}")
    for entry in entries:
        if entry.change == "removed":
            lines.append(
                f"{entry.file}:{entry.line}: removed: {entry.name or entry.repository or '(unnamed)'}"
            )
    lines.append(summary(entries, problems))
    return "\n".join(lines)


def as_json(entries: Sequence[Entry], problems: Sequence[Problem]) -> str:
    data = {
        "valid": not any(p.severity == "error" for p in problems),
        "counts": counts(problems),
        "entries": [
            {
                "file": e.file,
                "line": e.line,
                "name": e.name,
                "repository": e.repository,
                "categories": e.categories,
                "change": e.change,
                "valid": e.is_valid,
            }
            for e in entries
        ],
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_github(entries: Sequence[Entry], problems: Sequence[Problem]) -> str:
    """Workflow commands (`::error file=…,line=…,col=…,title=…::message`), then the summary."""
    lines = []
    for problem in problems:
        title = f"catalog: {problem.field}" if problem.field else "catalog"
        message = problem.message + (f" — fix: {problem.fix}" if problem.fix else "")
        lines.append(
            f"::{LEVELS[problem.severity]} file={escape_property(problem.file)},line={problem.line},"
            f"col={problem.column},title={escape_property(title)}::{escape_data(message)}"
        )
    lines.append(summary(entries, problems))
    return "\n".join(lines)


RENDERERS = {"text": as_text, "json": as_json, "github": as_github}
