"""Checks and their results: the judgement side of the pipeline (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.facts.model import RepoFacts

Status = Literal["pass", "warn", "fail", "unknown", "manual", "skipped"]
CheckSeverity = Literal["required", "recommended", "info"]


@dataclass(frozen=True)
class Evidence:
    """A value seen, and where a reviewer can verify it in one click."""

    label: str
    value: str
    url: str | None = None


@dataclass
class Result:
    status: Status
    summary: str  # one line: what was found
    evidence: list[Evidence] = field(default_factory=list)
    fix: str | None = None  # what to do, when not a pass


Evaluate = Callable[[RepoFacts, Mapping[str, Any]], Result]


@dataclass(frozen=True)
class Check:
    """A check: its docstring-like `explanation` is the user-facing text in docs/checks.md."""

    id: str  # stable, e.g. "TEST-001"
    title: str
    family: str  # the check's home criterion family ("testing", "license", …)
    explanation: str
    evaluate: Evaluate
    requires: tuple[str, ...] = ()  # check ids; skipped when one of them did not pass
    defaults: Mapping[str, Any] = field(default_factory=dict)  # parameters, overridable by policy


@dataclass
class CheckOutcome:
    """A check applied to one entry under a policy."""

    check_id: str
    title: str
    criterion: str
    severity: CheckSeverity
    result: Result
    docs_url: str
    waived: str | None = None  # the waiver's reason, when a waiver turned a failure into a pass
    waiver_note: str | None = None  # e.g. "waiver by @alice expired on 2026-01-31; no longer applies"
