"""A policy: criteria in order, the checks of each with severity and parameters, categories,
labels, allowed licenses, waivers and the re-review schedule. Plain, frozen data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.criteria.model import CheckSeverity

VERDICTS = ("passed", "needs-work", "fail", "incomplete", "invalid")


@dataclass(frozen=True)
class CheckSpec:
    """A check as a policy uses it."""

    id: str
    severity: CheckSeverity
    params: Mapping[str, Any]
    requirement: str | None = None  # the policy's own words for it, e.g. "TAC 13 (must)"


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    description: str
    checks: tuple[CheckSpec, ...]


@dataclass(frozen=True)
class Category:
    id: str
    name: str  # display name
    label: str  # the GitHub label that marks it
    subcategories: tuple[str, ...] = ()

    @property
    def placements(self) -> tuple[str, ...]:
        """`Category / Subcategory` strings, for landscape catalogs."""
        return tuple(f"{self.name} / {sub}" for sub in self.subcategories)


@dataclass(frozen=True)
class Label:
    id: str
    name: str
    color: str  # 6 hex digits, no #
    description: str
    verdicts: tuple[str, ...] = ()  # the verdicts this status label marks


@dataclass(frozen=True)
class Waiver:
    entry: str  # entry name or owner/repo
    check: str
    reason: str
    approved_by: str
    expires: date

    def active_on(self, day: date) -> bool:
        return day <= self.expires


@dataclass(frozen=True)
class Rereview:
    interval_months: int
    grace_days: int


@dataclass(frozen=True)
class Policy:
    name: str
    title: str
    description: str
    source_url: str | None
    docs_url: str  # base URL of the checks reference; a check's link is `{docs_url}#{id lower}`
    criteria: tuple[Criterion, ...]
    categories: tuple[Category, ...]
    labels: tuple[Label, ...]
    allowed_licenses: tuple[str, ...]
    waivers: tuple[Waiver, ...] = ()
    multiple_categories: bool = False  # may an entry name several categories?
    rereview: Rereview | None = None
    origin: str = ""  # the file it was read from
    overridden: tuple[str, ...] = field(default_factory=tuple)  # keys the catalog's config changed

    def specs(self) -> Iterator[tuple[Criterion, CheckSpec]]:
        for criterion in self.criteria:
            for spec in criterion.checks:
                yield criterion, spec

    def spec(self, check_id: str) -> CheckSpec | None:
        return next((spec for _, spec in self.specs() if spec.id == check_id), None)

    def label_for(self, verdict: str) -> Label | None:
        return next((label for label in self.labels if verdict in label.verdicts), None)

    def category(self, key: str) -> Category | None:
        """By id, display name or label name (case-insensitive)."""
        wanted = key.strip().lower()
        return next(
            (c for c in self.categories if wanted in (c.id.lower(), c.name.lower(), c.label.lower())),
            None,
        )

    def category_values(self, catalog_format: str) -> list[str]:
        """What an entry may write as its category: ids, or "Category / Subcategory" in a landscape."""
        if catalog_format == "landscape":
            return [placement for category in self.categories for placement in category.placements]
        return [category.id for category in self.categories]

    def docs_link(self, check_id: str) -> str:
        return f"{self.docs_url}#{check_id.lower()}"
