"""Read a catalog PR through the API: its state, files, labels, comments and file contents.

PR code is never checked out or run: contents are read as data at the head and base SHAs.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.github import GitHubClient, GitHubError
from bot.repository_files import BINARY_FILE, MAX_FILE_BYTES, UnreadableFile, read_file_bytes, too_large

PR_CONTEXT_QUERY = (Path(__file__).parent / "pull_request.graphql").read_text(encoding="utf-8")
log = logging.getLogger(__name__)

MAX_REST_LISTING = 500  # files read one by one when GraphQL is down
CHANGE_TYPES = {
    "ADDED": "added",
    "DELETED": "removed",
    "MODIFIED": "modified",
    "RENAMED": "renamed",
    "COPIED": "added",
    "CHANGED": "modified",
}


@dataclass(frozen=True)
class ChangedFile:
    path: str
    status: str  # added | modified | removed | renamed
    previous_path: str | None = None


@dataclass(frozen=True)
class IssueComment:
    id: int
    body: str
    author: str | None  # GraphQL login: bots appear without "[bot]"


@dataclass(frozen=True)
class Label:
    name: str
    color: str | None = None
    description: str | None = None


@dataclass
class PullRequest:
    repository: str
    number: int
    state: str  # OPEN | CLOSED | MERGED
    author: str | None
    head_sha: str
    base_sha: str
    base_ref: str
    labels: list[str] | None  # None: GitHub answered no label list; publish reads it through REST
    repo_labels: dict[str, Label]
    files: list[ChangedFile]
    comments: list[IssueComment]
    config_text: str | None
    config_problem: str | None = None
    prefetched: Prefetched = field(default_factory=lambda: Prefetched())  # entry files read with the PR


@dataclass(frozen=True)
class Blob:
    """A file's content at a commit; `problem` says why there is no content."""

    path: str
    ref: str
    content: bytes | None
    problem: str | None = None


@dataclass(frozen=True)
class BlobRequest:
    ref: str
    path: str
    tree: bool = False  # a directory: list it, with the texts of its files
    texts: bool = True  # a directory: False lists only its files' names


@dataclass
class TreeListing:
    path: str
    files: dict[str, bytes | None] = field(default_factory=dict)  # path → content (None: binary/too large)


@dataclass
class Prefetched:
    """Files and listings read in the pull request's own query, by (ref, path); `read_blobs` serves
    what it can from them and asks GitHub only for the rest."""

    blobs: dict[tuple[str, str], Blob] = field(default_factory=dict)
    trees: dict[tuple[str, str], TreeListing] = field(default_factory=dict)
    named_only: set[tuple[str, str]] = field(default_factory=set)  # listings read without their texts

    def blob(self, item: BlobRequest) -> Blob | None:
        """The file, from its own read or from its folder's listing (None: not read here)."""
        key = (item.ref, item.path)
        if key in self.blobs:
            return self.blobs[key]
        folder = item.path.rsplit("/", 1)[0] if "/" in item.path else ""
        listing = self.trees.get((item.ref, folder))
        content = (
            listing.files.get(item.path) if listing and (item.ref, folder) not in self.named_only else None
        )
        if content is None or len(content) > MAX_FILE_BYTES:
            return None  # not listed, binary or too large: the file's own read says why
        return Blob(item.path, item.ref, content)

    def tree(self, item: BlobRequest) -> TreeListing | None:
        key = (item.ref, item.path)
        if key in self.named_only and item.texts:
            return None
        return self.trees.get(key)

    def pinned(self, resolved: Mapping[str, str | None], commits: Collection[str]) -> Prefetched:
        """The reads made at a symbolic ref (`refs/pull/7/head`), keyed by the commit it resolved to in
        the same query; kept only when that commit is one of `commits` (the PR's head and base), so a
        ref that moved or named another commit costs a later read, never a wrong file."""

        def pin(key: tuple[str, str]) -> tuple[str, str] | None:
            ref, path = key
            if is_commit_id(ref):
                return key
            oid = resolved.get(ref)
            return (oid, path) if oid is not None and oid in commits else None

        pinned = Prefetched()
        for key, blob in self.blobs.items():
            if (new := pin(key)) is not None:
                pinned.blobs[new] = Blob(blob.path, new[0], blob.content, blob.problem)
        for key, listing in self.trees.items():
            if (new := pin(key)) is not None:
                pinned.trees[new] = listing
                if key in self.named_only:
                    pinned.named_only.add(new)
        return pinned


