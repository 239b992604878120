"""The policy's verdicts → the Ecosystem Working Group's 19-row rubric (pure: no I/O, no clock).

The checks of `pytorch-tac-v1` decide most rows; this module maps each criterion's result to the
rubric's four statuses and applies the rubric's mechanical rules on top (DOMAIN.md §1b):
- a license file named `LICENSE` (not `LICENSE.md`) → Caution, naming the gap;
- CODEOWNERS only at `.github/CODEOWNERS` → Pass;
- a Contributor Covenant code of conduct → Caution (an alternate needs prior approval);
- governance mentioned only informally (no standalone document) → Fail;
- a threshold met exactly → Pass, noted; a partial count above a threshold → Pass noted partial,
  below it → Caution, never Fail; anything that could not be verified → Caution saying what was tried.
Judgement rows (PyTorch Support's centrality, Quick Start works, Documentation quality, Governance
quality) show their evidence and stay ❓ unless a mechanical rule decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from bot.applications.activity import Activity
from bot.applications.torch import TorchReleases
from bot.criteria import layout, links
from bot.criteria.checks.community import find_file, humans
from bot.criteria.claims import codeowners
from bot.criteria.model import CheckOutcome
from bot.facts.model import RepoFacts
from bot.icons import FAIL, JUDGEMENT, PASS, WARN
from bot.policies.model import Policy
from bot.verdicts import CriterionResult, EntryVerdict

RowStatus = Literal["pass", "caution", "fail", "judgement"]
STATUS_TEXT: dict[str, str] = {
    "pass": f"{PASS} Pass",
    "caution": f"{WARN} Caution",
    "fail": f"{FAIL} Fail",
    "judgement": f"{JUDGEMENT} Needs human judgment",
}
Lean = Literal["Approve", "Needs more info", "Too early", "Decline"]

# criterion id of pytorch-tac-v1 → the rubric's row name; a threshold row's name takes its number
ROWS: tuple[tuple[str, str], ...] = (
    ("pytorch-support", "PyTorch Support"),
    ("working-ci", "Working CI"),
    ("governance", "Governance"),
    ("value-proposition", "User Experience"),
    ("quick-start", "Quick Start"),
    ("documentation", "Documentation"),
    ("permissive-license", "Permissive Licensing"),
    ("functional-tests", "Functional Testing"),
    ("binaries", "Packages"),
    ("maintenance", "Ongoing Maintenance"),
    ("core-maintainers", "Core Maintainers (≥ {n})"),
    ("active-contributors", "Contributors (≥ {n} active in 90 days)"),
    ("commit-activity", "Commits (≥ {n} in 90 days)"),
    ("stars", "Stars (≥ {n})"),
    ("license-file", "LICENSE.md"),
    ("readme", "README.md"),
    ("contributing", "CONTRIBUTING.md"),
    ("codeowners", "CODEOWNERS"),
    ("code-of-conduct", "CODE_OF_CONDUCT.md"),
)
# the check and parameter that carry each threshold row's minimum, and its default
THRESHOLDS: dict[str, tuple[str, str, int]] = {
    "core-maintainers": ("COMM-002", "min_bus_factor", 2),
    "active-contributors": ("COMM-001", "min_contributors", 5),
    "commit-activity": ("MAINT-005", "min_commits", 30),
    "stars": ("COMM-009", "min_stars", 200),
}
STANDING_JUDGEMENT = frozenset({"pytorch-support", "quick-start", "documentation", "governance"})
MEASURABLE = frozenset({"core-maintainers", "active-contributors", "commit-activity", "stars", "maintenance"})
DISQUALIFYING = frozenset({"permissive-license", "pytorch-support"})
EXPECTED_FILES: dict[str, str] = {
    "license-file": "LICENSE.md",
    "readme": "README.md",
    "contributing": "CONTRIBUTING.md",
    "codeowners": ".github/CODEOWNERS",
    "code-of-conduct": "CODE_OF_CONDUCT.md",
    "governance": "GOVERNANCE.md",
}
CONTRIBUTOR_COVENANT = re.compile(r"contributor[\s-]*covenant", re.IGNORECASE)
GOVERNANCE_WORD = re.compile(r"\bgovernance\b|\bsteering committee\b|\bdecision[- ]making\b", re.IGNORECASE)


@dataclass
class RubricRow:
    id: str
    criterion: str
    status: RowStatus
    note: str = ""  # empty for a clean pass
    links: list[str] = field(default_factory=list)  # exact links checked (blob URLs even for missing files)
    numbers: dict[str, Any] = field(default_factory=dict)
    would_change: str = ""  # what would change the status

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass
class RubricContext:
    """What the rubric needs besides the verdict: counted activity, PyTorch releases, the claims."""

    observed: str  # YYYY-MM-DD, the run's date
    activity: Activity | None = None
    torch: TorchReleases | None = None
    maintainers: list[str] | None = None  # handles the application names (None: no application)
    pytorch_version: str | None = None  # the version the application claims


@dataclass
class Rubric:
    repository: str
    url: str
    head_sha: str | None
    observed: str
    rows: list[RubricRow]
    lean: Lean
    lean_reason: str

    def load_bearing(self, limit: int = 6) -> list[RubricRow]:
        """Fails first, then cautions, then open questions; none when the lean is Approve."""
        if self.lean == "Approve":
            return []
        order = {"fail": 0, "caution": 1, "judgement": 2}
        picked = [r for r in self.rows if r.status in ("fail", "caution")]
        picked += [r for r in self.rows if r.status == "judgement" and r.id not in STANDING_JUDGEMENT]
        return sorted(picked, key=lambda r: order[r.status])[:limit]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for row, original in zip(data["rows"], self.rows, strict=True):
            row["status_text"] = original.status_text
        return data


def threshold(policy: Policy, criterion_id: str) -> int:
    check_id, key, default = THRESHOLDS[criterion_id]
    for criterion, spec in policy.specs():
        if criterion.id == criterion_id and spec.id == check_id and key in spec.params:
            return int(spec.params[key])
    return default


def severity_of(policy: Policy, criterion_id: str, check_id: str) -> str:
    for criterion, spec in policy.specs():
        if criterion.id == criterion_id and spec.id == check_id:
            return spec.severity
    return "required"


def row_name(policy: Policy, criterion_id: str, template: str) -> str:
    return template.format(n=threshold(policy, criterion_id)) if "{n}" in template else template


# ---- the mechanical rules, each a small pure function ----------------------------------------------


def threshold_row(
    value: int | None,
    minimum: int,
    noun: str,
    *,
    partial: bool = False,
    tried: str = "",
    should: bool = False,
) -> tuple[RowStatus, str]:
    """A measurable row: exactly met → Pass noted; a partial count → Pass noted above, Caution below;
    unknown → Caution saying what was tried; below a `should` → Caution, below a `must` → Fail."""
    if value is None:
        return "caution", f"could not count the {noun}s ({tried or 'no source answered'})"
    if partial:
        if value >= minimum:
            return "pass", f"at least {value} {noun}s (partial count, already above the minimum of {minimum})"
        return "caution", f"at least {value} {noun}s counted so far (partial count; minimum {minimum})"
    if value == minimum:
        return "pass", f"exactly at the {minimum}-{noun} minimum"
    if value > minimum:
        return "pass", ""
    if should:
        return "caution", f"{value} {noun}s (a should-requirement of at least {minimum})"
    return "fail", f"{value} {noun}s (at least {minimum} required)"


def license_file_row(root_names: list[str] | None) -> tuple[RowStatus, str, str | None]:
    """(status, note, file found): LICENSE.md passes; another license name is a naming gap."""
    if root_names is None:
        return "caution", "could not list the repository root to look for LICENSE.md", None
    if "LICENSE.md" in root_names:
        return "pass", "", "LICENSE.md"
    similar = sorted(n for n in root_names if n.upper().startswith(("LICENSE", "LICENCE", "COPYING")))
    if similar:
        return "caution", f"license file is {similar[0]}, not LICENSE.md (naming gap)", similar[0]
    return "fail", "no license file in the repository root", None


def code_of_conduct_row(base: RowStatus, text: str | None) -> tuple[RowStatus, str]:
    if base == "pass" and text and CONTRIBUTOR_COVENANT.search(text):
        return (
            "caution",
            "adopts the Contributor Covenant, not the Linux Foundation code of conduct "
            "(an alternate code needs the Working Group's prior approval)",
        )
    return base, ""


def governance_row(has_document: bool | None, informal_in: list[str]) -> tuple[RowStatus, str]:
    if has_document is None:
        return "caution", "could not list the repository's files to look for a governance document"
    if has_document:
        return (
            "judgement",
            "a governance document exists; a human judges whether it says how decisions are made",
        )
    if informal_in:
        return (
            "fail",
            f"governance is mentioned only informally in {', '.join(informal_in)}; no standalone document",
        )
    return "fail", "no governance document"


def maintainers_row(claimed: list[str], verified: list[str], minimum: int) -> tuple[RowStatus, str]:
    if len(verified) >= minimum:
        if len(verified) == minimum:
            return "pass", f"exactly at the minimum of {minimum}: {', '.join(verified)}"
        return "pass", ""
    unverified = [name for name in claimed if name not in verified]
    if len(claimed) >= minimum:
        return (
            "judgement",
            f"the application names {len(claimed)} ({', '.join(claimed)}); only {len(verified)} "
            f"commit or own code ({', '.join(verified) or 'none'}) — a human decides whether "
            f"{', '.join(unverified)} {'is a core maintainer' if len(unverified) == 1 else 'are core maintainers'}",
        )
    return "fail", f"the application names {len(claimed)} maintainer(s); at least {minimum} required"


def specifier_excludes(specifier: str, series: Sequence[str]) -> list[str]:
    """The release series (e.g. "2.8") a requirement such as `torch<2.8` leaves out."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        allowed = SpecifierSet(specifier)
    except InvalidSpecifier:
        return []
    return [s for s in series if not allowed.contains(f"{s}.0", prereleases=True)]


