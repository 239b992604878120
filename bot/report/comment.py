"""Verdicts → the markdown comment and the step summary.

The comment answers, in order: is my entry OK, which criteria pass, what exactly do I fix, and
how do I ask again (see COMMENT-EXAMPLE.md in the design notes). Every string that comes from an
entry, a repository or a commenter goes through `bot.escape`. The body stays under GitHub's
65,536-character limit: details are dropped first, with a note; the verdict never is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.applications.render import render_sidecar, rubric_block
from bot.catalog.entry import Entry, Problem
from bot.criteria.model import CheckOutcome, Evidence
from bot.escape import LINK_HOSTS, code, inert, link, printable, safe_url
from bot.icons import FAIL, INFO, INVALID, PASS, UNKNOWN, WARN, problem_icon, status_icon
from bot.report.state import bounded_state, review_state, since_last_review
from bot.report.verdict import entry_verdict, overall_verdict
from bot.review import EntryReview, Review
from bot.sticky import REVIEW

COMMENT_LIMIT = 65_536
BODY_BUDGET = 60_000  # room for the footer and state
VERDICT_TEXT = {
    "passed": f"{PASS} passed",
    "needs-work": f"{WARN} needs work",
    "fail": f"{FAIL} fails required checks",
    "incomplete": f"{UNKNOWN} incomplete (some checks could not run)",
    "invalid": f"{INVALID} invalid entry",
}
TALLY_WORDS = {
    "pass": "pass",
    "warn": "warn",
    "fail": "fail",
    "unknown": "could not check",
    "manual": "for a reviewer",
    "skipped": "skipped",
}
FIXABLE = ("fail", "warn", "unknown")


@dataclass(frozen=True)
class RunInfo:
    run_url: str | None
    docs_url: str
    previous_state: Mapping[str, Any] | None  # read back from the bot's own comment
    recheck_at: str | None = None  # when the last /recheck review ran (kept in the state, for the cooldown)

    @property
    def link_hosts(self) -> frozenset[str]:
        """The hosts the comment links to: GitHub, the registries, and where the run and the docs are."""
        own = {urlsplit(url).hostname or "" for url in (self.run_url or "", self.docs_url)}
        return LINK_HOSTS | {host.lower() for host in own if host}


# --- the comment -------------------------------------------------------------------------------------------


def render_comment(review: Review, run: RunInfo) -> str:
    """The comment; lone surrogates (from a JSON entry) replaced so that it can be sent as UTF-8."""
    return printable(_render_comment(review, run))


def _render_comment(review: Review, run: RunInfo) -> str:
    state = review_state(review)
    if run.recheck_at:
        state["recheck_at"] = run.recheck_at
    footer = _footer(review, run) + "\n" + bounded_state(state)
    if not review.touches_catalog:
        return "\n".join(
            [
                REVIEW.marker,
                "### Ecosystem review · no catalog entries changed",
                "",
                f"This pull request no longer adds or changes an entry of the catalog "
                f"(policy {code(review.policy.name)}), so there is nothing to review.",
                "",
                footer,
            ]
        )
    head = [REVIEW.marker, _headline(review), ""]
    changes = since_last_review(review, state, run.previous_state)
    sections = [_entry_section(item, review, run, details=True) for item in review.entries]
    body = _assemble(head, sections, review, changes, footer)
    if len(body) <= BODY_BUDGET:
        return body
    footer = TRUNCATED_NOTE + footer
    sections = [_entry_section(item, review, run, details=False) for item in review.entries]
    body = _assemble(head, sections, review, changes, footer)
    if len(body) <= BODY_BUDGET:
        return body
    # Even the short form is too long: keep the headline and as many entry verdict lines as fit.
    lines: list[str] = []
    room = BODY_BUDGET - len(_assemble(head, [], review, changes, footer)) - 200
    for index, item in enumerate(review.entries):
        line = _entry_headline(item, review)
        if room - len(line) - 1 < 0:
            lines.append(f"… and {len(review.entries) - index} more entries: see the step summary.")
            break
        lines.append(line)
        room -= len(line) + 1
    return _assemble(head, ["\n".join(lines)], review, changes, footer)


TRUNCATED_NOTE = (
    "\n<sub>Details were left out to keep this comment under GitHub's size limit; "
    "the step summary and the JSON report have them all.</sub>\n"
)


def _assemble(head: list[str], sections: list[str], review: Review, changes: str, footer: str) -> str:
    parts = [*head, *sections]
    if review.removed:
        parts.append(_removed_section(review.removed))
    if review.file_problems:
        parts.append("**Problems in the catalog files**\n\n" + _problem_list(review.file_problems))
    if changes:
        parts.append(changes)
    parts.append(footer)
    return "\n\n".join(part.rstrip() for part in parts if part) + "\n"


def _headline(review: Review) -> str:
    """The verdict, said once: with one entry its reason is here too and the entry line omits it."""
    verdict = overall_verdict(review)
    count = len(review.entries)
    if count == 1:
        reason = _verdict_reason(review.entries[0])
        return (
            f"### Ecosystem review · {code(review.entries[0].entry.file)} · {VERDICT_TEXT[verdict]}{reason}"
        )
    return f"### Ecosystem review · {count} entries · {VERDICT_TEXT[verdict]}"


def _entry_headline(item: EntryReview, review: Review) -> str:
    entry = item.entry
    name = inert(entry.name or "(no name)", 80)
    repo = f" → {link(entry.slug, entry.repository, limit=100)}" if entry.slug else ""
    categories = ", ".join(inert(_category_name(review, c), 60) for c in entry.categories)
    category = f" · category **{categories}**" if categories else ""
    line = f"**{name}**{repo}{category}"
    if len(review.entries) == 1:  # the headline above carries this entry's verdict
        return line
    return f"{line} · {code(entry.file)} · {VERDICT_TEXT[entry_verdict(item)]}{_verdict_reason(item)}"


def _category_name(review: Review, value: str) -> str:
    category = review.policy.category(value)
    return category.name if category else value


def _verdict_reason(item: EntryReview) -> str:
    if not item.verdict:
        return ""
    required_failures = [
        o for o in item.verdict.checks if o.severity == "required" and o.result.status == "fail"
    ]
    if required_failures:
        n = len(required_failures)
        return f" ({n} required check{'s' if n != 1 else ''} fail{'s' if n == 1 else ''})"
    return ""


def _entry_section(item: EntryReview, review: Review, run: RunInfo, *, details: bool) -> str:
    parts = [_entry_headline(item, review) + f" · policy {code(review.policy.name)}"]
    if item.entry.problems:
        parts.append("**Entry problems**\n\n" + _problem_list(item.entry.problems))
    if item.facts is not None and not item.facts.available:
        parts.append(
            f"{UNKNOWN} The repository could not be read: {inert(item.facts.error or 'unknown error', 300)}"
        )
    if item.verdict:
        parts.append(_verdict_table(item))
        fixes = _to_fix(item.verdict.checks, run.link_hosts)
        if fixes:
            parts.append("**To fix**\n\n" + fixes)
        if details:
            parts += _rubric_sidecar(item)
            parts.append(_details(item.verdict.checks, run.link_hosts))
    return "\n\n".join(parts)


def _verdict_table(item: EntryReview) -> str:
    """The Working Group's rubric (19 rows, the suggested lean, a human decides) under a policy that
    has it; the policy's criteria table otherwise."""
    if item.rubric is None:
        return _criteria_table(item)
    return rubric_block(item.rubric)


