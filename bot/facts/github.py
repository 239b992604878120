"""RepoFacts from GitHub: one GraphQL query per repository, plus at most three REST reads.

REST is used only where GraphQL is blind: the contributor count (`/contributors?per_page=1&anon=1`,
read from the Link header's last page), the recursive tree (`/git/trees/HEAD?recursive=1`) and
the SBOM (`/dependency-graph/sbom`). The four requests are independent and run concurrently, as far as
the client's lanes allow; the GraphQL request first when they do not allow all four at once.

A failed source leaves its facts None (unknown) and says why in `facts.error`; it never turns
into zeros. A repository GitHub does not have (or hides) gives `available=False, missing=True`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.facts.authors import Identities, count_authors, is_automation, is_bot
from bot.facts.model import FileText, IssueResponse, Release, RepoFacts
from bot.facts.repo_files import community_files, is_workflow, text_files_wanted
from bot.facts.sbom import read_sbom
from bot.github import GitHubClient, GitHubError, GraphQLResponse, RateLimited, RestResponse

QUERY_FILE = Path(__file__).with_name("repository.graphql")
_LAST_PAGE = re.compile(r"[?&]page=(\d+)[^>]*>;\s*rel=\"last\"")
_SLUG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
Json = dict[str, Any]


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def fragment_text() -> str:
    """The `fragment RepoFacts on Repository { … }` part of repository.graphql."""
    text = QUERY_FILE.read_text(encoding="utf-8")
    return text[: text.index("\nquery ")].strip() + "\n"


def single_query() -> str:
    return QUERY_FILE.read_text(encoding="utf-8")


def batch_query(count: int) -> str:
    """One query with `count` aliased repositories r0…rN, for the audit."""
    params = "".join(f", $owner{i}: String!, $name{i}: String!" for i in range(count))
    body = "\n".join(
        f"  r{i}: repository(owner: $owner{i}, name: $name{i}) {{ ...RepoFacts }}" for i in range(count)
    )
    return (
        f"{fragment_text()}\nquery Repositories($since90: GitTimestamp!, $since365: GitTimestamp!{params}) {{\n"
        f"  rateLimit {{ cost remaining resetAt }}\n{body}\n}}\n"
    )


def windows(now: datetime) -> Json:
    return {"since90": _iso(now - timedelta(days=90)), "since365": _iso(now - timedelta(days=365))}


def new_facts(slug: str, now: datetime) -> RepoFacts:
    return RepoFacts(repository=slug, url=f"https://github.com/{slug}", now=_iso(now))


# ---- GraphQL answer → facts ------------------------------------------------------------------------


def _nodes(connection: Any) -> list[Json]:
    if not isinstance(connection, dict):
        return []
    return [n for n in connection.get("nodes") or [] if isinstance(n, dict)]


def _count(connection: Any) -> int | None:
    if not isinstance(connection, dict) or connection.get("totalCount") is None:
        return None
    return int(connection["totalCount"])


def _entries(tree: Any) -> list[Json]:
    if not isinstance(tree, dict):
        return []
    return [e for e in tree.get("entries") or [] if isinstance(e, dict)]


def _blob_text(entry_object: Any) -> tuple[str | None, int | None]:
    if not isinstance(entry_object, dict):
        return None, None
    size = entry_object.get("byteSize")
    if entry_object.get("isBinary"):
        return None, size
    text = entry_object.get("text")
    return (str(text) if text is not None else None), size


def _is_bot_actor(actor: Any) -> bool:
    if not isinstance(actor, dict):
        return False
    return actor.get("__typename") == "Bot" or is_bot(str(actor.get("login") or ""))


def _issue_responses(issues: list[Json]) -> list[IssueResponse]:
    """First comment by someone other than the issue's author (bots do not count as a response)."""
    responses = []
    for issue in issues:
        author = (issue.get("author") or {}).get("login")
        first = next(
            (
                c.get("createdAt")
                for c in _nodes(issue.get("comments"))
                if isinstance(c.get("author"), dict)
                and c["author"].get("login") != author
                and not _is_bot_actor(c["author"])
            ),
            None,
        )
        responses.append(
            IssueResponse(
                number=issue.get("number"), created_at=str(issue.get("createdAt")), first_response_at=first
            )
        )
    return responses


def _commit_author_key(node: Json, identities: Identities) -> tuple[str, str | None]:
    """The author's login when GitHub knows the account, else one key per name/e-mail."""
    author = node.get("author") or {}
    user = author.get("user") or {}
    name = str(author.get("name") or "")
    if user.get("login"):
        return str(user["login"]).lower(), name or None
    return identities.key(name, str(author.get("email") or "")), name or None


