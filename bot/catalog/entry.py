"""What every catalog format produces: entries and the problems found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChangeKind = Literal["added", "changed", "removed", "unchanged"]
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an entry, at an exact place in a file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    field: str  # dotted path, e.g. "install.pip" or "landscape[0].category.subcategories[1]"
    message: str
    fix: str | None = None
    severity: Severity = "error"


@dataclass
class Entry:
    """One catalog entry as the pipeline sees it, whatever format it came from."""

    file: str
    line: int  # where the entry starts
    name: str | None
    repository: str | None  # normalised https://github.com/owner/repo, None when unusable
    categories: list[str]
    change: ChangeKind
    fields: dict[str, Any] = field(default_factory=dict)  # the raw mapping, as parsed
    problems: list[Problem] = field(default_factory=list)

    @property
    def slug(self) -> str | None:
        """`owner/repo` of the linked repository."""
        if not self.repository:
            return None
        return self.repository.removeprefix("https://github.com/")

    @property
    def is_valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)
