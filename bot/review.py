"""The pipeline, top to bottom: entries → facts → verdicts (→ report → publish, in bot.commands.run).

`review` reads like DESIGN.md's diagram. Only `read_catalog_changes` and `gather_facts` do I/O
(through the one GitHub client and the registries); everything else is plain data in, plain data out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from bot.applications.activity import Activity
from bot.applications.rubric import Rubric
from bot.applications.torch import torch_releases
from bot.applications.vet import read_catalog_rubric_inputs, repository_rubric, speaks_rubric
from bot.catalog import (
    CatalogFormat,
    CatalogRecord,
    CatalogSettings,
    ContextRequest,
    FileChange,
    catalog_format,
    duplicates_after_rename,
)
from bot.catalog.change import matches
from bot.catalog.claims import entry_claims
from bot.catalog.entry import Entry, Problem
from bot.catalog_paths import directory_of, is_literal
from bot.config import Config
from bot.facts.gather import FactsRequest, gather
from bot.facts.github import REST_FACTS
from bot.facts.model import RepoFacts
from bot.github import MAX_CONNECTIONS, GitHubClient
from bot.policies.model import Policy
from bot.pull_request import BlobRequest, PullRequest, read_blobs
from bot.verdicts import EntryVerdict, evaluate_entry

log = logging.getLogger(__name__)

MAX_PARALLEL_REPOSITORIES = 4


@dataclass
class EntryReview:
    entry: Entry
    facts: RepoFacts | None  # None: nothing to vet (invalid repository, or a removed entry)
    verdict: EntryVerdict | None
    rubric: Rubric | None = None  # the Working Group's 19 rows, under a policy that has them


@dataclass
class Review:
    repository: str
    number: int
    head_sha: str
    base_sha: str
    policy: Policy
    now: datetime
    entries: list[EntryReview] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)  # problems not tied to one entry

    @property
    def touches_catalog(self) -> bool:
        return bool(self.entries or self.removed or self.file_problems)


def review(client: GitHubClient, pr: PullRequest, config: Config, policy: Policy, now: datetime) -> Review:
    result = Review(pr.repository, pr.number, pr.head_sha, pr.base_sha, policy, now)
    settings, settings_problems = CatalogSettings.from_mapping(config.catalog, config.source)
    if any(problem.severity == "error" for problem in settings_problems):
        result.file_problems = list(settings_problems)
        return result
    catalog = catalog_format(settings, policy.category_values(settings.format), policy.multiple_categories)
    read = read_catalog_changes(client, pr, catalog)
    result.file_problems = read.problems
    result.removed = [entry for entry in read.entries if entry.change == "removed"]
    to_vet = [entry for entry in read.entries if entry.change != "removed"]
    facts = gather_facts(client, to_vet, config, now, rest_facts_for(policy))
    rubric_inputs = read_catalog_rubric_inputs(client, policy, list(facts.values()), now)
    for entry in to_vet:
        entry_facts = facts.get(id(entry))
        if entry_facts is not None and entry_facts.renamed_to:
            entry.problems += duplicates_after_rename(entry, entry_facts.renamed_to, read.records)
        verdict = evaluate_entry(
            policy, entry_facts, entry.problems, entry.name or entry.file, config.docs_url
        )
        result.entries.append(EntryReview(entry, entry_facts, verdict))
    add_catalog_rubrics(result, rubric_inputs, config.registries.pypi_url)
    return result


def add_catalog_rubrics(result: Review, activities: Mapping[int, Activity | None], pypi_url: str) -> None:
    """Under a policy with the rubric's rows, each vetted entry of a catalog PR gets its rubric (in
    place). Entries whose repository could not be read get none: their section already says so."""
    if not speaks_rubric(result.policy):
        return
    for item in result.entries:
        if item.verdict is None or item.facts is None or not item.facts.available:
            continue
        activity = activities.get(id(item.facts))
        torch = torch_releases(pypi_url)  # read once per run (cached)
        item.rubric = repository_rubric(result.policy, item.facts, item.verdict, result.now, torch, activity)


@dataclass
class CatalogRead:
    """What the PR changes in the catalog, and what was read to find it."""

    catalog: CatalogFormat
    entries: list[Entry]
    problems: list[Problem]  # files that could not be read
    changes: list[FileChange] = field(default_factory=list)
    context: dict[str, bytes] = field(default_factory=dict)

    @cached_property
    def records(self) -> list[CatalogRecord]:
        """The whole catalog after the PR; parsed only when needed (a renamed repository)."""
        return self.catalog.records(self.changes, self.context)


def read_catalog_changes(client: GitHubClient, pr: PullRequest, catalog: CatalogFormat) -> CatalogRead:
    """The entries the PR adds, changes or removes, parsed from the files at head and base."""
    changed = [file for file in pr.files if catalog.owns(file.path)]
    if not changed:
        return CatalogRead(catalog, [], [])
    wanted: list[BlobRequest] = []
    for file in changed:
        if file.status != "removed":
            wanted.append(BlobRequest(pr.head_sha, file.path))
        if file.status != "added":
            wanted.append(BlobRequest(pr.base_sha, file.previous_path or file.path))
    context_requests: list[ContextRequest] = catalog.context_paths()
    for request in context_requests:
        ref = pr.base_sha if request.ref == "base" else pr.head_sha
        if is_literal(request.pattern):
            wanted.append(BlobRequest(ref, request.pattern))  # one file: not its whole folder
        else:
            wanted.append(BlobRequest(ref, directory_of(request.pattern), tree=True, texts=request.contents))
    blobs, trees = read_blobs(client, pr.repository, list(dict.fromkeys(wanted)), pr.prefetched)
    changes, problems = [], []
    for file in changed:
        head = blobs.get((pr.head_sha, file.path))
        base = blobs.get((pr.base_sha, file.previous_path or file.path))
        if file.status != "removed" and head is not None and head.content is None:
            problems.append(Problem(file.path, 1, 1, "", f"the file could not be read: {head.problem}"))
            continue
        base_content = base.content if base else None
        head_content = head.content if head else None
        changes.append(FileChange(file.path, file.status, head_content, base_content, file.previous_path))
    context: dict[str, bytes] = {}
    head_paths: set[str] = set()
    for request in context_requests:
        ref = pr.base_sha if request.ref == "base" else pr.head_sha
        if is_literal(request.pattern):
            blob = blobs.get((ref, request.pattern))
            found = {request.pattern: blob.content} if blob and blob.problem is None else {}
        else:
            listing = trees.get((ref, directory_of(request.pattern)))
            found = listing.files if listing else {}
        for path, content in found.items():
            if not matches(path, [request.pattern]):
                continue
            if request.ref == "head":
                head_paths.add(path)
            elif content is not None:
                context[path] = content
    return CatalogRead(catalog, catalog.entries(changes, context, head_paths), problems, changes, context)


# The REST-only facts some checks alone read, by check; the file tree, which many checks read, always.
REST_FACT_CHECKS = {"contributors": ("COMM-011",), "sbom": ("LIC-004",)}


def rest_facts_for(policy: Policy) -> frozenset[str]:
    """The REST-only facts the policy's checks read: no request for a fact no enabled check uses."""
    enabled = {spec.id for _, spec in policy.specs()}
    return frozenset({"tree"} | {fact for fact, ids in REST_FACT_CHECKS.items() if enabled & set(ids)})