_TORCH_REQUIREMENT = re.compile(r"""["']?torch\s*((?:[<>=!~]=?\s*[\w.*]+\s*,?\s*)+)""", re.IGNORECASE)


def declared_torch_specifiers(facts: RepoFacts) -> list[str]:
    found = []
    texts = [
        f.text or "" for path, f in facts.files.items() if path in ("pyproject.toml", "setup.cfg", "setup.py")
    ]
    for text in texts:
        for match in _TORCH_REQUIREMENT.finditer(text):
            found.append(match.group(1).strip().rstrip(","))
    return found


def claimed_series(claim: str | None) -> list[str]:
    """Release series named in the application's PyTorch version field (`2.8, 2.9` → [2.8, 2.9])."""
    found = re.findall(r"\b(\d+)\.(\d+)(?:\.\d+)?\b", claim or "")
    return list(dict.fromkeys(f"{major}.{minor}" for major, minor in found))


def tested_series(facts: RepoFacts, series: Sequence[str]) -> list[str]:
    texts = "\n".join((facts.workflows or {}).values())
    return [s for s in series if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", texts)]


# ---- building the rows ---------------------------------------------------------------------------------


def base_status(result: CriterionResult, outcomes: Sequence[CheckOutcome]) -> tuple[RowStatus, str]:
    if result.status == "pass":
        return "pass", ""
    if result.status == "fail":
        return "fail", result.summary
    if result.status == "warn":
        return "caution", result.summary
    if result.status == "unknown":
        return (
            "caution",
            result.summary if "could not" in result.summary else f"could not check: {result.summary}",
        )
    mechanical = [
        o for o in outcomes if o.result.status not in ("manual", "skipped") and o.severity != "info"
    ]
    if (
        result.id in STANDING_JUDGEMENT
        or not mechanical
        or any(o.result.status != "pass" for o in mechanical)
    ):
        return "judgement", result.summary
    if any(o.check_id == "ENTRY-004" and o.result.status == "manual" for o in outcomes):
        return "judgement", result.summary
    return "pass", ""  # a "— reviewer" confirmation on a row every mechanical check passes


def _evidence_links(outcomes: Sequence[CheckOutcome]) -> list[str]:
    found = [e.url for o in outcomes for e in o.result.evidence if e.url]
    return list(dict.fromkeys(found))[:6]


def _fix(outcomes: Sequence[CheckOutcome]) -> str:
    for outcome in outcomes:
        if outcome.severity == "info":
            continue  # an info check describes; it does not change the row
        if outcome.result.fix and outcome.result.status in ("fail", "warn", "unknown"):
            return outcome.result.fix
    return ""


def build_rubric(verdict: EntryVerdict, facts: RepoFacts, policy: Policy, context: RubricContext) -> Rubric:
    results = {c.id: c for c in verdict.criteria}
    rows = []
    for criterion_id, template in ROWS:
        outcomes = [o for o in verdict.checks if o.criterion == criterion_id]
        result = results.get(criterion_id) or CriterionResult(
            criterion_id, template, "unknown", "not in the policy"
        )
        status, note = base_status(result, outcomes)
        row = RubricRow(
            criterion_id,
            row_name(policy, criterion_id, template),
            status,
            note,
            _evidence_links(outcomes),
            would_change=_fix(outcomes),
        )
        apply_rules(row, facts, policy, context, outcomes)
        expected = EXPECTED_FILES.get(criterion_id)
        if expected:
            url = links.blob_url(facts, expected)
            if url and url not in row.links:
                row.links.insert(0, url)
        if row.status == "pass" and not row.would_change:
            row.would_change = "a regression at a later re-review"
        row.links = list(dict.fromkeys(url for url in row.links if url))
        self_check(row)
        rows.append(row)
    lean, reason = suggest_lean(rows)
    return Rubric(facts.repository, facts.url, facts.head_sha, context.observed, rows, lean, reason)


GAP_WORDS = re.compile(
    r"\b(no|not|missing|fails?|leaves out|could not|without|only informally|below)\b", re.IGNORECASE
)


def self_check(row: RubricRow) -> None:
    """The rubric's self-check: a note that describes a gap never sits beside ✅ (then it is a Caution)."""
    if row.status == "pass" and row.note and GAP_WORDS.search(row.note):
        row.status = "caution"
        if not row.would_change or row.would_change.startswith("a regression"):
            row.would_change = "the gap the note names, closed"


def apply_rules(
    row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, outcomes: Sequence[CheckOutcome]
) -> None:
    """The rubric's mechanical rules for the rows that have one (in place)."""
    rule = RULES.get(row.id)
    if rule is not None and facts.available:
        rule(row, facts, policy, context, outcomes)


def _license_file(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    status, note, found = license_file_row(layout.root_names(facts))
    row.status, row.note = status, note
    if found:
        row.links.insert(0, links.blob_url(facts, found) or "")
        row.numbers["file"] = found
    if status == "caution" and found:
        row.would_change = f"rename {found} to LICENSE.md"


def _code_of_conduct(
    row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any
) -> None:
    path, _ = find_file(facts, "CODE_OF_CONDUCT", [".", ".github", "docs"])
    text = layout.file_text(facts, path) if path else None
    status, note = code_of_conduct_row(row.status, text)
    if note:
        row.status, row.note = status, note
        row.would_change = "adopt the Linux Foundation code of conduct, or get the alternate approved"
    if path:
        row.numbers["file"] = path


def _governance(
    row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, outcomes: Any
) -> None:
    listed = facts.tree is not None or facts.community_files is not None or facts.root_files is not None
    path, anywhere = find_file(facts, "GOVERNANCE", [".", ".github", "docs"]) if listed else (None, [])
    informal = []
    for kind in ("CONTRIBUTING", "README"):
        found, _ = find_file(facts, kind, [".", ".github", "docs"])
        text = layout.file_text(facts, found) if found else None
        if found and text and GOVERNANCE_WORD.search(text):
            informal.append(found)
    status, note = governance_row((bool(path or anywhere)) if listed else None, informal)
    row.status, row.note = status, note
    if path or anywhere:
        row.numbers["file"] = path or anywhere[0]
    if status == "fail":
        row.would_change = "a standalone GOVERNANCE.md saying how decisions are made and maintainers chosen"


def _threshold(
    row: RubricRow, value: int | None, noun: str, policy: Policy, *, partial: bool = False, tried: str = ""
) -> None:
    check_id = THRESHOLDS[row.id][0]
    minimum = threshold(policy, row.id)
    should = severity_of(policy, row.id, check_id) != "required"
    row.status, row.note = threshold_row(value, minimum, noun, partial=partial, tried=tried, should=should)
    row.numbers.update({noun + "s": value, "minimum": minimum, "partial": partial})
    if row.status != "pass":
        row.would_change = f"at least {minimum} {noun}s"


def _stars(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    _threshold(row, facts.stars, "star", policy, tried="GraphQL stargazerCount")
    api = f"https://api.github.com/repos/{facts.repository}"
    row.links = [links.repository_page(facts, "stargazers") or "", api]


def _history_links(facts: RepoFacts, since: str) -> list[str]:
    branch = facts.default_branch or "HEAD"
    page = links.repository_page(facts, f"commits/{branch}?since={since[:10]}") or ""
    return [page, "https://api.github.com/graphql (defaultBranchRef.target.history(since:).totalCount)"]


def _commits(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    activity = context.activity
    if activity is None:
        _threshold(row, facts.commits_90d, "commit", policy, tried="GraphQL history(since:) totalCount")
        return
    tried = activity.error or "GraphQL history(since:) totalCount"
    _threshold(row, activity.commits, "commit", policy, partial=activity.partial, tried=tried)
    row.numbers.update(commits_including_bots=activity.commits_all, since=activity.since[:10])
    row.links = _history_links(facts, activity.since)


def _contributors(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    activity = context.activity
    if activity is None:
        authors = facts.recent_authors_90d
        sampled = "latest" in facts.sources.get("recent_authors_90d", "")
        value = len(humans(authors)) if authors is not None else None
        _threshold(
            row, value, "contributor", policy, partial=sampled, tried="commit authors of the last 90 days"
        )
        return
    tried = activity.error or "GraphQL history(since:) authors, paged"
    _threshold(row, activity.contributors, "contributor", policy, partial=activity.partial, tried=tried)
    row.numbers.update(authors=[a.key for a in activity.authors][:20], since=activity.since[:10])
    row.links = [
        *_history_links(facts, activity.since),
        links.repository_page(facts, "graphs/contributors") or "",
    ]


def _maintainers(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    if context.maintainers is None:
        return  # no application: the bus factor check decides
    claimed = context.maintainers
    committers = {a.key.casefold() for a in (context.activity.authors if context.activity else [])}
    committers |= {a.key.casefold() for a in humans(facts.recent_authors or [])}
    owners = codeowners(facts) or set()
    verified = [name for name in claimed if name.casefold() in committers or name.casefold() in owners]
    minimum = threshold(policy, row.id)
    row.status, row.note = maintainers_row(claimed, verified, minimum)
    row.numbers.update(named=claimed, commit_or_own_code=verified, minimum=minimum)
    if row.status != "pass":
        row.would_change = f"at least {minimum} named maintainers who commit or are in CODEOWNERS"


def _torch_note(row: RubricRow, facts: RepoFacts, context: RubricContext) -> list[str]:
    releases = context.torch
    if releases is None:
        return []
    row.numbers["latest_pytorch"] = releases.latest
    if releases.error or not releases.series:
        row.links.append(releases.source)
        return [releases.describe()]
    row.links.append(
        releases.source.replace("/pypi/torch/json", "/project/torch/")
        if "pypi.org" in releases.source
        else releases.source
    )
    tested = tested_series(facts, releases.series)
    row.numbers["tested_in_ci"] = tested
    if row.id != "pytorch-support":
        return [
            releases.describe()
        ]  # which versions CI names is PyTorch Support's evidence, not counted twice
    named = f"CI workflows name {', '.join(tested)}" if tested else "CI workflows name neither version"
    return [f"{releases.describe()}; {named}"]


def _pytorch_support(
    row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any
) -> None:
    notes = _torch_note(row, facts, context)
    if row.status == "judgement":
        notes.append("a human decides how central PyTorch is to the project")
    row.note = "; ".join(part for part in [row.note, *notes] if part)


def _maintenance(row: RubricRow, facts: RepoFacts, policy: Policy, context: RubricContext, _o: Any) -> None:
    notes = _torch_note(row, facts, context)
    releases = context.torch
    if releases is not None and releases.series:
        specifiers = declared_torch_specifiers(facts)
        left_out = {s for spec in specifiers for s in specifier_excludes(spec, releases.series)}
        excluded = [s for s in releases.series if s in left_out]
        claimed = claimed_series(context.pytorch_version)
        missing_claim = [s for s in releases.series if claimed and s not in claimed]
        if excluded:
            notes.append(f"the declared torch requirement leaves out {', '.join(excluded)}")
        if missing_claim:
            notes.append(
                f"the application claims PyTorch {', '.join(claimed)}, not {', '.join(missing_claim)}"
            )
        if (excluded or missing_claim) and row.status == "pass":
            row.status = "caution"
            row.would_change = f"declared and tested support for PyTorch {' and '.join(releases.series)}"
        row.numbers.update(declared_torch=declared_torch_specifiers(facts), claimed_pytorch=claimed)
    row.note = "; ".join(part for part in [row.note, *notes] if part)


Rule = Callable[[RubricRow, RepoFacts, Policy, RubricContext, Sequence[CheckOutcome]], None]
RULES: Mapping[str, Rule] = {
    "license-file": _license_file,
    "code-of-conduct": _code_of_conduct,
    "governance": _governance,
    "stars": _stars,
    "commit-activity": _commits,
    "active-contributors": _contributors,
    "core-maintainers": _maintainers,
    "pytorch-support": _pytorch_support,
    "maintenance": _maintenance,
}


def suggest_lean(rows: Sequence[RubricRow]) -> tuple[Lean, str]:
    fails = [r for r in rows if r.status == "fail"]
    cautions = [r for r in rows if r.status == "caution"]
    open_questions = [r for r in rows if r.status == "judgement" and r.id not in STANDING_JUDGEMENT]
    judgement = [r for r in rows if r.status == "judgement"]
    if any(r.id in DISQUALIFYING for r in fails):
        names = ", ".join(r.criterion for r in fails if r.id in DISQUALIFYING)
        return "Decline", f"{names} fails: the project does not meet a core requirement"
    if fails and all(r.id in MEASURABLE for r in fails):
        return (
            "Too early",
            f"below the measurable thresholds ({', '.join(r.criterion for r in fails)}); apply again later",
        )
    if fails or cautions or len(open_questions) >= 1:
        parts = []
        if fails:
            parts.append(f"{len(fails)} fail ({', '.join(r.criterion for r in fails[:4])})")
        if cautions:
            parts.append(f"{len(cautions)} caution ({', '.join(r.criterion for r in cautions[:4])})")
        if open_questions:
            parts.append(
                f"{len(open_questions)} open question ({', '.join(r.criterion for r in open_questions)})"
            )
        return "Needs more info", "; ".join(parts) + " to resolve first"
    return "Approve", f"every checkable row passes; a human confirms the {len(judgement)} judgement rows"
