"""RepoFacts: everything the checks may know about a project, gathered once, JSON-serialisable.

A value of None means "unknown" (could not be checked), never "zero" or "no".
`sources` says where each top-level fact came from ("github-graphql", "github-rest",
"git", "pypi", "conda", "entry", ...), so a report can say which source decided.
`not_provided` names the facts the source cannot provide at all (a local checkout has no stars,
no archived flag, no CI status): those are not checked, which is not the same as unknown (a
source that should have answered did not).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class CommitAuthor:
    """One author of recent commits on the default branch."""

    key: str  # login when known, else the e-mail or name
    commits: int
    is_bot: bool


@dataclass
class Release:
    tag: str
    published_at: str | None  # ISO 8601
    prerelease: bool = False


@dataclass
class IssueResponse:
    """An issue opened by someone and the first reply by anyone else (None: no reply yet)."""

    number: int | None
    created_at: str
    first_response_at: str | None


@dataclass
class FileText:
    """A file of the repository at the reviewed commit; text is None when binary or too large."""

    path: str
    text: str | None
    size: int | None = None


@dataclass
class Dependency:
    """A dependency from the repository's SBOM (SPDX), with its declared license."""

    name: str
    version: str | None
    license: str | None  # SPDX expression, None when NOASSERTION or missing


@dataclass
class PackageFacts:
    """A package on PyPI or conda-forge."""

    registry: str  # "pypi" | "conda-forge"
    name: str
    exists: bool | None  # None: the registry could not be asked
    url: str | None = None
    version: str | None = None
    last_upload: str | None = None
    has_wheel: bool | None = None
    has_sdist: bool | None = None
    yanked: bool | None = None
    requires_torch: bool | None = None
    license_expression: str | None = None
    license_classifiers: list[str] = field(default_factory=list)
    project_urls: dict[str, str] = field(default_factory=dict)
    platforms: list[str] = field(default_factory=list)
    error: str | None = None
    links_back: bool | None = None  # project URLs point at the repository (None: not compared)


@dataclass
class LicenseFacts:
    """The project's license as resolved from all sources."""

    spdx: str | None  # SPDX expression, None when unknown
    tier: str  # permissive | weak-copyleft | strong-copyleft | network-copyleft | not-open-source | unknown
    source: str  # which source decided: "github", "license-file", "pypi-license-expression", ...
    file: str | None = None  # path of the license file, when one was found
    confidence: float | None = None  # text-matching score, for local checkouts
    note: str | None = None
    needs_review: bool = False  # the license file adds or mixes terms: a reviewer decides (manual)
    readme_section: str | None = None  # the README's license section, context for that reviewer


@dataclass
class LinkCheck:
    """Whether a URL claimed by the entry (homepage, documentation, tutorial) answers."""

    url: str
    ok: bool | None  # None: not checked (refused address, or checking disabled)
    status: int | None = None
    note: str | None = None  # e.g. "refused: loopback address", "timeout after 5 s"


@dataclass
class RepoFacts:
    repository: str  # owner/repo as asked
    url: str  # https://github.com/owner/repo (after following a rename)
    now: str  # the run's single clock reading, ISO 8601 UTC
    available: bool = True  # False: missing, private, or could not be read at all
    error: str | None = None  # why facts are missing (message for the report)
    renamed_to: str | None = None  # owner/repo when GitHub redirected
    missing: bool | None = None  # True: GitHub has no such repository (or hides it); None: could not ask
    sources: dict[str, str] = field(default_factory=dict)
    not_provided: dict[str, str] = field(default_factory=dict)  # fact → why the source has none

    archived: bool | None = None
    fork: bool | None = None
    disabled: bool | None = None
    created_at: str | None = None
    pushed_at: str | None = None
    description: str | None = None
    homepage: str | None = None
    topics: list[str] | None = None
    stars: int | None = None
    forks: int | None = None

    default_branch: str | None = None
    head_sha: str | None = None
    head_committed_at: str | None = None
    head_ci_state: str | None = (
        None  # SUCCESS | FAILURE | ERROR | PENDING | EXPECTED | NONE (no checks) | None
    )
    commits_90d: int | None = None
    commits_365d: int | None = None
    recent_authors: list[CommitAuthor] | None = None  # authors of commits in the last 365 days
    recent_authors_90d: list[CommitAuthor] | None = None  # authors of commits in the last 90 days
    contributors: int | None = None  # all-time, including anonymous

    releases: list[Release] | None = None  # newest first
    release_count: int | None = None
    tag_count: int | None = None

    open_issues: int | None = None
    closed_issues: int | None = None
    open_pull_requests: int | None = None
    issue_responses: list[IssueResponse] | None = None

    root_files: list[str] | None = None  # names in the repository root
    files: dict[str, FileText] = field(default_factory=dict)  # texts fetched: README, LICENSE, pyproject …
    community_files: dict[str, str] | None = None  # kind (README, CONTRIBUTING, …) → path
    workflows: dict[str, str] | None = None  # .github/workflows/*.yml path → text
    tree: list[str] | None = None  # every path at HEAD (recursive), None when unknown
    tree_truncated: bool = False

    license: LicenseFacts | None = None
    github_license: str | None = None  # GitHub's spdxId as reported (NOASSERTION kept)
    dependencies: list[Dependency] | None = None  # from the SBOM

    claims: dict[str, Any] = field(default_factory=dict)  # what the entry claims: license, pip, conda, …
    links: dict[str, LinkCheck] = field(default_factory=dict)  # claimed URL → whether it answers

    package_names: dict[str, str] = field(default_factory=dict)  # "pypi"/"conda" → name, and where from
    pypi: PackageFacts | None = None
    conda: PackageFacts | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoFacts:
        """Rebuild from `to_json` output (used by tests and the audit's saved state)."""
        data = dict(data)
        nested: dict[str, Any] = {
            "recent_authors": CommitAuthor,
            "recent_authors_90d": CommitAuthor,
            "releases": Release,
            "issue_responses": IssueResponse,
            "dependencies": Dependency,
        }
        for key, kind in nested.items():
            if data.get(key) is not None:
                data[key] = [kind(**item) for item in data[key]]
        data["files"] = {k: FileText(**v) for k, v in (data.get("files") or {}).items()}
        data["links"] = {k: LinkCheck(**v) for k, v in (data.get("links") or {}).items()}
        for key in ("pypi", "conda"):
            if data.get(key) is not None:
                data[key] = PackageFacts(**data[key])
        if data.get("license") is not None:
            data["license"] = LicenseFacts(**data["license"])
        return cls(**data)