def gather_facts(
    client: GitHubClient,
    entries: Sequence[Entry],
    config: Config,
    now: datetime,
    rest: frozenset[str] = REST_FACTS,
) -> dict[int, RepoFacts]:
    """Facts for every entry with a usable repository, several repositories at once."""
    vettable = [entry for entry in entries if entry.slug]
    if not vettable:
        return {}

    def one(entry: Entry) -> RepoFacts:
        request = FactsRequest(
            slug=entry.slug or "",
            claims=entry_claims(entry),
            pypi_url=config.registries.pypi_url,
            anaconda_url=config.registries.anaconda_url,
            check_links=config.check_links,
            allow_private_links=config.allow_private_links,
            max_link_probes=config.max_link_probes,
            links_deadline=config.links_deadline,
            github_rest=rest,
        )
        return gather(client, request, now)

    # One GitHub connection per repository read at once: a repository's requests (GraphQL, then its
    # REST reads) take turns on one kept-alive connection rather than each opening its own.
    parallel = min(MAX_PARALLEL_REPOSITORIES, len(vettable))
    client.lanes.resize(parallel)
    # One deadline for the whole review: an entry not read by then is "could not check", and the
    # review goes on (its worker ends on its own, each request and probe being bounded too).
    pool = ThreadPoolExecutor(max_workers=parallel)
    futures = [pool.submit(one, entry) for entry in vettable]
    wait(futures, timeout=config.review_deadline)
    pool.shutdown(wait=False, cancel_futures=True)
    client.lanes.resize(MAX_CONNECTIONS)  # the writes must not wait behind a late entry's reads
    return {
        id(entry): future.result() if future.done() and not future.cancelled() else _late(entry, config, now)
        for entry, future in zip(vettable, futures, strict=True)
    }


def _late(entry: Entry, config: Config, now: datetime) -> RepoFacts:
    facts = RepoFacts(repository=entry.slug or "", url=entry.repository or "", now=now.isoformat())
    facts.available = False
    facts.error = (
        f"not read within the review's time budget ({config.review_deadline:g} s, setting "
        "`review-deadline`); comment /recheck to try again"
    )
    return facts
