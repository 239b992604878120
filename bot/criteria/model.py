"""Checks and their results: the judgement side of the pipeline (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
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


Params = Mapping[str, Any]
Reader = Callable[[RepoFacts], object]  # an input's value, or the Result a check gives without it
Body = Callable[..., Result]  # (facts, params, **inputs) -> Result
ADVISED = ("fail", "warn", "manual")  # the statuses that take the check's advice when they carry none


class Inputs:
    """What checks read from one entry's facts (the README outline, the project's commands, …),
    each computed once by its reader and shared by every check of the entry that names it."""

    def __init__(self, facts: RepoFacts) -> None:
        self.facts = facts
        self._values: dict[str, object] = {}
        self._errors: dict[str, Exception] = {}

    def read(self, name: str, reader: Reader) -> object:
        """The input `name`; a reader's exception is raised again for every check that needs it."""
        if name in self._errors:
            raise self._errors[name]
        if name not in self._values:
            try:
                self._values[name] = reader(self.facts)
            except Exception as error:
                self._errors[name] = error
                raise
        return self._values[name]


@dataclass(frozen=True)
class Check:
    """A check: its docstring-like `explanation` is the user-facing text in docs/checks.md, and `fix`
    (the docstring's "How to fix:" paragraph) its advice, written once: a failing, warning or manual
    result that names no more specific fix gets it, in the comment, `vet` and the JSON report alike."""

    id: str  # stable, e.g. "TEST-001"
    title: str
    family: str  # the check's home criterion family ("testing", "license", …)
    explanation: str
    body: Body
    requires: tuple[str, ...] = ()  # check ids; skipped when one of them did not pass
    defaults: Mapping[str, Any] = field(default_factory=dict)  # parameters, overridable by policy
    fix: str | None = None
    inputs: Mapping[str, Reader] = field(default_factory=dict)  # name → reader; the body's keywords
    optional_inputs: frozenset[str] = frozenset()  # passed as None when unavailable, not a result

    def evaluate(self, facts: RepoFacts, params: Params, inputs: Inputs | None = None) -> Result:
        """Read the check's inputs (from `inputs`, the entry's shared cache, when given) and run it.
        An input its reader could not produce gives the reader's result (e.g. "no README")."""
        shared = inputs if inputs is not None else Inputs(facts)
        if shared.facts is not facts:
            raise ValueError(f"{self.id}: the inputs were read from another entry's facts")
        values: dict[str, object] = {}
        for name, reader in self.inputs.items():
            value = shared.read(name, reader)
            if isinstance(value, Result):
                if name not in self.optional_inputs:
                    return self.advised(replace(value, evidence=list(value.evidence)))
                value = None
            values[name] = value
        return self.advised(self.body(facts, params, **values))

    def advised(self, result: Result) -> Result:
        """The result, with the check's advice when it fails, warns or asks a reviewer and names no
        fix of its own."""
        if result.fix is None and self.fix is not None and result.status in ADVISED:
            return replace(result, fix=self.fix)
        return result


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
