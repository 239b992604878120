"""The rubric of one vetted repository, as application issues, catalog PRs and `vet` all build it.

Any policy whose criteria cover the rubric's 19 rows (pytorch-tac-v1) gets it: an application issue's
comment, each entry of a catalog PR's comment and JSON report, and `vet` (text and `--json`), so a
maintainer can run the review locally before applying. The texts the rules read and the complete
90-day counts are fetched here, once per repository; the rules themselves are bot.applications.rubric.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from bot.applications.activity import Activity, recent_activity
from bot.applications.rubric import ROWS, Rubric, RubricContext, build_rubric
from bot.applications.torch import TorchReleases, torch_releases
from bot.criteria.checks.community import find_file
from bot.facts.model import FileText, RepoFacts
from bot.github import GitHubClient, GitHubError
from bot.policies.model import Policy
from bot.repository_files import read_text_file
from bot.verdicts import EntryVerdict

log = logging.getLogger("ecosystem-bot")
EXTRA_TEXTS = ("CODE_OF_CONDUCT", "CONTRIBUTING", "CODEOWNERS", "GOVERNANCE")
MAX_PARALLEL_REPOSITORIES = 4


def speaks_rubric(policy: Policy) -> bool:
    ids = {criterion.id for criterion in policy.criteria}
    return all(row_id in ids for row_id, _ in ROWS)


def add_texts(client: GitHubClient, facts: RepoFacts) -> None:
    """Texts the rubric's rules read that the facts do not hold: code of conduct, CONTRIBUTING,
    CODEOWNERS, governance (the Contributor Covenant rule, informal governance, named owners)."""
    for kind in EXTRA_TEXTS:
        path, anywhere = find_file(facts, kind, [".", ".github", "docs"])
        path = path or (anywhere[0] if anywhere else None)
        if not path or path in facts.files:
            continue
        try:
            text = read_text_file(client, facts.repository, path, facts.head_sha)
        except GitHubError as error:
            log.warning("ecosystem-bot: could not read %s of %s: %s", path, facts.repository, error.message)
            continue
        if text is not None:
            facts.files[path] = FileText(path=path, text=text, size=len(text))


def read_rubric_inputs(client: GitHubClient | None, facts: RepoFacts, now: datetime) -> Activity | None:
    """What the rubric reads beyond the facts, when a client can (GitHub): the texts its rules read
    (added to the facts) and the complete 90-day counts. None: no client, or nothing to read."""
    if client is None or not facts.available:
        return None
    add_texts(client, facts)
    return recent_activity(client, facts.repository, now)


def repository_rubric(
    policy: Policy,
    facts: RepoFacts,
    verdict: EntryVerdict,
    now: datetime,
    torch: TorchReleases | None,
    activity: Activity | None,
    maintainers: list[str] | None = None,
    pytorch_version: str | None = None,
) -> Rubric:
    """The 19 rows and lean for one repository. `maintainers` and `pytorch_version` are an
    application's claims (None for a catalog entry or `vet`: the checks decide those rows)."""
    context = RubricContext(
        observed=now.date().isoformat(),
        activity=activity,
        torch=torch,
        maintainers=maintainers,
        pytorch_version=pytorch_version,
    )
    return build_rubric(verdict, facts, policy, context)


def vet_rubric(
    policy: Policy,
    facts: RepoFacts,
    verdict: EntryVerdict,
    pypi_url: str,
    now: datetime,
    activity: Activity | None,
) -> Rubric | None:
    """`vet`'s rubric, or None under a policy without the rubric's rows."""
    if not speaks_rubric(policy):
        return None
    return repository_rubric(policy, facts, verdict, now, torch_releases(pypi_url), activity)


def read_catalog_rubric_inputs(
    client: GitHubClient, policy: Policy, facts: Collection[RepoFacts], now: datetime
) -> dict[int, Activity | None]:
    """A catalog PR's `read_rubric_inputs` for every vetted repository (several at once), keyed by
    id(facts); nothing is read under a policy without the rubric's rows. Read before the verdicts,
    as for an application, so the checks and the rules see the same texts."""
    readable = [item for item in facts if item.available]
    if not speaks_rubric(policy) or not readable:
        return {}
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_REPOSITORIES, len(readable))) as pool:
        activities = list(pool.map(lambda item: read_rubric_inputs(client, item, now), readable))
    return {id(item): activity for item, activity in zip(readable, activities, strict=True)}
