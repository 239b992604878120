"""What puts a listed project at risk, and how that compares with the previous audit.

Risk kinds (each with a one-line detail):
- `gone`: GitHub has no such repository, or it is private;
- `moved`: the repository was renamed or transferred; the detail is the new URL;
- `archived`: archived or disabled on GitHub;
- `license`: the license is one the policy refuses (LIC-002 fails; GitHub's NOASSERTION is settled
  by the license file's text, read in the same batch, or the registry's `license_expression`), the
  entry claims a license the policy refuses, or the repository has no license file at all; the
  detail says which source decided;
- `inactive`: no commit or release within the policy's window (MAINT-007 fails, when the policy
  has it); otherwise no commit within the policy's window (MAINT-002 fails) and no release within
  its window either (MAINT-003 does not pass);
- `ci-red`: the default branch's head has failing checks;
- `package-removed` / `package-yanked`: the PyPI or conda-forge package the entry names (or the
  repository's packaging declares) is gone, or every file of its latest release is yanked.
  "Removed" only for a package a previous audit saw (the state keeps them): a name that never
  existed (e.g. guessed from the repository's name) was never removed.

Unknown facts are never a risk: an entry that could not be checked keeps its previous risks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.criteria import license_terms
from bot.criteria.registry import all_checks
from bot.facts.model import PackageFacts, RepoFacts
from bot.facts.repo_files import license_files
from bot.policies.model import Policy

RISK_TITLES = {
    "gone": "repository gone",
    "moved": "repository moved",
    "archived": "archived",
    "license": "license refused",
    "inactive": "no recent commit or release",
    "ci-red": "CI failing",
    "package-removed": "package removed",
    "package-yanked": "package yanked",
}
DEFAULT_GRACE_DAYS = 30  # when the policy has no `rereview` (pytorch-2019): the TAC's 30 days


@dataclass(frozen=True)
class Risk:
    kind: str
    detail: str
    since: str  # YYYY-MM-DD: the first audit that saw it
    new: bool = False  # first seen by this audit

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "since": self.since, "new": self.new}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Risk:
        return cls(str(data["kind"]), str(data["detail"]), str(data["since"]), bool(data.get("new")))


def grace_days(policy: Policy) -> int:
    return policy.rereview.grace_days if policy.rereview else DEFAULT_GRACE_DAYS


def deadline(risks: list[Risk], policy: Policy) -> str | None:
    """The grace deadline: the earliest `since` plus the policy's grace days."""
    if not risks:
        return None
    first = min(date.fromisoformat(r.since) for r in risks)
    return (first + timedelta(days=grace_days(policy))).isoformat()


def check_status(policy: Policy, statuses: Mapping[str, str], check_id: str, facts: RepoFacts) -> str:
    """The check's status as the review saw it; a check the policy leaves out runs with its defaults."""
    if check_id in statuses:
        return statuses[check_id]
    check = all_checks().get(check_id)
    if check is None:
        return "unknown"
    return check.evaluate(facts, dict(check.defaults)).status


def package_key(package: PackageFacts) -> str:
    return f"{package.registry}:{package.name.lower()}"


def packages_seen(facts: RepoFacts) -> list[str]:
    """`registry:name` of each package this audit found on its registry."""
    return [package_key(p) for p in (facts.pypi, facts.conda) if p is not None and p.exists]


def _package_risks(package: PackageFacts | None, found: dict[str, str], seen: Collection[str]) -> None:
    if package is None:
        return
    where = f"{package.name} on {'PyPI' if package.registry == 'pypi' else package.registry}"
    if package.exists is False and package_key(package) in seen:
        found["package-removed"] = _join(found.get("package-removed"), where)
    elif package.exists and package.yanked:
        found["package-yanked"] = _join(found.get("package-yanked"), where)


def _join(before: str | None, more: str) -> str:
    return f"{before}; {more}" if before else more


