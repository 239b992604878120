"""Read an application issue through the REST API: the issue, its comments, the repository's labels
(files of the default branch, the bot's config and the issue forms, come from bot.repository_files).

REST rather than GraphQL: comment ids come back as the full 64-bit REST ids the writes need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.github import GitHubClient, GitHubError
from bot.pull_request import IssueComment, Label

MAX_COMMENT_PAGES = 30


@dataclass
class IssueSnapshot:
    repository: str
    number: int
    title: str
    body: str
    state: str  # open | closed
    author: str | None
    html_url: str
    labels: list[str]
    is_pull_request: bool
    comments: list[IssueComment] = field(default_factory=list)


def _checked(response: Any, what: str) -> Any:
    if response.status != 200:
        raise GitHubError(f"could not read {what}: HTTP {response.status}", response.status)
    return response.json


def read_issue(client: GitHubClient, repository: str, number: int) -> IssueSnapshot:
    data = _checked(
        client.rest_get(f"/repos/{repository}/issues/{number}"), f"issue #{number} of {repository}"
    )
    if not isinstance(data, dict):
        raise GitHubError(f"issue #{number} of {repository}: unexpected answer", 200)
    snapshot = IssueSnapshot(
        repository=repository,
        number=number,
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        state=str(data.get("state") or "open"),
        author=(data.get("user") or {}).get("login"),
        html_url=str(data.get("html_url") or f"https://github.com/{repository}/issues/{number}"),
        labels=[str(label.get("name")) for label in data.get("labels") or [] if isinstance(label, dict)],
        is_pull_request=bool(data.get("pull_request")),
    )
    snapshot.comments = read_comments(client, repository, number)
    return snapshot


def read_comments(client: GitHubClient, repository: str, number: int) -> list[IssueComment]:
    comments: list[IssueComment] = []
    for page in range(1, MAX_COMMENT_PAGES + 1):
        batch = _checked(
            client.rest_get(f"/repos/{repository}/issues/{number}/comments", {"per_page": 100, "page": page}),
            f"the comments of #{number}",
        )
        if not isinstance(batch, list):
            break
        for item in batch:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                author = (item.get("user") or {}).get("login")
                comments.append(IssueComment(int(item["id"]), str(item.get("body") or ""), author))
        if len(batch) < 100:
            break
    return comments


def read_repo_labels(client: GitHubClient, repository: str) -> dict[str, Label]:
    labels: dict[str, Label] = {}
    for page in range(1, 11):
        batch = _checked(
            client.rest_get(f"/repos/{repository}/labels", {"per_page": 100, "page": page}), "the labels"
        )
        if not isinstance(batch, list):
            break
        for item in batch:
            if isinstance(item, dict) and item.get("name"):
                name = str(item["name"])
                labels[name] = Label(name, item.get("color"), item.get("description"))
        if len(batch) < 100:
            break
    return labels
