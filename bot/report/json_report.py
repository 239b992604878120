"""The report as data (schemas/report.schema.json): one builder for the Action's `report` output
(a PR's review) and `vet --json` (one repository's verdict)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.applications.rubric import Rubric
from bot.catalog.entry import Problem
from bot.criteria.model import CheckOutcome
from bot.facts.model import RepoFacts
from bot.report.verdict import entry_verdict, overall_verdict
from bot.review import EntryReview, Review
from bot.verdicts import EntryVerdict, license_summary

REPORT_VERSION = 1


def json_report(review: Review) -> dict[str, Any]:
    """A pull request's review."""
    return {
        "version": REPORT_VERSION,
        "repository": review.repository,
        "pull_request": review.number,
        "head_sha": review.head_sha,
        "policy": review.policy.name,
        "reviewed_at": review.now.isoformat(),
        "verdict": overall_verdict(review),
        "entries": [_review_entry_json(item) for item in review.entries],
        "removed": [{"file": e.file, "name": e.name} for e in review.removed],
        "problems": [problem_json(p) for p in review.file_problems],
    }


def vet_report(verdict: EntryVerdict, facts: RepoFacts, rubric: Rubric | None = None) -> dict[str, Any]:
    """One repository's verdict (and the Working Group's rubric, under a policy that has it), as the
    report of a review with one entry and no pull request."""
    entry = entry_json(
        name=verdict.entry,
        repository=facts.url,
        verdict_name=verdict.verdict,
        verdict=verdict,
        facts=facts,
        rubric=rubric,
    )
    return {
        "version": REPORT_VERSION,
        "repository": None,
        "pull_request": None,
        "head_sha": facts.head_sha,
        "policy": verdict.policy,
        "reviewed_at": facts.now,
        "verdict": verdict.verdict,
        "entries": [entry],
        "removed": [],
        "problems": [],
    }


def _review_entry_json(item: EntryReview) -> dict[str, Any]:
    return entry_json(
        file=item.entry.file,
        name=item.entry.name,
        repository=item.entry.repository,
        categories=item.entry.categories,
        change=item.entry.change,
        verdict_name=entry_verdict(item),
        problems=item.entry.problems,
        verdict=item.verdict,
        facts=item.facts,
        rubric=item.rubric,
    )


def entry_json(
    *,
    name: str | None,
    repository: str | None,
    verdict_name: str,
    verdict: EntryVerdict | None,
    facts: RepoFacts | None,
    rubric: Rubric | None,
    file: str | None = None,
    categories: Sequence[str] = (),
    change: str = "unchanged",
    problems: Sequence[Problem] = (),
) -> dict[str, Any]:
    """One entry of the report; `rubric` only under the rubric's policy."""
    return {
        "file": file,
        "name": name,
        "repository": repository,
        "categories": list(categories),
        "change": change,
        "verdict": verdict_name,
        "problems": [problem_json(p) for p in problems],
        "criteria": [
            {"id": c.id, "title": c.title, "status": c.status, "summary": c.summary} for c in verdict.criteria
        ]
        if verdict
        else [],
        "checks": [check_json(o) for o in verdict.checks] if verdict else [],
        "license": license_summary(facts),
        **({"rubric": rubric.to_json()} if rubric else {}),
    }


def check_json(outcome: CheckOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "id": outcome.check_id,
        "title": outcome.title,
        "criterion": outcome.criterion,
        "severity": outcome.severity,
        "status": result.status,
        "summary": result.summary,
        "evidence": [{"label": e.label, "value": e.value, "url": e.url} for e in result.evidence],
        "fix": result.fix,
        "waived": outcome.waived,
        "waiver_note": outcome.waiver_note,
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message,
        "fix": problem.fix,
        "severity": problem.severity,
    }