def _rubric_sidecar(item: EntryReview) -> list[str]:
    """The rubric's verification sidecar, a detail: left out first when the comment grows too long."""
    return [render_sidecar(item.rubric, ())] if item.rubric else []


def _criteria_table(item: EntryReview) -> str:
    assert item.verdict
    rows = ["| | Criterion | What we found |", "|---|---|---|"]
    for criterion in item.verdict.criteria:
        icon = status_icon(criterion.status)
        rows.append(f"| {icon} | {inert(criterion.title, 60)} | {_cell(criterion.summary)} |")
    return "\n".join(rows)


def _to_fix(outcomes: Sequence[CheckOutcome], hosts: frozenset[str]) -> str:
    """Each item: what was found (with its evidence), then what to do about it."""
    lines = []
    for outcome in outcomes:
        if outcome.severity == "info" or outcome.result.status not in ("fail", "warn"):
            continue
        found = (
            f"{code(outcome.check_id)} {status_icon(outcome.result.status)} {_cell(outcome.result.summary)}"
        )
        evidence = _evidence(outcome.result.evidence[:2], hosts, separator=" — ")
        fix = f"<br>**Fix:** {inert(outcome.result.fix, 300)}" if outcome.result.fix else ""
        why = safe_url(outcome.docs_url, hosts)
        lines.append(f"- {found}{evidence}{fix}" + (f" [Why]({why})" if why else ""))
    return "\n".join(lines)


def result_icon(outcome: CheckOutcome) -> str:
    if outcome.severity == "info" and outcome.result.status in ("fail", "warn"):
        return INFO
    return status_icon(outcome.result.status)


