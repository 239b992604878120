"""Judgement: run a policy's checks on one entry's facts, apply waivers, aggregate per criterion,
and decide the verdict. Pure: no I/O, no clock (the run's `now` is a fact).

Verdicts, first match wins:
- `invalid`: the entry has error problems (checks still run for information when facts exist);
- `fail`: a required check fails;
- `incomplete`: a required check could not be checked (unknown), and none fails;
- `needs-work`: a recommended check fails, or a required check warns;
- `passed`: otherwise. Manual checks never decide: they ask a reviewer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from bot.catalog.entry import Problem
from bot.criteria import clock
from bot.criteria.model import Check, CheckOutcome, Inputs, Result
from bot.criteria.registry import all_checks
from bot.criteria.results import listing, plural
from bot.facts.bounded import UnreadableFile
from bot.facts.model import RepoFacts
from bot.policies.model import Criterion, Policy, Waiver

Verdict = Literal["invalid", "fail", "incomplete", "needs-work", "passed"]
CriterionStatus = Literal["pass", "warn", "fail", "unknown", "manual"]
WAIVABLE = frozenset({"fail", "warn", "unknown"})


@dataclass
class CriterionResult:
    """One row of the review table: a criterion, its status and what was found."""

    id: str
    title: str
    status: CriterionStatus
    summary: str  # one line composed from the check summaries
    checks: list[str] = field(default_factory=list)  # check ids, in policy order


@dataclass
class EntryVerdict:
    """Everything the report needs about one reviewed entry; `to_json()` is plain JSON data."""

    entry: str
    repository: str | None  # owner/repo
    url: str | None
    head_sha: str | None
    policy: str
    verdict: Verdict
    reason: str  # one line, e.g. "1 required check fails: LIC-003"
    criteria: list[CriterionResult]
    checks: list[CheckOutcome]  # in policy order
    problems: list[Problem]
    license: dict[str, Any] | None  # {"spdx", "tier", "source"} when facts had a license
    counts: dict[str, int]  # status → number of checks

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def to_fix(self) -> list[CheckOutcome]:
        """Checks a submitter should act on: required or recommended ones that fail or warn."""
        return [
            outcome
            for outcome in self.checks
            if outcome.severity != "info" and outcome.result.status in ("fail", "warn")
        ]


def evaluate_entry(
    policy: Policy,
    facts: RepoFacts | None,
    entry_problems: Sequence[Problem],
    entry_name: str,
    docs_base_url: str | None = None,
) -> EntryVerdict:
    """The verdict for one entry: its problems, and the policy's checks run on its facts."""
    docs = (docs_base_url or policy.docs_url).rstrip("#")
    invalid = any(problem.severity == "error" for problem in entry_problems)
    today = run_day(facts)
    outcomes = run_checks(policy, facts, invalid, docs)
    outcomes = [apply_waivers(policy.waivers, outcome, entry_name, facts, today) for outcome in outcomes]
    criteria = [criterion_result(criterion, outcomes) for criterion in policy.criteria]
    verdict, reason = decide(outcomes, entry_problems)
    reason += not_provided_note(outcomes, facts)
    return EntryVerdict(
        entry=entry_name,
        repository=facts.repository if facts else None,
        url=facts.url if facts else None,
        head_sha=facts.head_sha if facts else None,
        policy=policy.name,
        verdict=verdict,
        reason=reason,
        criteria=criteria,
        checks=outcomes,
        problems=list(entry_problems),
        license=license_summary(facts),
        counts=dict(Counter(outcome.result.status for outcome in outcomes)),
    )


def run_day(facts: RepoFacts | None) -> date | None:
    instant = clock.parse_instant(facts.now) if facts else None
    return instant.date() if instant else None


def run_checks(policy: Policy, facts: RepoFacts | None, invalid: bool, docs: str) -> list[CheckOutcome]:
    known = all_checks()
    in_policy = {spec.id for _, spec in policy.specs()}
    results: dict[str, Result] = {}
    outcomes = []
    inputs = Inputs(facts) if facts is not None else None  # each input read once for all the checks
    for criterion, spec in policy.specs():
        check = known[spec.id]
        result = blocked(check, facts, invalid, results, in_policy)
        if result is None and facts is not None:
            result = run_one(check, facts, spec.params, inputs)
        result = result or Result("unknown", "could not check: no facts")
        results[spec.id] = result
        outcomes.append(
            CheckOutcome(
                spec.id, check.title, criterion.id, spec.severity, result, f"{docs}#{spec.id.lower()}"
            )
        )
    return outcomes


def blocked(
    check: Check, facts: RepoFacts | None, invalid: bool, results: Mapping[str, Result], in_policy: set[str]
) -> Result | None:
    """The result to give without running the check, or None to run it."""
    if facts is None:
        if invalid:
            return Result("skipped", "the entry has errors; the repository was not read")
        return Result("unknown", "could not check: the repository was not read")
    if not facts.available:
        return Result("unknown", f"could not check: {facts.error or 'the repository could not be read'}")
    for required in check.requires:
        if required in in_policy and results.get(required, Result("pass", "")).status != "pass":
            title = all_checks()[required].title
            return Result("skipped", f"skipped: needs {required} ({title}), which did not pass")
    return None


def run_one(
    check: Check, facts: RepoFacts, params: Mapping[str, Any], inputs: Inputs | None = None
) -> Result:
    """The check's result; a crash in a check (or in a reader of its inputs) is an unknown, never a
    pass or a fail."""
    try:
        return check.evaluate(facts, params, inputs)
    except UnreadableFile as error:  # a hostile or broken file of the repository: named, not a crash
        return Result("unknown", f"could not check: {error}")
    except Exception as error:  # a bug in one check must not hide the others' results
        return Result(
            "unknown", f"could not check: {check.id} failed on these facts ({type(error).__name__}: {error})"
        )


