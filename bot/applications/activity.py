"""Commits and contributors in the last 90 days, counted completely.

The commit count is GitHub's `history(since:) { totalCount }`; the authors come from paging the
same history to the end (100 per request, at most `max_pages`). Bots are excluded from both.
When paging stops early (the page limit, an error) the counts are marked partial and the rubric
scores them by the partial-count rule: above a threshold is a pass noted partial, below it a caution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.facts.authors import Identities, count_authors
from bot.facts.model import CommitAuthor
from bot.github import GitHubClient, GitHubError

QUERY = Path(__file__).with_name("activity.graphql").read_text(encoding="utf-8")
WINDOW_DAYS = 90
MAX_PAGES = 20


@dataclass
class Activity:
    """What happened on the default branch in the window, bots excluded."""

    since: str  # ISO 8601, the window's start
    commits: int | None  # human commits (None: unknown)
    commits_all: int | None  # GitHub's totalCount, bots included
    authors: list[CommitAuthor] = field(default_factory=list)  # humans, most commits first
    partial: bool = False  # paging stopped before the end: the counts are lower bounds
    commits_seen: int = 0
    requests: int = 0
    error: str | None = None

    @property
    def contributors(self) -> int | None:
        return None if self.commits_all is None else len(self.authors)


def window_start(now: datetime, days: int = WINDOW_DAYS) -> str:
    return (now - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def _history(data: Any) -> dict[str, Any] | None:
    for key in ("repository", "defaultBranchRef", "target", "history"):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, dict) else None


def recent_activity(client: GitHubClient, slug: str, now: datetime, max_pages: int = MAX_PAGES) -> Activity:
    owner, name = slug.split("/", 1)
    activity = Activity(since=window_start(now), commits=None, commits_all=None)
    identities = Identities()
    raw: list[tuple[str, str, str]] = []  # (login or "", name, email) per commit
    cursor: str | None = None
    while True:
        if activity.requests >= max_pages:
            activity.partial = True
            break
        variables = {"owner": owner, "name": name, "since": activity.since, "cursor": cursor}
        try:
            response = client.graphql(QUERY, variables)
        except GitHubError as error:
            activity.error = f"GraphQL: {error.message}"
            break
        activity.requests += 1
        history = _history(response.data)
        if history is None:
            repository = (response.data or {}).get("repository")
            if isinstance(repository, dict) and repository.get("defaultBranchRef") is None:
                activity.commits_all = 0  # an empty repository has no default branch
                break
            messages = "; ".join(str(e.get("message")) for e in response.errors) or "no history returned"
            activity.error = f"GraphQL: {messages}"
            break
        activity.commits_all = int(history.get("totalCount") or 0)
        for node in history.get("nodes") or []:
            author = (node or {}).get("author") or {}
            login = str((author.get("user") or {}).get("login") or "")
            raw.append((login, str(author.get("name") or ""), str(author.get("email") or "")))
        page = history.get("pageInfo") or {}
        if not page.get("hasNextPage") or not page.get("endCursor"):
            break
        cursor = str(page["endCursor"])
    if activity.error and activity.commits_all is not None:
        activity.partial = True
    for _, author_name, email in raw:
        identities.learn(author_name, email)
    keyed = [
        (login.lower() if login else identities.key(author_name, email), author_name or None)
        for login, author_name, email in raw
    ]
    counted = count_authors(keyed)
    activity.commits_seen = len(raw)
    activity.authors = [a for a in counted if not a.is_bot]
    if activity.commits_all is not None:
        bot_commits = sum(a.commits for a in counted if a.is_bot)
        # Complete: every commit's author was seen. Partial: only the human commits seen, a lower bound.
        seen_humans = len(raw) - bot_commits
        activity.commits = seen_humans if activity.partial else activity.commits_all - bot_commits
    return activity