def tally(outcomes: Sequence[CheckOutcome]) -> str:
    """How the checks came out, e.g. "33 pass, 1 warn, 1 for a reviewer, 2 info findings": an info check
    that is not a pass is an info finding, never a failure."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        status = outcome.result.status
        key = "info" if outcome.severity == "info" and status in ("fail", "warn") else status
        counts[key] = counts.get(key, 0) + 1
    order = [*TALLY_WORDS, "info"]
    words = {**TALLY_WORDS, "info": "info findings"}
    return ", ".join(f"{counts[key]} {words[key]}" for key in order if counts.get(key))


def _waiver_text(outcome: CheckOutcome) -> str:
    """A waiver that applied, or one that matched but did not (expired, not needed, no date)."""
    if outcome.waived:
        return f" — waived: {inert(outcome.waived, 150)}"
    return f" — {inert(outcome.waiver_note, 150)}" if outcome.waiver_note else ""


def _details(outcomes: Sequence[CheckOutcome], hosts: frozenset[str]) -> str:
    rows = ["| Check | Result | Evidence |", "|---|---|---|"]
    for outcome in outcomes:
        icon = result_icon(outcome)
        title = f"{code(outcome.check_id)} {link(outcome.title, outcome.docs_url, hosts, 80)}"
        severity = f" ({outcome.severity})" if outcome.severity != "required" else ""
        evidence = _evidence(outcome.result.evidence, hosts)
        summary = _cell(outcome.result.summary)
        waived = _waiver_text(outcome)
        status = outcome.result.status
        fix = (
            f"<br>**Fix:** {inert(outcome.result.fix, 200)}"
            if outcome.result.fix and status in FIXABLE
            else ""
        )
        rows.append(f"| {title}{severity} | {icon} | {summary}{waived}{evidence}{fix} |")
    return (
        f"<details><summary>All {len(outcomes)} checks ({tally(outcomes)})</summary>\n\n"
        + "\n".join(rows)
        + "\n\n</details>"
    )


def _evidence(evidence: Iterable[Evidence], hosts: frozenset[str], separator: str = "<br>") -> str:
    items = []
    for item in list(evidence)[:4]:
        value = f"{inert(item.label, 40)}: {inert(item.value, 120)}"
        url = safe_url(item.url, hosts)
        items.append(f"[{value}]({url})" if url else value)
    return (separator + " · ".join(items)) if items else ""


def _cell(text: str) -> str:
    return inert(text, 300)


def _problem_list(problems: Sequence[Problem]) -> str:
    lines = []
    for problem in problems[:50]:
        icon = problem_icon(problem.severity)
        where = code(f"{problem.file}:{problem.line}:{problem.column}")
        field = f" {code(problem.field)}" if problem.field else ""
        fix = f" — {inert(problem.fix, 200)}" if problem.fix else ""
        lines.append(f"- {icon} {where}{field}: {inert(problem.message, 300)}{fix}")
    if len(problems) > 50:
        lines.append(f"- … and {len(problems) - 50} more (see the step summary)")
    return "\n".join(lines)


def _removed_section(removed: Sequence[Entry]) -> str:
    names = ", ".join(f"**{inert(e.name or e.file, 80)}** ({code(e.file)})" for e in removed)
    return f"**Removed from the catalog** (not vetted): {names}"


def _footer(review: Review, run: RunInfo) -> str:
    when = review.now.strftime("%Y-%m-%d %H:%M UTC")
    run_url = safe_url(run.run_url, run.link_hosts)
    docs_url = safe_url(run.docs_url, run.link_hosts)
    run_link = f" · [run]({run_url})" if run_url else ""
    docs_link = f" · [How checks work]({docs_url})" if docs_url else ""
    return (
        f"<sub>Reviewed {code(review.head_sha[:7])} at {when}{run_link} · "
        "Comment `/recheck` on its own line to review again (the PR author or anyone with write access)"
        f"{docs_link}</sub>"
    )


# --- step summary -------------------------------------------------------------------------


def render_summary(review: Review, run: RunInfo) -> str:
    """The same checklist for $GITHUB_STEP_SUMMARY (limit 1 MiB), with all details."""
    sections = [_entry_section(item, review, run, details=True) for item in review.entries]
    body = _assemble(
        [
            _headline(review)
            if review.touches_catalog
            else "### Ecosystem review · no catalog entries changed"
        ],
        sections,
        review,
        "",
        _footer(review, run),
    )
    return printable(body[:1_000_000])