_COMMIT_ID = re.compile(r"[0-9a-f]{40}")


def is_commit_id(ref: str) -> bool:
    """A full commit id, as the event names commits; anything else is a ref resolved by GitHub."""
    return bool(_COMMIT_ID.fullmatch(ref))


def pull_head_ref(number: int) -> str:
    """The ref GitHub keeps in the base repository for a pull request's head commit (forks included)."""
    return f"refs/pull/{number}/head"


class PullRequestNotFound(GitHubError):
    pass


def read_pull_request(
    client: GitHubClient,
    repository: str,
    number: int,
    config_expression: str,
    prefetch: Sequence[BlobRequest] = (),
) -> PullRequest:
    """One GraphQL request; through REST instead when GraphQL fails (its outages and budget are separate).

    `prefetch`: files and folder listings to read in the same request (`PullRequest.prefetched`); at
    commit ids, or at refs (`pull_head_ref`, a branch) when the event names no commits: those reads
    are kept when the ref resolved to the PR's head or base commit in the same query.
    """
    try:
        pr = _read_pull_request_graphql(client, repository, number, config_expression, prefetch)
    except PullRequestNotFound:
        raise
    except GitHubError as error:
        log.warning(
            "ecosystem-bot: GraphQL failed (%s); reading the pull request through REST", error.message
        )
        return read_pull_request_rest(client, repository, number, config_expression)
    if any(changed.status == "renamed" for changed in pr.files):
        pr.files = _rest_files(client, repository, number)  # GraphQL does not name a renamed file's old path
    return pr


def _files_and_comments(
    client: GitHubClient, repository: str, number: int, variables: Mapping[str, Any], pr: Mapping[str, Any]
) -> tuple[list[ChangedFile], list[IssueComment]]:
    """The pull request's changed files and comments, with the pages past the first query's."""
    files = _changed_files(pr.get("files"))
    comments = _comments(pr["comments"]["nodes"])
    files_page, comments_page = (pr.get("files") or NO_MORE_PAGES)["pageInfo"], pr["comments"]["pageInfo"]
    while files_page["hasNextPage"] or comments_page["hasNextPage"]:
        more = client.graphql(
            PR_CONTEXT_QUERY,
            {
                **variables,
                "filesCursor": files_page["endCursor"] if files_page["hasNextPage"] else None,
                "commentsCursor": comments_page["endCursor"] if comments_page["hasNextPage"] else None,
            },
        )
        page = ((more.data or {}).get("repository") or {}).get("pullRequest") or {}
        if not page:
            raise GitHubError(f"pull request {repository}#{number}: a later page could not be read")
        if files_page["hasNextPage"]:
            files += _changed_files(page.get("files"))
            files_page = (page.get("files") or NO_MORE_PAGES)["pageInfo"]
        if comments_page["hasNextPage"]:
            comments += _comments(page["comments"]["nodes"])
            comments_page = page["comments"]["pageInfo"]
    return files, comments