def _git_actor(actor: Any) -> tuple[str, str]:
    """(name, e-mail) of a GitActor; a known account's login stands in for its name."""
    actor = actor if isinstance(actor, dict) else {}
    user = actor.get("user") if isinstance(actor.get("user"), dict) else {}
    login = str((user or {}).get("login") or "")
    return login or str(actor.get("name") or ""), str(actor.get("email") or "")


def _by_automation(node: Json) -> bool:
    """Whether a commit is automation (see bot.facts.authors.is_automation): an author without a
    GitHub account whose identity is generated, committed by a bot. An account's own login is
    judged by its name alone (count_authors), whatever its digits."""
    raw = node.get("author")
    author: Json = raw if isinstance(raw, dict) else {}
    user = author.get("user")
    if isinstance(user, dict) and user.get("login"):
        return False
    return is_automation(_git_actor(author), _git_actor(node.get("committer")))


def _history(facts: RepoFacts, branch: Json, now: datetime) -> None:
    target = branch.get("target") or {}
    facts.default_branch = branch.get("name")
    facts.head_sha = target.get("oid")
    facts.head_committed_at = target.get("committedDate")
    rollup = target.get("statusCheckRollup")
    # GitHub answered about this commit: no rollup means no status or check run ("NONE"), a known fact
    facts.head_ci_state = str(rollup.get("state")) if isinstance(rollup, dict) else "NONE"
    facts.commits_90d = _count(target.get("last90"))
    facts.commits_365d = _count(target.get("last365"))
    nodes = _nodes(target.get("last365"))
    since90 = _iso(now - timedelta(days=90))
    identities = Identities()
    for node in nodes:
        author = node.get("author") or {}
        identities.learn(str(author.get("name") or ""), str(author.get("email") or ""))
    keyed = [(_commit_author_key(n, identities), str(n.get("committedDate") or "")) for n in nodes]
    automation = frozenset(
        key[0] for (key, _), node in zip(keyed, nodes, strict=True) if _by_automation(node)
    )
    facts.recent_authors = count_authors([key for key, _ in keyed], automation)
    facts.recent_authors_90d = count_authors([key for key, when in keyed if when >= since90], automation)
    sampled = len(nodes) < (facts.commits_365d or 0)
    note = f"github-graphql (authors of the latest {len(nodes)} commits)" if sampled else "github-graphql"
    facts.sources.update(recent_authors=note, recent_authors_90d=note)


def _files(facts: RepoFacts, repo: Json) -> None:
    root, dot_github = _entries(repo.get("root")), _entries(repo.get("dotGithub"))
    workflow_dir, docs = _entries(repo.get("workflowDir")), _entries(repo.get("docsDir"))
    facts.root_files = sorted(str(e.get("name")) for e in root)
    listed = [str(e.get("path") or e.get("name")) for e in root + dot_github + docs]
    facts.community_files = community_files(listed)
    facts.workflows = {}
    for entry in workflow_dir:
        path = str(entry.get("path") or f".github/workflows/{entry.get('name')}")
        text, _ = _blob_text(entry.get("object"))
        if is_workflow(path) and text is not None:
            facts.workflows[path] = text
    by_path = {str(e.get("path") or e.get("name")): e for e in root}
    # requirements/*.txt and .github/actions/<name>/action.yml: entries carry their full path
    folders = _entries(repo.get("requirementsDir")) + [
        nested for action in _entries(repo.get("localActions")) for nested in _entries(action.get("object"))
    ]
    by_path |= {str(e["path"]): e for e in folders if e.get("path")}
    for path in text_files_wanted(list(by_path)):
        text, size = _blob_text(by_path[path].get("object"))
        facts.files[path] = FileText(path=path, text=text, size=size)
    for alias, path in (
        ("condaRecipe", "conda/meta.yaml"),
        ("recipeDir", "recipe/meta.yaml"),
        ("circleciConfig", ".circleci/config.yml"),
    ):
        text, size = _blob_text(repo.get(alias))
        if text is not None:
            facts.files[path] = FileText(path=path, text=text, size=size)


