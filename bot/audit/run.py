"""The audit, top to bottom: order the entries, ask GitHub in batches, ask the registries, judge.

    result = audit(client, targets, policy, now, AuditOptions(...), previous_state)

Entries the previous run did not reach go first, so a run that stops on the rate limit is
continued by the next one. Each entry ends up `ok`, `at-risk`, `unknown` (GitHub could not
answer: previous risks are kept), `not-reached` (previous risks kept) or `no-repository`.
An answer with errors in part is judged on what it holds, and the previous risks it cannot
disprove are kept: an entry is never "recovered" on missing data.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.audit.github_pass import fetch_github
from bot.audit.listing import AuditTarget
from bot.audit.model import AuditEntry, AuditResult
from bot.audit.packages import REGISTRY_WORKERS, complete_facts
from bot.audit.progress import Progress
from bot.audit.regressions import carried, current_risks, dated, deadline, grace_days, packages_seen
from bot.audit.shards import Shard
from bot.config import Registries
from bot.facts.licenses import classify
from bot.facts.model import RepoFacts
from bot.github import GitHubClient
from bot.policies.model import Policy
from bot.verdicts import evaluate_entry


@dataclass(frozen=True)
class AuditOptions:
    batch: int = 20  # repositories per GraphQL query (GitHub: 10–20 keeps under its 10 s timeout)
    parallel: int = 3  # GraphQL queries in flight at once
    reserve: int = 50  # GraphQL points left for other work; the audit stops before going below
    registry_workers: int = REGISTRY_WORKERS
    registries: Registries = field(default_factory=Registries)
    docs_url: str | None = None
    shard: Shard | None = None


def ordered(targets: list[AuditTarget], previous: Mapping[str, Any] | None) -> list[AuditTarget]:
    """The previous run's unreached entries first, then the rest, each group by key."""
    waiting = set((previous or {}).get("not_reached") or [])
    return sorted(targets, key=lambda t: (t.key not in waiting, t.key))


def audit(
    client: GitHubClient,
    targets: list[AuditTarget],
    policy: Policy,
    now: datetime,
    options: AuditOptions = AuditOptions(),
    previous: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    mine = [t for t in targets if options.shard is None or options.shard.owns(t.key)]
    order = ordered(mine, previous)
    slugs = list(dict.fromkeys(t.slug for t in order if t.slug))
    progress = progress or Progress(len(slugs), enabled=False)
    today = now.date().isoformat()
    old_risks = (previous or {}).get("risks") or {}
    old_packages = (previous or {}).get("packages") or {}

    def judged(target: AuditTarget, facts: RepoFacts | None) -> AuditEntry:
        return judge(
            target,
            facts,
            policy,
            old_risks.get(target.key),
            today,
            options.docs_url,
            old_packages.get(target.key),
        )

    with RegistryPass(order, options.registries, options.registry_workers, progress, judged) as registries:
        github = fetch_github(
            client,
            slugs,
            now,
            batch=options.batch,
            parallel=options.parallel,
            reserve=options.reserve,
            done=lambda n: progress.advance("GitHub", n),
            landed=registries.start,
        )
    progress.finish()
    # Entries with registry lookups were judged as their lookups ended; the rest now, on whatever
    # GitHub said of them (an error is "could not check", never "ok").
    unlanded = _facts_per_target(order, github.facts)
    entries = [
        registries.judged.get(t.key) or judged(t, registries.per_target.get(t.key) or unlanded.get(t.key))
        for t in order
    ]
    entries.sort(key=lambda e: e.key)
    asked = [slug for slug in slugs if slug in github.facts]
    answered = [slug for slug in asked if github.facts[slug].missing is not None]
    return AuditResult(
        unreachable=_unreachable(asked, answered, github.facts),
        policy=policy.name,
        today=today,
        grace_days=grace_days(policy),
        entries=entries,
        shard=str(options.shard) if options.shard else None,
        stopped=github.stopped,
        requests=dict(client.stats.by_route),
    )


def _unreachable(asked: list[str], answered: list[str], facts: dict[str, RepoFacts]) -> str | None:
    """Why GitHub answered for none of the repositories asked (None: it answered for some, or none was asked)."""
    if not asked or answered:
        return None
    return facts[asked[0]].error or "GitHub did not answer"


def _facts_per_target(order: list[AuditTarget], facts: dict[str, RepoFacts]) -> dict[str, RepoFacts]:
    """Target key → its own facts (two entries naming one repository get a copy)."""
    result: dict[str, RepoFacts] = {}
    used: set[str] = set()
    for target in order:
        if target.slug and target.slug in facts:
            found = facts[target.slug]
            result[target.key] = copy.deepcopy(found) if target.slug in used else found
            used.add(target.slug)
    return result


class RegistryPass:
    """The registry lookups of the entries whose GitHub batch has landed, started as each one lands,
    each entry judged as soon as its lookups end; leaving the `with` block waits for them all."""

    def __init__(
        self,
        order: list[AuditTarget],
        registries: Registries,
        workers: int,
        progress: Progress,
        judge: Callable[[AuditTarget, RepoFacts], AuditEntry],
    ) -> None:
        self.targets: dict[str, list[AuditTarget]] = {}
        for target in order:
            if target.slug:
                self.targets.setdefault(target.slug, []).append(target)
        self.registries = registries
        self.progress = progress
        self.per_target: dict[str, RepoFacts] = {}  # target key → its own facts
        self.judged: dict[str, AuditEntry] = {}  # target key → its entry, once its lookups ended
        self._judge = judge
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="registries")
        self._pending: list[Future[None]] = []
        # The SPDX license index, loaded once while the first GraphQL query is in flight: otherwise
        # the first workers each load it at the same time.
        self._warm = threading.Thread(target=classify, args=("MIT",), name="license-index", daemon=True)
        self._warm.start()

    def start(self, landed: dict[str, RepoFacts]) -> None:
        """Each target of a landed repository gets its own facts (a copy for a second entry naming the
        same repository, taken before any registry fact is added) and, when available, its lookups."""
        for slug, facts in landed.items():
            for index, target in enumerate(self.targets.get(slug, ())):
                own = facts if index == 0 else copy.deepcopy(facts)
                with self._lock:
                    self.per_target[target.key] = own
                    if own.available and own.missing is False:  # GitHub answered for it
                        self._pending.append(self._pool.submit(self._complete, own, target))

    def _complete(self, facts: RepoFacts, target: AuditTarget) -> None:
        self._warm.join()
        complete_facts(facts, target.claims, self.registries)
        self.progress.advance("registries", 1)
        entry = self._judge(target, facts)  # the checks' CPU while other lookups wait on the network
        with self._lock:
            self.judged[target.key] = entry

    def __enter__(self) -> RegistryPass:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for future in list(self._pending):
                future.result()
        finally:
            self._pool.shutdown(wait=True)