def current_risks(
    policy: Policy, facts: RepoFacts, statuses: Mapping[str, str], seen_packages: Collection[str] = ()
) -> dict[str, str]:
    """kind → detail of every risk the facts show (an empty dict: nothing wrong that is known)."""
    found: dict[str, str] = {}
    if facts.missing or (facts.missing is False and not facts.available):
        found["gone"] = "not found on GitHub, or private"
        return found
    if facts.renamed_to:
        found["moved"] = f"now https://github.com/{facts.renamed_to}"
    if facts.archived or facts.disabled:
        found["archived"] = "archived on GitHub" if facts.archived else "disabled on GitHub"
    license_risk = _license_risk(policy, facts, statuses)
    if license_risk:
        found["license"] = license_risk
    commit = check_status(policy, statuses, "MAINT-002", facts)
    release = check_status(policy, statuses, "MAINT-003", facts)
    if "MAINT-007" in statuses:
        inactive = statuses["MAINT-007"] == "fail"
    else:
        inactive = commit == "fail" and release in ("fail", "warn")
    if inactive:
        last = (facts.head_committed_at or "?")[:10]
        found["inactive"] = f"last commit {last}, no release within the window"
    if facts.head_ci_state in ("FAILURE", "ERROR"):
        found["ci-red"] = f"checks on {facts.default_branch or 'the default branch'}: {facts.head_ci_state}"
    _package_risks(facts.pypi, found, seen_packages)
    _package_risks(
        facts.conda, found, seen_packages
    )  # a miss under a name guessed from PyPI's is unknown, not removed
    return found


LICENSE_SOURCES = {
    "github": "GitHub's detection",
    "license-file": "the license file's text",
    "pypi-license-expression": "PyPI's license_expression",
    "pypi-classifiers": "PyPI's License classifiers",
    "pyproject": "pyproject.toml's project.license",
}


def _allowed_licenses(policy: Policy) -> list[str]:
    spec = policy.spec("LIC-002")
    check = all_checks().get("LIC-002")
    params = dict(check.defaults) if check else {}
    if spec is not None:
        params.update(spec.params)
    return [str(item) for item in params.get("allowed_licenses") or []]


def _license_risk(policy: Policy, facts: RepoFacts, statuses: Mapping[str, str]) -> str | None:
    """The repository's license refused, the entry's claimed license refused, or no license at all."""
    info = facts.license
    if check_status(policy, statuses, "LIC-002", facts) == "fail":
        source = LICENSE_SOURCES.get(info.source, info.source) if info else "unknown"
        return f"{info.spdx if info else 'unknown'} is not allowed by {policy.name} (decided by {source})"
    claim = str(facts.claims.get("license") or "").strip()
    if claim and license_terms.is_allowed(claim, _allowed_licenses(policy)) is False:
        return f"the entry claims {claim}, which {policy.name} does not allow (decided by the entry's claim)"
    no_file = facts.root_files is not None and not license_files(facts.root_files)
    if (
        facts.missing is False
        and facts.github_license is None
        and no_file
        and (info is None or not info.spdx)
    ):
        return "no license file: GitHub detects none and the repository root has none"
    return None


def dated(found: Mapping[str, str], previous: Mapping[str, Any] | None, today: str) -> list[Risk]:
    """Risks with the date each was first seen: kept from the previous state, else today (new)."""
    before = previous if isinstance(previous, Mapping) else {}
    risks = []
    for kind in sorted(found):
        old = before.get(kind)
        since = old.get("since") if isinstance(old, Mapping) else None
        if isinstance(since, str) and _is_day(since):
            risks.append(Risk(kind, found[kind], since, new=False))
        else:
            risks.append(Risk(kind, found[kind], today, new=True))
    return risks


def carried(previous: Mapping[str, Any] | None) -> list[Risk]:
    """The previous audit's risks, unchanged (for an entry this run could not check)."""
    if not isinstance(previous, Mapping):
        return []
    risks = []
    for kind in sorted(previous):
        old = previous[kind]
        if isinstance(old, Mapping) and _is_day(str(old.get("since"))) and kind in RISK_TITLES:
            risks.append(Risk(kind, str(old.get("detail") or ""), str(old["since"]), new=False))
    return risks


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
