"""The audit as text: the step summary (every entry) and the tracking issue (entries at risk).

Names, repositories and details come from the catalog and from GitHub: untrusted, so every one
goes through `inert` or `code`.
"""

from __future__ import annotations

from bot.audit.model import AuditEntry, AuditResult
from bot.audit.regressions import RISK_TITLES, Risk
from bot.escape import code, inert
from bot.icons import INVALID, PASS, PAUSED, UNKNOWN, WARN
from bot.sticky import TRACKING

STATUS_TEXT = {
    "ok": f"{PASS} ok",
    "at-risk": f"{INVALID} at risk",
    "unknown": f"{UNKNOWN} could not check",
    "not-reached": f"{PAUSED} not reached",
    "no-repository": f"{WARN} no repository",
}
TRACKING_TITLE = "Ecosystem audit: projects at risk"
ISSUE_BODY_LIMIT = 60000  # GitHub's limit is 65,536; the hidden state needs room


def _repo_cell(entry: AuditEntry) -> str:
    if not entry.repository:
        return "—"
    return code(entry.repository)


def _risk_text(risk: Risk) -> str:
    mark = " (new)" if risk.new else ""
    return f"{RISK_TITLES.get(risk.kind, risk.kind)}{mark}: {inert(risk.detail, 120)}"


def _risks_cell(entry: AuditEntry) -> str:
    if entry.risks:
        return "<br>".join(_risk_text(r) for r in entry.risks)
    if entry.recovered:
        return "recovered"
    return inert(entry.reason or "", 120) if entry.status != "ok" else ""


def headline(result: AuditResult) -> str:
    counts = result.counts()
    parts = [f"{len(result.entries)} entries", f"{len(result.at_risk)} at risk"]
    parts += [f"{len(result.new_regressions)} new", f"{len(result.recovered)} recovered"]
    if counts.get("unknown"):
        parts.append(f"{counts['unknown']} could not be checked")
    if result.not_reached:
        parts.append(f"{len(result.not_reached)} not reached")
    shard = f" (shard {result.shard})" if result.shard else ""
    return f"Audit under `{result.policy}` on {result.today}{shard}: " + ", ".join(parts)


def render_summary(result: AuditResult) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: a table of every entry."""
    lines = [f"## {headline(result)}", ""]
    if result.stopped:
        lines += [
            f"> Stopped early: {inert(result.stopped, 300)}. The next run starts with the entries not reached.",
            "",
        ]
    lines += ["| entry | repository | status | verdict | risks | deadline |", "|---|---|---|---|---|---|"]
    for entry in result.entries:
        lines.append(
            f"| {inert(entry.name, 80)} | {_repo_cell(entry)} | {STATUS_TEXT[entry.status]} | "
            f"{entry.verdict or '—'} | {_risks_cell(entry)} | {entry.deadline or ''} |"
        )
    return "\n".join(lines) + "\n"


def render_text(result: AuditResult) -> str:
    """Plain text for a terminal: the headline, then entries at risk, recovered and not reached."""
    lines = [headline(result).replace("`", "")]
    if result.stopped:
        lines.append(f"stopped early: {result.stopped}")
    for entry in result.at_risk:
        risks = "; ".join(
            f"{RISK_TITLES.get(r.kind, r.kind)}{' (new)' if r.new else ''}: {r.detail}" for r in entry.risks
        )
        lines.append(
            f"  at risk  {entry.name} ({entry.repository}): {risks} — since "
            f"{min(r.since for r in entry.risks)}, deadline {entry.deadline}"
        )
    lines += [f"  recovered  {e.name} ({e.repository})" for e in result.recovered]
    lines += [f"  not reached  {e.name} ({e.repository})" for e in result.not_reached]
    lines += [
        f"  could not check  {e.name} ({e.repository}): {e.reason}"
        for e in result.entries
        if e.status == "unknown"
    ]
    return "\n".join(lines) + "\n"


def render_tracking_issue(result: AuditResult, state_comment: str, run_url: str | None) -> str:
    """The tracking issue's body: entries at risk with since and deadline, recoveries, the state."""
    lines = [TRACKING.marker, f"### {headline(result)}", ""]
    lines.append(
        f"Each entry at risk has {result.grace_days} days from the first audit that saw the problem "
        "(policy `" + result.policy + "`). Entries leave this list when an audit finds them fine again."
    )
    lines.append("")
    rows = []
    for entry in sorted(result.at_risk, key=lambda e: (e.deadline or "", e.key)):
        since = min(r.since for r in entry.risks)
        risks = "<br>".join(_risk_text(r) for r in entry.risks)
        rows.append(
            f"| {inert(entry.name, 80)} | {_repo_cell(entry)} | {risks} | {since} | {entry.deadline} |"
        )
    if rows:
        lines += ["| entry | repository | risk | since | deadline |", "|---|---|---|---|---|", *rows, ""]
    else:
        lines += ["No entry is at risk. 🎉", ""]
    if result.recovered:
        names = ", ".join(inert(e.name, 60) for e in result.recovered)
        lines += [f"**Recovered since the last audit:** {names}", ""]
    if result.not_reached:
        lines += [
            f"**Not reached in this run ({len(result.not_reached)}):** the GitHub budget ran low; "
            "the next run starts with them. Their earlier risks stay listed.",
            "",
        ]
    if run_url:
        lines += [f"<sub>[Audit run]({run_url})</sub>", ""]
    body = "\n".join(lines)
    if len(body) + len(state_comment) + 2 > ISSUE_BODY_LIMIT:
        cut = ISSUE_BODY_LIMIT - len(state_comment) - 200
        body = (
            body[:cut].rsplit("\n", 1)[0]
            + "\n\n… (list cut to fit GitHub's size limit; see the step summary)\n"
        )
    return body + "\n" + state_comment + "\n"
