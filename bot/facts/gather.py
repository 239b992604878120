"""All facts about one project: a source (GitHub or a local checkout), its packages, its license.

Requests that do not depend on each other run at the same time: when the entry claims its
package names, PyPI and anaconda.org are asked while the GitHub requests are in flight;
otherwise the names come from the repository's packaging files, and the registries are asked as
soon as those are read (GitHub's GraphQL answer), while its REST reads are still in flight. With
only its PyPI name claimed, conda-forge is asked at once under that name (its name unless a conda
recipe says otherwise; then the recipe's name is asked too, and the first answer goes unused).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.facts.github import REST_FACTS, gather_github
from bot.facts.licenses import resolve_license
from bot.facts.links import LinkPolicy, check_links
from bot.facts.local import gather_local
from bot.facts.model import LinkCheck, PackageFacts, RepoFacts
from bot.facts.package_names import find_package_names
from bot.facts.registries import fetch_conda, fetch_pypi, links_back
from bot.github import GitHubClient
from bot.registry_urls import ANACONDA_URL, PYPI_URL
from bot.repository_url import normalise_repository_url

LINK_CLAIMS = ("homepage", "homepage_url", "docs", "documentation", "tutorials")
_SLUG = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


@dataclass
class FactsRequest:
    """What to gather. `slug` names a GitHub repository; `path`, when set, a local checkout instead."""

    slug: str
    claims: dict[str, Any] = field(default_factory=dict)
    pypi_url: str = PYPI_URL
    anaconda_url: str = ANACONDA_URL
    check_links: bool = False  # ask whether the URLs the entry claims answer (bot.facts.links)
    allow_private_links: bool = False  # loopback allowed: the simulator, the demo and tests only
    max_link_probes: int = LinkPolicy.max_probes  # URLs probed per entry, the rest not checked
    links_deadline: float = LinkPolicy.deadline  # seconds for all of the entry's probes together
    path: str | None = None
    license_overrides: Mapping[str, str] = field(default_factory=dict)
    github_rest: frozenset[str] = REST_FACTS  # the REST-only facts to read (see rest_facts_for)


class TargetError(ValueError):
    """The target names neither a GitHub repository nor a local directory."""


def parse_target(text: str) -> tuple[str, str | None]:
    """`OWNER/REPO`, a GitHub URL or a directory → (slug or path as given, local path or None)."""
    candidate = text.strip()
    if not candidate:
        raise TargetError("no repository given: write OWNER/REPO, a GitHub URL or a path")
    if Path(candidate).expanduser().is_dir():
        return candidate, candidate
    if _SLUG.match(candidate) and "://" not in candidate:
        return candidate, None
    normalised = normalise_repository_url(candidate)
    if normalised.url is None:
        raise TargetError(
            f"{candidate!r} is not OWNER/REPO, a GitHub repository URL or an existing directory"
            + (f" ({normalised.error})" if normalised.error else "")
        )
    return normalised.url.removeprefix("https://github.com/"), None


def _claimed(claims: Mapping[str, Any], key: str) -> str | None:
    value = claims.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def claimed_urls(claims: Mapping[str, Any]) -> list[str]:
    """The web addresses the entry claims (homepage, documentation, tutorials), in order."""
    urls: list[str] = []
    for key in LINK_CLAIMS:
        value = claims.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip().lower().startswith(("http://", "https://")):
                urls.append(item.strip())
    return urls


def _links(request: FactsRequest) -> dict[str, LinkCheck]:
    if not request.check_links:
        return {}
    policy = LinkPolicy(
        allow_loopback=request.allow_private_links,
        max_probes=request.max_link_probes,
        deadline=request.links_deadline,
    )
    return check_links(claimed_urls(request.claims), policy)


def _source(
    client: GitHubClient | None,
    request: FactsRequest,
    now: datetime,
    files_read: Callable[[RepoFacts], None],
) -> RepoFacts:
    if request.path is not None:
        return gather_local(request.path, now)
    if client is None:
        facts = RepoFacts(
            repository=request.slug, url=f"https://github.com/{request.slug}", now=now.isoformat()
        )
        facts.error = "no GitHub client: set GITHUB_TOKEN to read the repository from GitHub"
        return facts
    return gather_github(client, request.slug, now, request.github_rest, files_read)


@dataclass
class _Lookups:
    """One project's registry lookups: a claimed name's at once, the others as soon as the
    repository's files are read (the package names are in them), while the rest is still read.

    Two threads use it without a lock: `start_claimed` and the answers are the gathering thread's,
    `files_read` the source's; each future is set by one of them, before the answers are read."""

    pool: ThreadPoolExecutor
    request: FactsRequest
    now: datetime
    pypi: Future[PackageFacts] | None = None
    conda: Future[PackageFacts] | None = None
    conda_guess: Future[PackageFacts] | None = None
    names: dict[str, str] | None = None
    claimed_pip: str | None = field(init=False)
    claimed_conda: str | None = field(init=False)
    # With a PyPI name and no conda one claimed, the conda-forge name is the PyPI one, lowercased
    # (`find_package_names`), unless a recipe in the files names another package.
    guessed_conda_name: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.claimed_pip = _claimed(self.request.claims, "pip")
        self.claimed_conda = _claimed(self.request.claims, "conda")
        pip, conda = self.claimed_pip, self.claimed_conda
        self.guessed_conda_name = pip.lower() if pip and not conda else None

    def start_claimed(self) -> None:
        """The claimed names' lookups, and conda-forge's under the guessed name."""
        if self.claimed_pip:
            self.pypi = self.pool.submit(fetch_pypi, self.claimed_pip, self.request.pypi_url, now=self.now)
        if self.claimed_conda:
            self.conda = self.pool.submit(fetch_conda, self.claimed_conda, self.request.anaconda_url)
        if self.guessed_conda_name:
            self.conda_guess = self.pool.submit(
                fetch_conda, self.guessed_conda_name, self.request.anaconda_url
            )

    def files_read(self, facts: RepoFacts) -> None:
        """Called once per project, by the thread reading its source: the lookups of the names the
        entry does not claim and nobody guessed."""
        self.names = find_package_names(facts, dict(self.request.claims))
        if not self.claimed_pip and "pypi" in self.names:
            self.pypi = self.pool.submit(fetch_pypi, self.names["pypi"], self.request.pypi_url, now=self.now)
        conda = self.names.get("conda")
        if conda and not self.claimed_conda and conda != self.guessed_conda_name:
            self.conda = self.pool.submit(fetch_conda, conda, self.request.anaconda_url)

    def conda_answer(self) -> PackageFacts | None:
        """The lookup of the conda name found: claimed, read from the files, or the guess when it
        was right (a wrong guess's answer goes unused)."""
        if self.conda is not None:
            return self.conda.result()
        found = (self.names or {}).get("conda")
        if self.conda_guess is not None and found is not None and found == self.guessed_conda_name:
            return self.conda_guess.result()
        return None


