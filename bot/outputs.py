"""Action outputs: $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY and workflow-command annotations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.catalog.entry import Problem
from bot.escape import printable

if TYPE_CHECKING:
    from bot.review import Review

MAX_ANNOTATIONS_PER_LEVEL = 10  # GitHub shows at most 10 errors and 10 warnings per step
SUMMARY_LIMIT = 1024 * 1024


class Outputs:
    def __init__(self, output_path: str | None, summary_path: str | None) -> None:
        self.output_path = output_path
        self.summary_path = summary_path

    def set(self, **values: str) -> None:
        if not self.output_path:
            return
        with open(self.output_path, "a", encoding="utf-8") as handle:
            for name, value in values.items():
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                handle.write(f"{name}<<{delimiter}\n{printable(value)}\n{delimiter}\n")

    def summary(self, markdown: str) -> None:
        if not self.summary_path:
            return
        path = Path(self.summary_path)
        used = path.stat().st_size if path.exists() else 0
        room = max(0, SUMMARY_LIMIT - used - 1)
        data = printable(markdown).encode("utf-8")[:room].decode("utf-8", errors="ignore")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(data + "\n")


def annotations_for(review: Review) -> Iterator[str]:
    problems = [p for item in review.entries for p in item.entry.problems] + list(review.file_problems)
    for level, severity in (("error", "error"), ("warning", "warning")):
        selected = [p for p in problems if p.severity == severity]
        for problem in selected[
            : MAX_ANNOTATIONS_PER_LEVEL - 1 if len(selected) > MAX_ANNOTATIONS_PER_LEVEL else None
        ]:
            yield annotation(level, problem)
        if len(selected) > MAX_ANNOTATIONS_PER_LEVEL:
            rest = len(selected) - (MAX_ANNOTATIONS_PER_LEVEL - 1)
            yield f"::{level}::{escape_data(f'{rest} more entry {severity}s; see the step summary or the JSON report')}"


def annotation(level: str, problem: Problem) -> str:
    title = escape_property(f"{problem.field}" if problem.field else "entry")
    message = problem.message + (f" — {problem.fix}" if problem.fix else "")
    return (
        f"::{level} file={escape_property(problem.file)},line={problem.line},col={problem.column},"
        f"title={title}::{escape_data(message)}"
    )


def escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
