"""The application review as the Working Group writes it: the comment, and the same data as JSON.

Order: heading `Ecosystem Review: {name}`, applicant repo, application link, date; one sentence on
what the project does; the load-bearing issues; the 19-row table; the suggested lean; a line that a
human decides; the verification sidecar in a collapsed <details>. Every string from the issue or
the repository goes through `bot.escape`; links go only to GitHub, the registries and the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.applications.rubric import Rubric, RubricRow
from bot.applications.validate import FieldProblem
from bot.escape import LINK_HOSTS, code, inert
from bot.escape import safe_url as escaped_url
from bot.icons import WARN
from bot.sticky import REVIEW

HUMAN_DECIDES = "_A human on the Ecosystem Working Group decides; this is a first pass with its evidence, not a decision._"
COMMENT_BUDGET = 60_000


@dataclass
class ExtraRepository:
    """An additional repository in scope, vetted like the main one."""

    slug: str
    rubric: Rubric | None
    error: str | None = None


@dataclass
class ApplicationReview:
    """Everything the comment and the JSON report say about one application issue."""

    name: str
    issue_url: str
    number: int
    observed: str  # YYYY-MM-DD
    policy: str
    summary: str | None
    applicant_repo: str | None  # URL
    rubric: Rubric | None  # None: incomplete application (not vetted)
    problems: list[FieldProblem] = field(default_factory=list)
    extra: list[ExtraRepository] = field(default_factory=list)
    decision: str | None = None  # a decision label present on the issue
    unverified_claims: list[str] = field(default_factory=list)
    run_url: str | None = None
    docs_url: str | None = None

    @property
    def status(self) -> str:
        """incomplete | Approve | Needs more info | Too early | Decline."""
        if self.rubric is None:
            return "incomplete"
        return self.rubric.lean

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "application",
            "name": self.name,
            "issue": self.issue_url,
            "number": self.number,
            "observed": self.observed,
            "policy": self.policy,
            "summary": self.summary,
            "applicant_repo": self.applicant_repo,
            "status": self.status,
            "decision": self.decision,
            "problems": [p.__dict__ for p in self.problems],
            "rubric": self.rubric.to_json() if self.rubric else None,
            "additional_repositories": [
                {"repository": e.slug, "error": e.error, "rubric": e.rubric.to_json() if e.rubric else None}
                for e in self.extra
            ],
            "claims_not_verified": self.unverified_claims,
        }


def safe_url(url: str, hosts: Collection[str] = LINK_HOSTS) -> bool:
    """Linked only to a host linked on purpose (bot.escape.safe_url: GitHub and the registries)."""
    return escaped_url(url, hosts) is not None


def link(text: str, url: str | None, hosts: Collection[str] = LINK_HOSTS) -> str:
    """`[text](url)` for `text` already made inert (or a code span) and a URL on a host linked on
    purpose, percent-quoted by bot.escape; otherwise the text alone."""
    target = escaped_url(url, hosts)
    return f"[{text}]({target})" if target else text


def first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return (match.group(1) if match else flat)[:300]


def _cell(text: str) -> str:
    return inert(text, 300) if text else ""


def plain_cell(text: str) -> str:
    """For a terminal: one line, no table breaks, nothing escaped as HTML."""
    return " ".join(text.split()).replace("|", "/")


def render_rows(rows: Sequence[RubricRow], cell: Callable[[str], str] | None = None) -> str:
    show = cell or _cell
    lines = ["| Criterion | Status | Notes |", "|---|---|---|"]
    lines += [f"| {row.criterion} | {row.status_text} | {show(row.note)} |" for row in rows]
    return "\n".join(lines)


def lean_text(rubric: Rubric, cell: Callable[[str], str] | None = None) -> str:
    """`Suggested lean: …` with its one-line reason (bold in a comment; `cell` for a terminal)."""
    if cell is not None:
        return f"Suggested lean: {rubric.lean} — {cell(rubric.lean_reason)}"
    return f"**Suggested lean: {rubric.lean}** — {inert(rubric.lean_reason, 300)}"


def rubric_block(rubric: Rubric) -> str:
    """The table, the suggested lean and the line that a human decides: what a catalog PR's entry shows
    under the rubric's policy (its verification sidecar goes with the entry's other details)."""
    return "\n".join([render_rows(rubric.rows), "", lean_text(rubric), "", HUMAN_DECIDES])


def _numbers(numbers: dict[str, Any]) -> str:
    parts = []
    for key, value in numbers.items():
        if value in (None, [], {}, ""):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return inert("; ".join(parts), 300)


def render_sidecar(rubric: Rubric, unverified: Sequence[str]) -> str:
    lines = [
        "<details><summary>Verification sidecar: what was checked, where, and what would change each row</summary>",
        "",
        f"Observed {rubric.observed} (UTC) on {link(code(rubric.repository), rubric.url)}"
        + (f" at commit {code((rubric.head_sha or '')[:12])}." if rubric.head_sha else "."),
        "",
        "| Criterion | Checked | Numbers | Would change it |",
        "|---|---|---|---|",
    ]
    for row in rubric.rows:
        checked = " · ".join(
            link(inert(_link_text(url), 80), url) if safe_url(url) else inert(url, 120)
            for url in row.links[:4]
            if url
        )
        lines.append(
            f"| {row.criterion} | {checked or '—'} | {_numbers(row.numbers) or '—'} | {_cell(row.would_change)} |"
        )
    if unverified:
        lines += ["", f"**Claims not independently verified:** {inert(', '.join(unverified), 400)}."]
    lines += ["", "</details>"]
    return "\n".join(lines)


def _link_text(url: str) -> str:
    if "/blob/" in url:
        return url.split("/blob/", 1)[1].split("/", 1)[-1]
    if url.startswith("https://api.github.com/"):
        return url.removeprefix("https://api.github.com")
    return url.split("://", 1)[-1][:60]


def _head(review: ApplicationReview) -> list[str]:
    repo = review.applicant_repo
    repo_text = link(code(repo.removeprefix("https://github.com/")), repo) if repo else "not given"
    lines = [
        REVIEW.marker,
        f"## Ecosystem Review: {inert(review.name, 100)}",
        "",
        f"**Applicant repo:** {repo_text} · **Application:** {link(f'#{review.number}', review.issue_url)} · "
        f"**Date:** {review.observed} · policy {code(review.policy)}",
        "",
    ]
    if review.decision:
        lines += [
            f"> A decision exists on this application (label {code(review.decision)}). This review is evidence "
            "for it; it does not change the decision or its labels.",
            "",
        ]
    return lines


def render_review(review: ApplicationReview) -> str:
    if review.rubric is None:
        return render_incomplete(review)
    rubric = review.rubric
    lines = _head(review)
    sentence = first_sentence(review.summary)
    lines += [
        inert(sentence, 300) if sentence else "_The application gives no summary of what the project does._",
        "",
    ]
    issues = rubric.load_bearing()
    if issues:
        lines.append("**Load-bearing issues**")
        lines += [f"- **{row.criterion}** ({row.status_text}): {_cell(row.note)}" for row in issues]
    else:
        lines.append("**Load-bearing issues:** none.")
    lines += ["", render_rows(rubric.rows), ""]
    for extra in review.extra:
        lines.append(_extra_line(extra))
    if review.extra:
        lines.append("")
    lines += [lean_text(rubric), "", HUMAN_DECIDES, ""]
    lines += [render_sidecar(rubric, review.unverified_claims), "", _footer(review)]
    body = "\n".join(lines)
    if len(body) > COMMENT_BUDGET:  # the sidecar goes first; the table and the lean never do
        cut = body.index("<details><summary>Verification sidecar")
        body = (
            body[:cut]
            + "_The verification sidecar was left out to stay under GitHub's size limit; the JSON report has it._\n\n"
            + _footer(review)
        )
    return body


def _extra_line(extra: ExtraRepository) -> str:
    name = link(code(extra.slug), f"https://github.com/{extra.slug}")
    if extra.rubric is None:
        return f"- Additional repository {name}: {WARN} Caution — could not be vetted ({inert(extra.error or 'unknown', 200)})"
    gaps = [r for r in extra.rubric.rows if r.status in ("fail", "caution")]
    if not gaps:
        return f"- Additional repository {name}: every checkable row passes."
    listed = "; ".join(f"{r.criterion} {r.status_text}" for r in gaps[:6])
    return f"- Additional repository {name}: {listed}"


def render_incomplete(review: ApplicationReview) -> str:
    lines = _head(review)
    lines += [
        f"### {WARN} Incomplete application",
        "",
        "Thanks for applying! Some fields need an answer before the repository can be reviewed, so it "
        "was **not vetted yet**:",
        "",
    ]
    for problem in review.problems:
        lines.append(
            f"- **{inert(problem.field, 80)}**: {inert(problem.message, 300)} {inert(problem.fix, 300)}"
        )
    lines += [
        "",
        "Edit the issue to fix them; the review runs again by itself and replaces this comment.",
        "",
        HUMAN_DECIDES,
        "",
        _footer(review),
    ]
    return "\n".join(lines)


def _footer(review: ApplicationReview) -> str:
    # the run and the docs are linked wherever they are, as in a PR's comment (bot.report.comment.RunInfo)
    own = {urlsplit(url).hostname or "" for url in (review.run_url or "", review.docs_url or "")}
    hosts = LINK_HOSTS | {host.lower() for host in own if host}
    run = f" · {link('run', review.run_url, hosts)}" if review.run_url else ""
    docs = f" · {link('How checks work', review.docs_url, hosts)}" if review.docs_url else ""
    return (
        f"<sub>Reviewed {review.observed}{run} · Comment `/recheck` to review again (the applicant or "
        f"maintainers){docs}</sub>"
    )
