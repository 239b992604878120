"""`vet`'s readable checklist for a terminal (coloured when it is one), and the rubric as plain text."""

from __future__ import annotations

from bot.applications.render import lean_text, plain_cell, render_rows
from bot.applications.rubric import Rubric
from bot.criteria.model import CheckOutcome
from bot.facts.model import RepoFacts
from bot.icons import terminal_icon
from bot.verdicts import EntryVerdict

COLOURS = {"pass": "32", "warn": "33", "fail": "31", "unknown": "35", "manual": "36", "skipped": "90"}
VERDICT_STATUS = {
    "passed": "pass",
    "needs-work": "warn",
    "fail": "fail",
    "invalid": "fail",
    "incomplete": "unknown",
}


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, status: str, text: str) -> str:
        if not self.enabled or status not in COLOURS:
            return text
        return f"\033[{COLOURS[status]}m{text}\033[0m"

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.enabled else text


def render_checklist(verdict: EntryVerdict, facts: RepoFacts, paint: Painter) -> str:
    lines = [
        paint.bold(f"{facts.repository}")
        + (f" → {facts.renamed_to} (renamed)" if facts.renamed_to else "")
        + f" · policy {verdict.policy} · "
        + paint(VERDICT_STATUS[verdict.verdict], verdict.verdict),
        f"  {verdict.reason}",
    ]
    if facts.error:
        lines.append(paint("unknown", f"  note: {facts.error}"))
    if facts.license is not None:
        spdx = facts.license.spdx or "unknown"
        note = f" — {facts.license.note}" if facts.license.note else ""
        lines.append(f"  license: {spdx} ({facts.license.tier}, from {facts.license.source}){note}")
    by_criterion: dict[str, list[CheckOutcome]] = {}
    for outcome in verdict.checks:
        by_criterion.setdefault(outcome.criterion, []).append(outcome)
    for criterion in verdict.criteria:
        lines.append("")
        lines.append(
            f"{terminal_icon(criterion.status)} " + paint.bold(criterion.title) + f" — {criterion.summary}"
        )
        for outcome in by_criterion.get(criterion.id, []):
            status = outcome.result.status
            marker = paint(status, f"{terminal_icon(status)} {status:<7}")
            lines.append(f"   {marker} {outcome.check_id:<12} {outcome.title}: {outcome.result.summary}")
    to_fix = verdict.to_fix()
    if to_fix:
        lines += ["", paint.bold("To fix")]
        for outcome in to_fix:
            fix = outcome.result.fix or outcome.result.summary
            lines.append(f"  - {outcome.check_id} ({outcome.severity}): {fix}  [{outcome.docs_url}]")
    return "\n".join(lines) + "\n"


def rubric_text(rubric: Rubric) -> str:
    """The rubric table and the suggested lean as plain text (a markdown table) for a terminal."""
    return (
        f"\nEcosystem Review: {rubric.repository} (the Working Group's rubric, {rubric.observed})\n\n"
        f"{render_rows(rubric.rows, plain_cell)}\n\n{lean_text(rubric, plain_cell)}\n"
        "A human on the Ecosystem Working Group decides.\n"
    )