def gather(client: GitHubClient | None, request: FactsRequest, now: datetime) -> RepoFacts:
    """Facts about the requested project as of `now`: source, registries, license resolution."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        lookups = _Lookups(pool, request, now)
        source = pool.submit(_source, client, request, now, lookups.files_read)  # first: the longest
        lookups.start_claimed()
        links = pool.submit(_links, request)
        facts = source.result()
        facts.claims = dict(request.claims)
        if lookups.names is None:  # a local checkout, or no GitHub: the files are all read now
            lookups.files_read(facts)
        names = facts.package_names = lookups.names or {}
        facts.pypi = lookups.pypi.result() if lookups.pypi else None
        facts.conda = lookups.conda_answer()
        facts.links = links.result()
    if facts.pypi is not None:
        facts.sources["pypi"] = "pypi"
        if facts.pypi.exists and facts.url.startswith("https://github.com/"):
            facts.pypi.links_back = links_back(facts.pypi, facts.url)
    if facts.conda is not None:
        facts.sources["conda"] = "conda"
        if facts.conda.exists is False and names.get("conda_from", "").endswith("(PyPI name)"):
            # Only the PyPI name was tried: a miss proves nothing, conda-forge names often differ.
            facts.conda.exists = None
            facts.conda.error = (
                f"no conda-forge package is named {facts.conda.name} (the PyPI name); "
                "the entry can name its conda package"
            )
    facts.license = resolve_license(facts, request.license_overrides)
    facts.sources["license"] = facts.license.source
    return facts