def apply_repository(facts: RepoFacts, repo: Json, now: datetime) -> None:
    """Fill `facts` from one `...RepoFacts` object of the GraphQL answer."""
    name = str(repo.get("nameWithOwner") or facts.repository)
    if name.lower() != facts.repository.lower():
        facts.renamed_to = name
    facts.url = str(repo.get("url") or f"https://github.com/{name}")
    facts.missing = False
    if repo.get("isPrivate"):
        facts.available = False
        facts.error = f"{name} is private: the public cannot see it"
    facts.archived, facts.fork, facts.disabled = (
        repo.get("isArchived"),
        repo.get("isFork"),
        repo.get("isDisabled"),
    )
    facts.created_at, facts.pushed_at = repo.get("createdAt"), repo.get("pushedAt")
    facts.description, facts.homepage = repo.get("description"), repo.get("homepageUrl") or None
    facts.stars, facts.forks = repo.get("stargazerCount"), repo.get("forkCount")
    facts.topics = [
        str(n["topic"]["name"])
        for n in _nodes(repo.get("repositoryTopics"))
        if isinstance(n.get("topic"), dict)
    ]
    license_info = repo.get("licenseInfo")
    facts.github_license = license_info.get("spdxId") if isinstance(license_info, dict) else None
    if isinstance(license_info, dict) and not facts.github_license:
        facts.github_license = "NOASSERTION"  # GitHub's "other": a license file it could not identify
    facts.open_issues, facts.closed_issues = _count(repo.get("openIssues")), _count(repo.get("closedIssues"))
    facts.open_pull_requests = _count(repo.get("openPullRequests"))
    facts.issue_responses = _issue_responses(_nodes(repo.get("recentIssues")))
    releases = [r for r in _nodes(repo.get("releases")) if not r.get("isDraft")]
    facts.releases = [
        Release(
            tag=str(r.get("tagName")),
            published_at=r.get("publishedAt"),
            prerelease=bool(r.get("isPrerelease")),
        )
        for r in releases
    ]
    facts.release_count, facts.tag_count = _count(repo.get("releases")), _count(repo.get("tags"))
    branch = repo.get("defaultBranchRef")
    if isinstance(branch, dict):
        _history(facts, branch, now)
    else:
        facts.commits_90d = facts.commits_365d = 0  # GitHub: an empty repository has no default branch
        facts.recent_authors, facts.recent_authors_90d = [], []
    _files(facts, repo)
    for key in (
        "archived", "fork", "disabled", "created_at", "pushed_at", "description", "homepage", "topics",
        "stars", "forks", "license", "open_issues", "closed_issues", "open_pull_requests", "issue_responses",
        "releases", "release_count", "tag_count", "default_branch", "head_sha", "head_committed_at",
        "head_ci_state", "commits_90d", "commits_365d", "root_files", "community_files", "workflows", "files",
    ):  # fmt: skip
        facts.sources.setdefault(key, "github-graphql")


def _errors_for(errors: list[Json], alias: str) -> list[Json]:
    """The GraphQL errors whose path starts at `alias`."""
    return [e for e in errors if (e.get("path") or [None])[0] == alias]


def _messages(errors: list[Json]) -> list[str]:
    return [str(e.get("message") or e.get("type") or "error") for e in errors]


def _missing(facts: RepoFacts, messages: list[str]) -> None:
    facts.available = False
    facts.missing = True
    reason = messages[0] if messages else "GitHub returned no repository"
    facts.error = f"{facts.repository}: not found on GitHub, or private ({reason})"


def _add_error(facts: RepoFacts, message: str) -> None:
    facts.error = message if not facts.error else f"{facts.error}; {message}"


def apply_graphql(facts: RepoFacts, response: GraphQLResponse, alias: str, now: datetime) -> None:
    """Facts from the answer's `alias` field; GitHub's NOT_FOUND means missing, other errors unknown."""
    data = response.data or {}
    repo = data.get(alias)
    errors = _errors_for(response.errors, alias)
    messages = _messages(errors)
    if not isinstance(repo, dict):
        if not errors or any(e.get("type") == "NOT_FOUND" for e in errors):
            _missing(facts, messages)
        else:  # a timeout or an internal error: nothing is known, nothing is missing
            _add_error(facts, f"GitHub could not answer the query: {'; '.join(messages)}")
        return
    apply_repository(facts, repo, now)
    if messages:  # partial: some fields failed, the rest is good
        _add_error(facts, f"GitHub could not answer part of the query: {'; '.join(messages)}")
        _forget_failed_fields(facts, errors)


# A query field whose error nulls it → the facts read from it: unknown, not "empty" (issue 10).
FIELD_FACTS: dict[str, tuple[str, ...]] = {
    "licenseInfo": ("github_license",),
    "defaultBranchRef": ("default_branch", "head_sha", "head_committed_at", "head_ci_state", "commits_90d",
                         "commits_365d", "recent_authors", "recent_authors_90d"),
    "releases": ("releases", "release_count"),
    "tags": ("tag_count",),
    "root": ("root_files", "community_files"),  # and the texts read from it
    "dotGithub": ("community_files",),
    "docsDir": ("community_files",),
    "workflowDir": ("workflows",),
    "openIssues": ("open_issues",),
    "closedIssues": ("closed_issues",),
    "openPullRequests": ("open_pull_requests",),
    "recentIssues": ("issue_responses",),
    "repositoryTopics": ("topics",),
}  # fmt: skip


