"""Read a catalog PR through the API: its state, files, labels, comments and file contents.

PR code is never checked out or run: contents are read as data at the head and base SHAs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from bot.github import GitHubClient, GitHubError

PR_CONTEXT_QUERY = resources.files("bot").joinpath("pull_request.graphql").read_text(encoding="utf-8")
MAX_FILE_BYTES = 1_000_000
CHANGE_TYPES = {
    "ADDED": "added",
    "DELETED": "removed",
    "MODIFIED": "modified",
    "RENAMED": "renamed",
    "COPIED": "added",
    "CHANGED": "modified",
}


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
    head_repository: str | None  # None: the fork was deleted
    cross_repository: bool
    labels: list[str]
    repo_labels: dict[str, Label]
    files: list[tuple[str, str]]  # (path, added|modified|removed|renamed)
    comments: list[IssueComment]
    config_text: str | None
    config_problem: str | None = None


@dataclass(frozen=True)
class Blob:
    """A file's content at a commit; `problem` says why there is no content."""

    path: str
    ref: str
    content: bytes | None
    problem: str | None = None


@dataclass
class BlobRequest:
    ref: str
    path: str
    tree: bool = False  # a directory: list it, with the texts of its files


@dataclass
class TreeListing:
    path: str
    files: dict[str, bytes | None] = field(default_factory=dict)  # path → content (None: binary/too large)


class PullRequestNotFound(GitHubError):
    pass


def read_pull_request(
    client: GitHubClient, repository: str, number: int, config_expression: str
) -> PullRequest:
    owner, name = repository.split("/", 1)
    variables: dict[str, Any] = {
        "owner": owner,
        "name": name,
        "number": number,
        "configExpression": config_expression,
    }
    response = client.graphql(PR_CONTEXT_QUERY, variables)
    repo = (response.data or {}).get("repository")
    pr = (repo or {}).get("pullRequest")
    if not repo or not pr:
        message = "; ".join(str(e.get("message")) for e in response.errors) or "not found"
        raise PullRequestNotFound(f"pull request {repository}#{number} could not be read: {message}", 404)
    files = [(f["path"], CHANGE_TYPES.get(f["changeType"], "modified")) for f in pr["files"]["nodes"]]
    comments = [_comment(c) for c in pr["comments"]["nodes"]]
    files_page, comments_page = pr["files"]["pageInfo"], pr["comments"]["pageInfo"]
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
            files += [
                (f["path"], CHANGE_TYPES.get(f["changeType"], "modified")) for f in page["files"]["nodes"]
            ]
            files_page = page["files"]["pageInfo"]
        if comments_page["hasNextPage"]:
            comments += [_comment(c) for c in page["comments"]["nodes"]]
            comments_page = page["comments"]["pageInfo"]
    config = repo.get("config") or None
    config_text, config_problem = None, None
    if config is not None:
        if config.get("isBinary") or config.get("text") is None:
            config_problem = "the config file is not a text file"
        else:
            config_text = config["text"]
    head_repo = pr.get("headRepository")
    return PullRequest(
        repository=repository,
        number=number,
        state=pr["state"],
        author=(pr.get("author") or {}).get("login"),
        head_sha=pr["headRefOid"],
        base_sha=pr["baseRefOid"],
        base_ref=pr.get("baseRefName") or "",
        head_repository=head_repo.get("nameWithOwner") if head_repo else None,
        cross_repository=bool(pr.get("isCrossRepository")),
        labels=[label["name"] for label in pr["labels"]["nodes"]],
        repo_labels={
            label["name"]: Label(label["name"], label.get("color"), label.get("description"))
            for label in repo["labels"]["nodes"]
        },
        files=files,
        comments=comments,
        config_text=config_text,
        config_problem=config_problem,
    )


def _comment(node: Mapping[str, Any]) -> IssueComment:
    return IssueComment(
        int(node["databaseId"]), node.get("body") or "", (node.get("author") or {}).get("login")
    )


_BLOB = "... on Blob { text byteSize isBinary }"
_TREE = f"... on Tree {{ entries {{ name path type object {{ {_BLOB} }} }} }}"


def read_blobs(
    client: GitHubClient, repository: str, requests: Iterable[BlobRequest]
) -> tuple[dict[tuple[str, str], Blob], dict[tuple[str, str], TreeListing]]:
    """Read many files and directory listings in ONE GraphQL request (aliases)."""
    wanted = list(requests)
    if not wanted:
        return {}, {}
    owner, name = repository.split("/", 1)
    fields = []
    for index, item in enumerate(wanted):
        expression = json.dumps(f"{item.ref}:{item.path}")
        fields.append(f"f{index}: object(expression: {expression}) {{ {_TREE if item.tree else _BLOB} }}")
    query = (
        "query Blobs($owner: String!, $name: String!) {\n"
        "  repository(owner: $owner, name: $name) {\n    " + "\n    ".join(fields) + "\n  }\n}"
    )
    response = client.graphql(query, {"owner": owner, "name": name})
    repo = (response.data or {}).get("repository") or {}
    blobs: dict[tuple[str, str], Blob] = {}
    trees: dict[tuple[str, str], TreeListing] = {}
    for index, item in enumerate(wanted):
        node = repo.get(f"f{index}")
        if item.tree:
            listing = TreeListing(item.path)
            for entry in (node or {}).get("entries") or []:
                if entry.get("type") == "blob":
                    listing.files[entry["path"]] = _content(entry.get("object"))
            trees[(item.ref, item.path)] = listing
        else:
            blobs[(item.ref, item.path)] = _blob(item, node)
    return blobs, trees


def _content(node: Mapping[str, Any] | None) -> bytes | None:
    if not node or node.get("isBinary") or node.get("text") is None:
        return None
    return str(node["text"]).encode("utf-8")


def _blob(item: BlobRequest, node: Mapping[str, Any] | None) -> Blob:
    if node is None:
        return Blob(item.path, item.ref, None, "the file does not exist at this commit")
    if node.get("isBinary"):
        return Blob(item.path, item.ref, None, "the file is binary, not text")
    size = node.get("byteSize") or 0
    if size > MAX_FILE_BYTES:
        return Blob(item.path, item.ref, None, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if node.get("text") is None:
        return Blob(item.path, item.ref, None, "GitHub returned no text for the file")
    return Blob(item.path, item.ref, str(node["text"]).encode("utf-8"))