def judge(
    target: AuditTarget,
    facts: RepoFacts | None,
    policy: Policy,
    previous: Mapping[str, Any] | None,
    today: str,
    docs_url: str | None,
    previous_packages: Any = None,
) -> AuditEntry:
    entry = AuditEntry(
        key=target.key,
        name=target.name,
        file=target.file,
        line=target.line,
        repository=target.slug,
        url=f"https://github.com/{target.slug}" if target.slug else None,
        status="ok",
    )
    if target.slug is None:
        entry.status = "no-repository"
        entry.reason = target.problems[0].message if target.problems else "the entry names no repository"
        return entry
    seen_before = sorted({str(p) for p in previous_packages or [] if isinstance(p, str)})
    entry.packages = seen_before
    if facts is None:
        entry.status, entry.reason = "not-reached", "not reached before the GitHub budget ran low"
    elif facts.missing is None:  # GitHub said nothing about this repository: an outage, not a finding
        entry.status, entry.reason = "unknown", facts.error or "GitHub could not answer"
    if entry.status != "ok" or facts is None:
        entry.risks = carried(previous)
        entry.deadline = deadline(entry.risks, policy)
        return entry
    verdict = evaluate_entry(policy, facts, list(target.problems), target.name, docs_url)
    statuses = {o.check_id: o.result.status for o in verdict.checks}
    entry.url = facts.url
    entry.verdict, entry.reason = verdict.verdict, verdict.reason
    found = current_risks(policy, facts, statuses, seen_before)
    entry.risks = dated(found, previous, today)
    if facts.error:  # part of the answer is missing: what it cannot show is kept, never "recovered"
        entry.risks += [risk for risk in carried(previous) if risk.kind not in found]
        entry.risks.sort(key=lambda risk: risk.kind)
        entry.reason = f"{entry.reason}; could not check everything: {facts.error}"
    entry.packages = sorted(set(seen_before) | set(packages_seen(facts)))
    entry.deadline = deadline(entry.risks, policy)
    entry.status = "at-risk" if entry.risks else ("unknown" if facts.error else "ok")
    entry.recovered = bool(previous) and not entry.risks and not facts.error
    return entry