def _forget_failed_fields(facts: RepoFacts, errors: list[Json]) -> None:
    """Facts read from a field GitHub failed to answer become None (could not check), not empty."""
    for error in errors:
        path = error.get("path") or []
        field_name = str(path[1]) if len(path) > 1 else ""
        for key in FIELD_FACTS.get(field_name, ()):
            setattr(facts, key, None)
            facts.sources.pop(key, None)
        if field_name == "root":
            facts.files.clear()
            facts.sources.pop("files", None)


# ---- REST ------------------------------------------------------------------------------------------


def contributor_count(response: RestResponse) -> int | None:
    """Contributors (anonymous included) from a `per_page=1` listing: the Link header's last page."""
    if response.status == 204:
        return 0
    if response.status != 200:
        return None
    match = _LAST_PAGE.search(response.headers.get("link", ""))
    if match:
        return int(match.group(1))
    return len(response.json) if isinstance(response.json, list) else None


def _apply_contributors(facts: RepoFacts, response: RestResponse) -> None:
    facts.contributors = contributor_count(response)
    if facts.contributors is None:
        _add_error(facts, f"contributors: GitHub answered HTTP {response.status}")
    else:
        facts.sources["contributors"] = "github-rest"


def _apply_tree(facts: RepoFacts, response: RestResponse) -> None:
    body = response.json if isinstance(response.json, dict) else None
    if response.status != 200 or body is None:
        _add_error(facts, f"tree: GitHub answered HTTP {response.status}")
        return
    facts.tree = [
        str(e["path"]) for e in body.get("tree") or [] if isinstance(e, dict) and e.get("type") == "blob"
    ]
    facts.tree_truncated = bool(body.get("truncated"))
    facts.sources["tree"] = "github-rest"


def _apply_sbom(facts: RepoFacts, response: RestResponse) -> None:
    if response.status != 200:
        _add_error(facts, f"SBOM: GitHub answered HTTP {response.status}")
        return
    reading = read_sbom(response.json)
    facts.dependencies = reading.dependencies
    if reading.error:
        _add_error(facts, f"SBOM: {reading.error}")
    else:
        facts.sources["dependencies"] = "github-sbom"


def _failure(what: str, error: GitHubError) -> str:
    if isinstance(error, RateLimited):
        return f"{what}: rate limited by GitHub ({error.message})"
    return f"{what}: {error.message}"


def _run(what: str, call: Callable[[], Any]) -> tuple[Any, str | None]:
    try:
        return call(), None
    except GitHubError as error:
        return None, _failure(what, error)


REST_FACTS = frozenset({"contributors", "tree", "sbom"})


def gather_github(
    client: GitHubClient,
    slug: str,
    now: datetime,
    rest: Collection[str] = REST_FACTS,
    files_read: Callable[[RepoFacts], None] = lambda facts: None,
) -> RepoFacts:
    """Facts about `owner/repo` on GitHub as of `now`: 1 GraphQL request + the `rest` reads (of
    REST_FACTS) the checks need, concurrently; a fact not read stays None (unknown).

    `files_read` is called with the facts once the GraphQL answer is in (the repository's files,
    from which the registries' package names are read), before the REST reads are: the caller can
    ask the registries meanwhile. When the client's lanes cannot carry all the requests at once, the
    GraphQL request goes first (the lanes would make the others wait anyway)."""
    facts = new_facts(slug, now)
    if not _SLUG.match(slug):
        facts.available, facts.error = False, f"{slug!r} is not owner/repo"
        return facts
    owner, name = slug.split("/")
    variables = {"owner": owner, "name": name, **windows(now)}
    base = f"/repos/{owner}/{name}"
    reads = {
        "contributors": ("contributors", f"{base}/contributors", {"per_page": 1, "anon": 1}),
        "tree": ("tree", f"{base}/git/trees/HEAD", {"recursive": 1}),
        "sbom": ("SBOM", f"{base}/dependency-graph/sbom", None),
    }
    wanted = [key for key in reads if key in rest]
    with ThreadPoolExecutor(max_workers=4) as pool:
        graphql = pool.submit(_run, "GraphQL", lambda: client.graphql(single_query(), variables))
        if client.lanes.limit < 1 + len(wanted):
            wait([graphql])
        pending = {
            key: pool.submit(_run, what, functools.partial(client.rest_get, path, params))
            for key, (what, path, params) in reads.items()
            if key in wanted
        }
        response, failure = graphql.result()
        if failure is not None:
            facts.error = failure  # everything GraphQL would have said stays unknown
        else:
            apply_graphql(facts, response, "repository", now)
        files_read(facts)
        results = {key: future.result() for key, future in pending.items()}
    if facts.missing:
        return facts
    for key, apply in (("contributors", _apply_contributors), ("tree", _apply_tree), ("sbom", _apply_sbom)):
        if key not in results:
            continue
        answer, failure = results[key]
        if failure is not None:
            _add_error(facts, failure)
        else:
            apply(facts, answer)
    return facts
