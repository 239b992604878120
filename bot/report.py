"""Verdicts → the markdown comment, the step summary and the JSON report.

The comment answers, in order: is my entry OK, which criteria pass, what exactly do I fix, and
how do I ask again (see COMMENT-EXAMPLE.md in the design notes). Every string that comes from an
entry, a repository or a commenter goes through `bot.escape`. The body stays under GitHub's
65,536-character limit: details are dropped first, with a note; the verdict never is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.applications.render import render_sidecar, rubric_block
from bot.catalog.entry import Entry, Problem
from bot.criteria.model import CheckOutcome, Evidence
from bot.escape import LINK_HOSTS, code, inert, link, printable, safe_url
from bot.publish import MARKER
from bot.review import EntryReview, Review

COMMENT_LIMIT = 65_536
BODY_BUDGET = 60_000  # room for the footer and state
STATE_PREFIX = "<!-- ecosystem-bot:state "

STATUS_ICON = {
    "pass": "✅",
    "warn": "⚠️",
    "fail": "❌",
    "unknown": "❔",
    "manual": "👤",
    "skipped": "⏭️",
}
VERDICT_TEXT = {
    "passed": "✅ passed",
    "needs-work": "⚠️ needs work",
    "fail": "❌ fails required checks",
    "incomplete": "❔ incomplete (some checks could not run)",
    "invalid": "⛔ invalid entry",
}
# An info-level check describes; it never fails anything, so it never shows a red ❌ or counts as a failure.
INFO_ICON = "ℹ️"
TALLY_WORDS = {
    "pass": "pass",
    "warn": "warn",
    "fail": "fail",
    "unknown": "could not check",
    "manual": "for a reviewer",
    "skipped": "skipped",
}
FIXABLE = ("fail", "warn", "unknown")
VERDICT_ORDER = ["invalid", "fail", "incomplete", "needs-work", "passed"]


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


def overall_verdict(review: Review) -> str:
    verdicts = [item.verdict.verdict for item in review.entries if item.verdict]
    if review.file_problems or any(not item.entry.is_valid for item in review.entries):
        verdicts.append("invalid")
    if not verdicts:
        return "passed"
    return min(verdicts, key=VERDICT_ORDER.index)


# --- the comment -------------------------------------------------------------------------------------------


def render_comment(review: Review, run: RunInfo) -> str:
    """The comment; lone surrogates (from a JSON entry) replaced so that it can be sent as UTF-8."""
    return printable(_render_comment(review, run))


def _render_comment(review: Review, run: RunInfo) -> str:
    state = review_state(review)
    if run.recheck_at:
        state["recheck_at"] = run.recheck_at
    footer = _footer(review, run) + "\n" + _bounded_state(state)
    if not review.touches_catalog:
        return "\n".join(
            [
                MARKER,
                "### Ecosystem review · no catalog entries changed",
                "",
                f"This pull request no longer adds or changes an entry of the catalog "
                f"(policy {code(review.policy.name)}), so there is nothing to review.",
                "",
                footer,
            ]
        )
    head = [MARKER, _headline(review), ""]
    changes = _since_last_review(review, state, run.previous_state)
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
STATE_BUDGET = 16_000


def _bounded_state(state: Mapping[str, Any]) -> str:
    """The hidden state; for very large PRs only the verdicts, so the state never crowds out the review."""
    encoded = encode_state(state)
    if len(encoded) <= STATE_BUDGET:
        return encoded
    verdicts = {key: {"verdict": value["verdict"], "checks": {}} for key, value in state["entries"].items()}
    encoded = encode_state({**state, "entries": verdicts})
    return encoded if len(encoded) <= STATE_BUDGET else encode_state({**state, "entries": {}})


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
    return f"{line} · {code(entry.file)} · {VERDICT_TEXT[_entry_verdict(item)]}{_verdict_reason(item)}"


def _category_name(review: Review, value: str) -> str:
    category = review.policy.category(value)
    return category.name if category else value


def _entry_verdict(item: EntryReview) -> str:
    if not item.entry.is_valid:
        return "invalid"
    return item.verdict.verdict if item.verdict else "incomplete"


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
            f"❔ The repository could not be read: {inert(item.facts.error or 'unknown error', 300)}"
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
        icon = STATUS_ICON.get(criterion.status, "❔")
        rows.append(f"| {icon} | {inert(criterion.title, 60)} | {_cell(criterion.summary)} |")
    return "\n".join(rows)


def _to_fix(outcomes: Sequence[CheckOutcome], hosts: frozenset[str]) -> str:
    """Each item: what was found (with its evidence), then what to do about it."""
    lines = []
    for outcome in outcomes:
        if outcome.severity == "info" or outcome.result.status not in ("fail", "warn"):
            continue
        found = (
            f"{code(outcome.check_id)} {STATUS_ICON[outcome.result.status]} {_cell(outcome.result.summary)}"
        )
        evidence = _evidence(outcome.result.evidence[:2], hosts, separator=" — ")
        fix = f"<br>**Fix:** {inert(outcome.result.fix, 300)}" if outcome.result.fix else ""
        why = safe_url(outcome.docs_url, hosts)
        lines.append(f"- {found}{evidence}{fix}" + (f" [Why]({why})" if why else ""))
    return "\n".join(lines)


def result_icon(outcome: CheckOutcome) -> str:
    if outcome.severity == "info" and outcome.result.status in ("fail", "warn"):
        return INFO_ICON
    return STATUS_ICON.get(outcome.result.status, "❔")


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


def _details(outcomes: Sequence[CheckOutcome], hosts: frozenset[str]) -> str:
    rows = ["| Check | Result | Evidence |", "|---|---|---|"]
    for outcome in outcomes:
        icon = result_icon(outcome)
        title = f"{code(outcome.check_id)} {link(outcome.title, outcome.docs_url, hosts, 80)}"
        severity = f" ({outcome.severity})" if outcome.severity != "required" else ""
        evidence = _evidence(outcome.result.evidence, hosts)
        summary = _cell(outcome.result.summary)
        waived = f" — waived: {inert(outcome.waived, 150)}" if outcome.waived else ""
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
        icon = {"error": "⛔", "warning": "⚠️"}.get(problem.severity, "ℹ️")
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


# --- state kept in the comment, and what changed since the last review ---------------------------------------


def entry_key(entry: Entry) -> str:
    """A stable key for the state: the file and a hash of the name (names are untrusted text)."""
    digest = hashlib.sha256((entry.name or "").encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{entry.file}#{digest}"


def review_state(review: Review) -> dict[str, Any]:
    entries = {}
    for item in review.entries:
        checks = {o.check_id: o.result.status for o in item.verdict.checks} if item.verdict else {}
        entries[entry_key(item.entry)] = {"verdict": _entry_verdict(item), "checks": checks}
    return {"v": 1, "sha": review.head_sha, "entries": entries}


def encode_state(state: Mapping[str, Any]) -> str:
    # Inside an HTML comment "-->" would end it early: escape -, < and > as JSON \u escapes.
    text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    text = text.replace("-", "\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{STATE_PREFIX}{text} -->"


def decode_state(body: str) -> dict[str, Any] | None:
    start = body.rfind(STATE_PREFIX)
    if start < 0:
        return None
    end = body.find(" -->", start)
    try:
        state = json.loads(body[start + len(STATE_PREFIX) : end])
    except ValueError:
        return None
    return state if isinstance(state, dict) and state.get("v") == 1 else None


def _since_last_review(review: Review, state: Mapping[str, Any], previous: Mapping[str, Any] | None) -> str:
    if not previous or not isinstance(previous.get("entries"), dict):
        return ""
    lines = []
    for key, now in state["entries"].items():
        before = previous["entries"].get(key)
        if not isinstance(before, dict):
            continue
        old_checks = before.get("checks") or {}
        for check_id, status in now["checks"].items():
            old = old_checks.get(check_id)
            if old and old != status:
                lines.append(
                    f"{code(check_id)} {STATUS_ICON.get(str(old), '❔')} → {STATUS_ICON.get(status, '❔')}"
                )
    old_sha = str(previous.get("sha") or "")[:7]
    span = f"({code(old_sha)} → {code(review.head_sha[:7])})"
    if not lines:
        return f"**Since the last review** {span}: no check changed."
    return f"**Since the last review** {span}: " + " · ".join(lines[:30])


# --- step summary and JSON report -------------------------------------------------------------------------


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


def json_report(review: Review) -> dict[str, Any]:
    """The report as data; follows schemas/report.schema.json."""
    return {
        "version": 1,
        "repository": review.repository,
        "pull_request": review.number,
        "head_sha": review.head_sha,
        "policy": review.policy.name,
        "reviewed_at": review.now.isoformat(),
        "verdict": overall_verdict(review),
        "entries": [_entry_json(item) for item in review.entries],
        "removed": [{"file": e.file, "name": e.name} for e in review.removed],
        "problems": [_problem_json(p) for p in review.file_problems],
    }


def _entry_json(item: EntryReview) -> dict[str, Any]:
    license_facts = item.facts.license if item.facts else None
    verdict = item.verdict
    return {
        "file": item.entry.file,
        "name": item.entry.name,
        "repository": item.entry.repository,
        "categories": item.entry.categories,
        "change": item.entry.change,
        "verdict": _entry_verdict(item),
        "problems": [_problem_json(p) for p in item.entry.problems],
        "criteria": [
            {"id": c.id, "title": c.title, "status": c.status, "summary": c.summary} for c in verdict.criteria
        ]
        if verdict
        else [],
        "checks": [
            {
                "id": o.check_id,
                "title": o.title,
                "criterion": o.criterion,
                "severity": o.severity,
                "status": o.result.status,
                "summary": o.result.summary,
                "evidence": [{"label": e.label, "value": e.value, "url": e.url} for e in o.result.evidence],
                "fix": o.result.fix,
                "waived": o.waived,
            }
            for o in verdict.checks
        ]
        if verdict
        else [],
        "license": {"spdx": license_facts.spdx, "tier": license_facts.tier, "source": license_facts.source}
        if license_facts
        else None,
        **({"rubric": item.rubric.to_json()} if item.rubric else {}),  # only under the rubric's policy
    }


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message,
        "fix": problem.fix,
        "severity": problem.severity,
    }