def matches(waiver: Waiver, check_id: str, entry_name: str, facts: RepoFacts | None) -> bool:
    if waiver.check != check_id:
        return False
    names = {entry_name.strip().lower()}
    if facts is not None:
        names.add(facts.repository.strip().lower())
    return waiver.entry.strip().lower() in names


def apply_waivers(
    waivers: Sequence[Waiver],
    outcome: CheckOutcome,
    entry_name: str,
    facts: RepoFacts | None,
    today: date | None,
) -> CheckOutcome:
    """A matching active waiver turns fail/warn/unknown into a pass that says it was waived; an
    expired one leaves the result and says so."""
    for waiver in waivers:
        if not matches(waiver, outcome.check_id, entry_name, facts):
            continue
        who = f"approved by {waiver.approved_by}"
        if today is None:
            return replace(outcome, waiver_note=f"waiver ({who}) not applied: the run's date is unknown")
        if not waiver.active_on(today):
            note = f"waiver {who} expired on {waiver.expires.isoformat()}; no longer applies"
            return replace(outcome, waiver_note=note)
        if outcome.result.status not in WAIVABLE:
            return replace(
                outcome, waiver_note=f"waiver {who} not needed: the check is {outcome.result.status}"
            )
        found = outcome.result
        summary = (
            f"waived ({who}, until {waiver.expires.isoformat()}): {waiver.reason} — found: {found.summary}"
        )
        waived = Result("pass", summary, found.evidence, None)
        return replace(outcome, result=waived, waived=waiver.reason, waiver_note=f"{who}; was {found.status}")
    return outcome


def criterion_status(outcomes: Sequence[CheckOutcome]) -> CriterionStatus:
    counted = [o for o in outcomes if o.severity != "info" and o.result.status != "skipped"]
    if not counted:  # only info checks: they describe, but do not fail the criterion
        counted = [replace(o, severity="recommended") for o in outcomes if o.result.status != "skipped"]
    statuses = [(o.severity, o.result.status) for o in counted]
    if ("required", "fail") in statuses:
        return "fail"
    if any(
        status == "warn" or (severity, status) == ("recommended", "fail") for severity, status in statuses
    ):
        return "warn"
    if ("required", "unknown") in statuses or (
        statuses and all(status == "unknown" for _, status in statuses)
    ):
        return "unknown"
    if any(status == "manual" for _, status in statuses):
        return "manual"
    if not statuses:
        return "unknown"
    return "pass"


SUMMARY_STATUSES: dict[str, tuple[str, ...]] = {
    "fail": ("fail",),
    "warn": ("fail", "warn"),
    "unknown": ("unknown",),
    "manual": ("manual",),
    "pass": ("pass",),
}


def criterion_result(criterion: Criterion, outcomes: Sequence[CheckOutcome]) -> CriterionResult:
    mine = [o for o in outcomes if o.criterion == criterion.id]
    status = criterion_status(mine)
    wanted = SUMMARY_STATUSES[status]
    chosen = [o for o in mine if o.result.status in wanted and o.severity != "info"]
    chosen = chosen or [o for o in mine if o.result.status in wanted]
    chosen.sort(key=lambda o: ("required", "recommended", "info").index(o.severity))
    parts = [o.result.summary for o in chosen[:3]]
    if len(chosen) > 3:  # name what the row leaves out, so "more" hides nothing
        parts.append("also " + ", ".join(o.title for o in chosen[3:]))
    summary = "; ".join(parts) if parts else "no checks ran"
    return CriterionResult(criterion.id, criterion.title, status, summary, [o.check_id for o in mine])


def decide(outcomes: Sequence[CheckOutcome], problems: Sequence[Problem]) -> tuple[Verdict, str]:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return "invalid", f"the entry has {plural(len(errors), 'error')}: {errors[0].message}"

    def ids(severity: str, *statuses: str) -> list[str]:
        return [o.check_id for o in outcomes if o.severity == severity and o.result.status in statuses]

    if failing := ids("required", "fail"):
        return (
            "fail",
            f"{plural(len(failing), 'required check')} {verb(failing, 'fails', 'fail')}: {listing(failing)}",
        )
    if unknown := ids("required", "unknown"):
        return (
            "incomplete",
            f"{plural(len(unknown), 'required check')} could not be checked: {listing(unknown)}",
        )
    work = ids("recommended", "fail") + ids("required", "warn")
    if work:
        return "needs-work", f"{plural(len(work), 'check')} to fix: {listing(work)}"
    manual = [o.check_id for o in outcomes if o.result.status == "manual"]
    tail = f"; {plural(len(manual), 'check')} for a reviewer" if manual else ""
    return "passed", f"all required and recommended checks pass{tail}"


def not_provided_note(outcomes: Sequence[CheckOutcome], facts: RepoFacts | None) -> str:
    """ "; 3 checks not checked: …" when checks were skipped because the source has no such facts
    (a local checkout has no GitHub data): the verdict then covers only what could be checked."""
    reasons = set(facts.not_provided.values()) if facts is not None else set()
    skipped = [o for o in outcomes if o.result.status == "skipped" and o.result.summary in reasons]
    if not skipped:
        return ""
    why = skipped[0].result.summary.split(":", 1)[0]  # e.g. "not checked offline"
    return f"; {plural(len(skipped), 'check')} {why}"


def verb(items: Sequence[str], one: str, many: str) -> str:
    return one if len(items) == 1 else many


def license_summary(facts: RepoFacts | None) -> dict[str, Any] | None:
    if facts is None or facts.license is None:
        return None
    return {"spdx": facts.license.spdx, "tier": facts.license.tier, "source": facts.license.source}
