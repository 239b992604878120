"""Links to the repository at the reviewed commit, so a reviewer can verify evidence in one click."""

from __future__ import annotations

from urllib.parse import quote

from bot.facts.model import RepoFacts

GITHUB = "https://github.com/"


def revision(facts: RepoFacts) -> str:
    """The commit the facts describe: the HEAD SHA, else the default branch."""
    return facts.head_sha or facts.default_branch or "HEAD"


def repository_url(facts: RepoFacts) -> str | None:
    """The GitHub URL of the repository, or None for a local checkout without one."""
    url = (facts.url or "").rstrip("/")
    return url if url.startswith(GITHUB) else None


def repository_name(facts: RepoFacts) -> str:
    """owner/name for messages: from the GitHub URL (a checkout's origin), else as asked."""
    base = repository_url(facts)
    return base.removeprefix(GITHUB) if base else facts.repository


def blob_url(facts: RepoFacts, path: str, line: int | None = None) -> str | None:
    """https://github.com/{repo}/blob/{sha}/{path}[#L{line}]."""
    base = repository_url(facts)
    if base is None:
        return None
    anchor = f"#L{line}" if line else ""
    return f"{base}/blob/{revision(facts)}/{quote(path)}{anchor}"


def tree_url(facts: RepoFacts, path: str) -> str | None:
    """https://github.com/{repo}/tree/{sha}/{path}, for folders."""
    base = repository_url(facts)
    if base is None:
        return None
    return f"{base}/tree/{revision(facts)}/{quote(path)}"


def repository_page(facts: RepoFacts, page: str = "") -> str | None:
    """A page of the repository on GitHub (about, issues, releases …)."""
    base = repository_url(facts)
    if base is None:
        return None
    return f"{base}/{page}" if page else base