def _config_text(config: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The config's text, or the problem that it is no text file (None, None: there is no config)."""
    if config is None:
        return None, None
    if config.get("isBinary") or config.get("text") is None:
        return None, "the config file is not a text file"
    return str(config["text"]), None


def _read_pull_request_graphql(
    client: GitHubClient,
    repository: str,
    number: int,
    config_expression: str,
    prefetch: Sequence[BlobRequest] = (),
) -> PullRequest:
    owner, name = repository.split("/", 1)
    variables: dict[str, Any] = {
        "owner": owner,
        "name": name,
        "number": number,
        "configExpression": config_expression,
    }
    response = client.graphql(pull_request_query(prefetch), variables)
    repo = (response.data or {}).get("repository")
    pr = (repo or {}).get("pullRequest")
    if not repo or not pr:
        message = "; ".join(str(e.get("message")) for e in response.errors) or "not found"
        raise PullRequestNotFound(f"pull request {repository}#{number} could not be read: {message}", 404)
    files, comments = _files_and_comments(client, repository, number, variables, pr)
    config_text, config_problem = _config_text(repo.get("config") or None)
    if pr.get("files") is None:  # nullable in the schema: ask REST rather than review no files
        files = _rest_files(client, repository, number)
    return PullRequest(
        repository=repository,
        number=number,
        state=pr["state"],
        author=(pr.get("author") or {}).get("login"),
        head_sha=pr["headRefOid"],
        base_sha=pr["baseRefOid"],
        base_ref=pr.get("baseRefName") or "",
        labels=None
        if pr.get("labels") is None  # never "no labels": setting labels from that would drop the others
        else [label["name"] for label in _nodes(pr["labels"])],
        repo_labels={
            label["name"]: Label(label["name"], label.get("color"), label.get("description"))
            for label in _nodes(repo.get("labels"), "the repository's labels")
        },
        files=files,
        comments=comments,
        config_text=config_text,
        config_problem=config_problem,
        prefetched=_decode_reads(repo, prefetch, PREFETCH_ALIAS, skip_absent=True).pinned(
            _resolved_refs(repo, prefetch), {pr["headRefOid"], pr["baseRefOid"]}
        ),
    )


PREFETCH_ALIAS = "entry"  # entry0, entry1, …: apart from the query's own fields
_REPOSITORY_SELECTION = "repository(owner: $owner, name: $name) {"


def pull_request_query(prefetch: Sequence[BlobRequest] = ()) -> str:
    """The pull request's query, asking also for the `prefetch` files and listings (aliases)."""
    if not prefetch:
        return PR_CONTEXT_QUERY
    if _REPOSITORY_SELECTION not in PR_CONTEXT_QUERY:
        raise AssertionError(f"pull_request.graphql no longer selects `{_REPOSITORY_SELECTION}`")
    reads = _read_fields(prefetch, PREFETCH_ALIAS) + [
        f"{REF_ALIAS}{index}: object(expression: {json.dumps(ref)}) {{ oid }}"
        for index, ref in enumerate(_symbolic_refs(prefetch))
    ]
    fields = "".join(f"\n    {field}" for field in reads)
    return PR_CONTEXT_QUERY.replace(_REPOSITORY_SELECTION, _REPOSITORY_SELECTION + fields, 1)


REF_ALIAS = "entryRef"  # entryRef0, …: the commit each symbolic ref of the prefetch resolved to


def _symbolic_refs(prefetch: Sequence[BlobRequest]) -> list[str]:
    return list(dict.fromkeys(item.ref for item in prefetch if not is_commit_id(item.ref)))


def _resolved_refs(repo: Mapping[str, Any], prefetch: Sequence[BlobRequest]) -> dict[str, str | None]:
    """Symbolic ref → the commit id GitHub resolved it to (None: no such ref)."""
    return {
        ref: (repo.get(f"{REF_ALIAS}{index}") or {}).get("oid")
        for index, ref in enumerate(_symbolic_refs(prefetch))
    }


REST_STATUSES = {"added": "added", "removed": "removed", "renamed": "renamed", "copied": "added"}


def read_pull_request_rest(
    client: GitHubClient, repository: str, number: int, config_expression: str
) -> PullRequest:
    """The same as the GraphQL query, through PyGithub's REST calls (more requests, same result)."""
    repo = client.gh.get_repo(repository, lazy=True)
    try:
        pr = client.pygithub("GET pull request", lambda: repo.get_pull(number))
    except GitHubError as error:
        if error.status == 404:
            raise PullRequestNotFound(f"pull request {repository}#{number} was not found", 404) from None
        raise
    comments = client.pygithub(
        "GET comments",
        lambda: [
            IssueComment(c.id, c.body or "", c.user.login if c.user else None)
            for c in pr.get_issue_comments()
        ],
    )
    repo_labels = client.pygithub(
        "GET labels", lambda: {lb.name: Label(lb.name, lb.color, lb.description) for lb in repo.get_labels()}
    )
    ref, _, path = config_expression.partition(":")
    config = read_file_rest(client, repository, ref, path)
    state = "MERGED" if pr.merged else str(pr.state).upper()
    return PullRequest(
        repository=repository,
        number=number,
        state=state,
        author=pr.user.login if pr.user else None,
        head_sha=pr.head.sha,
        base_sha=pr.base.sha,
        base_ref=pr.base.ref,
        labels=[label.name for label in pr.labels],
        repo_labels=repo_labels,
        files=_rest_files(client, repository, number),
        comments=comments,
        config_text=config.content.decode("utf-8") if config.content is not None else None,
        config_problem=config.problem if config.problem and "does not exist" not in config.problem else None,
    )


def _rest_files(client: GitHubClient, repository: str, number: int) -> list[ChangedFile]:
    repo = client.gh.get_repo(repository, lazy=True)

    def files() -> list[ChangedFile]:
        return [
            ChangedFile(f.filename, REST_STATUSES.get(f.status, "modified"), f.previous_filename)
            for f in repo.get_pull(number).get_files()
        ]

    result: list[ChangedFile] = client.pygithub("GET pull request files", files)
    return result


def read_file_rest(client: GitHubClient, repository: str, ref: str, path: str) -> Blob:
    """A file at a ref through the contents API (exact bytes), its problem said on the Blob."""
    try:
        content = read_file_bytes(client, repository, path, ref)
    except UnreadableFile as error:
        return Blob(path, ref, None, error.problem)
    if content is None:
        return Blob(path, ref, None, "the file does not exist at this commit")
    return Blob(path, ref, content)


def _read_blobs_rest(
    client: GitHubClient, repository: str, wanted: Sequence[BlobRequest]
) -> tuple[dict[tuple[str, str], Blob], dict[tuple[str, str], TreeListing]]:
    blobs: dict[tuple[str, str], Blob] = {}
    trees: dict[tuple[str, str], TreeListing] = {}
    for item in wanted:
        if not item.tree:
            blobs[(item.ref, item.path)] = read_file_rest(client, repository, item.ref, item.path)
            continue
        listing = TreeListing(item.path)
        response = client.rest_get(f"/repos/{repository}/contents/{quote(item.path)}", {"ref": item.ref})
        entries = response.json if response.status == 200 and isinstance(response.json, list) else []
        for entry in entries[:MAX_REST_LISTING]:
            if entry.get("type") == "file":
                listing.files[entry["path"]] = (
                    read_file_rest(client, repository, item.ref, entry["path"]).content
                    if item.texts
                    else None
                )
        trees[(item.ref, item.path)] = listing
    return blobs, trees


NO_MORE_PAGES: dict[str, Any] = {"pageInfo": {"hasNextPage": False, "endCursor": None}}


def _nodes(connection: Mapping[str, Any] | None, what: str = "") -> list[Mapping[str, Any]]:
    """A connection's non-null nodes; a null connection (the schema allows it) is read as empty."""
    if connection is None and what:
        log.warning("ecosystem-bot: GitHub returned no %s; read as none", what)
    return [node for node in (connection or {}).get("nodes") or [] if node]


def _changed_files(connection: Mapping[str, Any] | None) -> list[ChangedFile]:
    return [ChangedFile(f["path"], CHANGE_TYPES.get(f["changeType"], "modified")) for f in _nodes(connection)]


def rest_id(value: object) -> int | None:
    """A REST id as GraphQL gives it: `fullDatabaseId` is a BigInt GitHub sends as a decimal string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _comments(nodes: Iterable[Mapping[str, Any] | None]) -> list[IssueComment]:
    """Comments with a REST id; one without (never seen with `fullDatabaseId`) cannot be edited or reacted to."""
    comments = []
    for node in nodes:
        comment_id = rest_id((node or {}).get("fullDatabaseId"))
        if node is None or comment_id is None:
            log.warning("ecosystem-bot: a comment without an id was skipped")
            continue
        comments.append(
            IssueComment(comment_id, node.get("body") or "", (node.get("author") or {}).get("login"))
        )
    return comments


_BLOB = "... on Blob { text byteSize isBinary }"
_TREE = f"... on Tree {{ entries {{ name path type object {{ {_BLOB} }} }} }}"
_TREE_NAMES = "... on Tree { entries { name path type } }"


def _read_fields(wanted: Sequence[BlobRequest], alias: str) -> list[str]:
    fields = []
    for index, item in enumerate(wanted):
        expression = json.dumps(f"{item.ref}:{item.path}")
        selection = (_TREE if item.texts else _TREE_NAMES) if item.tree else _BLOB
        fields.append(f"{alias}{index}: object(expression: {expression}) {{ {selection} }}")
    return fields


def _decode_reads(
    repo: Mapping[str, Any], wanted: Sequence[BlobRequest], alias: str, skip_absent: bool = False
) -> Prefetched:
    """The answers to `_read_fields`; `skip_absent`: an alias missing from the answer (not null: missing)
    was not read, so it is left for a later read instead of taken as a missing file."""
    read = Prefetched()
    for index, item in enumerate(wanted):
        if skip_absent and f"{alias}{index}" not in repo:
            continue
        node = repo.get(f"{alias}{index}")
        if item.tree:
            listing = TreeListing(item.path)
            for entry in (node or {}).get("entries") or []:
                if entry.get("type") == "blob":
                    listing.files[entry["path"]] = _content(entry.get("object")) if item.texts else None
            read.trees[(item.ref, item.path)] = listing
            if not item.texts:
                read.named_only.add((item.ref, item.path))
        else:
            read.blobs[(item.ref, item.path)] = _blob(item, node)
    return read


def read_blobs(
    client: GitHubClient,
    repository: str,
    requests: Iterable[BlobRequest],
    known: Prefetched | None = None,
) -> tuple[dict[tuple[str, str], Blob], dict[tuple[str, str], TreeListing]]:
    """Read many files and directory listings in ONE GraphQL request (aliases); none for what `known`
    already holds (the files read with the pull request)."""
    blobs: dict[tuple[str, str], Blob] = {}
    trees: dict[tuple[str, str], TreeListing] = {}
    wanted = []
    for item in requests:
        if known is not None and item.tree and (listing := known.tree(item)) is not None:
            trees[(item.ref, item.path)] = listing
        elif known is not None and not item.tree and (blob := known.blob(item)) is not None:
            blobs[(item.ref, item.path)] = blob
        else:
            wanted.append(item)
    if not wanted:
        return blobs, trees
    fetched_blobs, fetched_trees = _read_blobs(client, repository, wanted)
    return {**blobs, **fetched_blobs}, {**trees, **fetched_trees}


def _read_blobs(
    client: GitHubClient, repository: str, wanted: Sequence[BlobRequest]
) -> tuple[dict[tuple[str, str], Blob], dict[tuple[str, str], TreeListing]]:
    owner, name = repository.split("/", 1)
    fields = _read_fields(wanted, "f")
    query = (
        "query Blobs($owner: String!, $name: String!) {\n"
        "  repository(owner: $owner, name: $name) {\n    " + "\n    ".join(fields) + "\n  }\n}"
    )
    try:
        response = client.graphql(query, {"owner": owner, "name": name})
    except GitHubError as error:
        log.warning("ecosystem-bot: GraphQL failed (%s); reading the files through REST", error.message)
        return _read_blobs_rest(client, repository, wanted)
    read = _decode_reads((response.data or {}).get("repository") or {}, wanted, "f")
    return read.blobs, read.trees


def _content(node: Mapping[str, Any] | None) -> bytes | None:
    """A listed file's text; None when binary or not whole (its own read then says why)."""
    if not node or node.get("isBinary") or node.get("text") is None:
        return None
    content = str(node["text"]).encode("utf-8")
    return None if _partial(node, content) else content


def _partial(node: Mapping[str, Any], content: bytes) -> bool:
    """GitHub's text is not the whole file: truncated, or not UTF-8 (bytes replaced)."""
    size = node.get("byteSize")
    return isinstance(size, int) and len(content) != size


def _blob(item: BlobRequest, node: Mapping[str, Any] | None) -> Blob:
    if node is None:
        return Blob(item.path, item.ref, None, "the file does not exist at this commit")
    if node.get("isBinary"):
        return Blob(item.path, item.ref, None, BINARY_FILE)
    size = node.get("byteSize") or 0
    if size > MAX_FILE_BYTES:
        return Blob(item.path, item.ref, None, too_large(size))
    if node.get("text") is None:
        return Blob(item.path, item.ref, None, "GitHub returned no text for the file")
    content = str(node["text"]).encode("utf-8")
    if _partial(node, content):
        return Blob(
            item.path,
            item.ref,
            None,
            f"GitHub's text of the file is {len(content):,} bytes, the file {size:,}: truncated or not UTF-8",
        )
    return Blob(item.path, item.ref, content)
