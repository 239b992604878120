"""Repository URLs: normalise `https://github.com/OWNER/REPO`, explain every change, refuse lookalikes.

`normalise_repository_url(raw, allowed_hosts)` returns the URL the bot will vet, notes for
harmless fixes (http, www., .git, trailing slash, spaces), and an error with a fix for URLs
that do not name one repository on an allowed host. Owner and repository keep the case
written; compare with `repository_key`, which ignores case as GitHub does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.display import quoted

OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# First path segments on github.com that are pages, not owners.
GITHUB_PAGES = {"orgs", "users", "settings", "topics", "marketplace", "sponsors", "features", "apps"}


@dataclass
class NormalisedUrl:
    url: str | None  # https://host/owner/repo, None when the input names no repository
    notes: list[str] = field(default_factory=list)  # harmless changes made
    error: str | None = None
    fix: str | None = None
    subpage: str | None = None  # the sub-page dropped (/tree/main/x), when there was one


def repository_key(url: str) -> str:
    """The comparison key of a normalised URL: GitHub owner and repository names ignore case."""
    return url.casefold()


CANONICAL = re.compile(
    r"https://github\.com/([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/([A-Za-z0-9._-]{1,100})"
)


def normalise_repository_url(raw: object, allowed_hosts: Sequence[str] = ("github.com",)) -> NormalisedUrl:
    if isinstance(raw, str) and "github.com" in allowed_hosts:
        canonical = CANONICAL.fullmatch(raw)  # the common case, answered without parsing
        owner, repo = canonical.groups() if canonical else ("", "")
        if (
            canonical
            and owner.lower() not in GITHUB_PAGES
            and not repo.lower().endswith(".git")
            and repo
            not in (
                ".",
                "..",
            )
        ):
            return NormalisedUrl(raw)
    if not isinstance(raw, str):
        return NormalisedUrl(None, error="the repository URL must be text")
    result = NormalisedUrl(None)
    text = raw.strip()
    if text != raw:
        result.notes.append("spaces around the URL removed")
    if not text:
        result.error = "the repository URL is empty"
        result.fix = "write the repository URL, like https://github.com/OWNER/REPO"
        return result
    if any(c.isspace() or ord(c) < 0x20 or c == "\\" for c in text):
        result.error = "the repository URL contains spaces, control characters or backslashes"
        return result
    if "://" not in text:
        text = "https://" + text
        result.notes.append("https:// added")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return NormalisedUrl(None, error="the repository URL cannot be read as a URL")
    if parts.scheme.lower() not in ("http", "https"):
        return NormalisedUrl(None, error=f"the repository URL must start with https:// (not {parts.scheme}:)")
    if parts.scheme.lower() == "http":
        result.notes.append("http:// changed to https://")
    host_error = _host_problem(parts.netloc, parts.hostname or "", port, allowed_hosts)
    if host_error:
        result.error, result.fix = host_error
        return result
    host = (parts.hostname or "").rstrip(".")
    if host.startswith("www."):
        host = host.removeprefix("www.")
        result.notes.append("www. removed")
    if parts.query or parts.fragment:
        result.notes.append("query or #fragment removed")
    return _path(result, host, parts.path)


def _host_problem(
    netloc: str, hostname: str, port: int | None, allowed: Sequence[str]
) -> tuple[str, str | None] | None:
    allowed_text = ", ".join(allowed)
    if "@" in netloc:
        return (
            f"the URL hides its real host behind a user name ({quoted(netloc)}); it does not point at {allowed_text}",
            "write https://github.com/OWNER/REPO",
        )
    if not hostname:
        return "the repository URL has no host", "write https://github.com/OWNER/REPO"
    if not hostname.isascii() or any(label.startswith("xn--") for label in hostname.split(".")):
        return (
            f"the host {quoted(hostname)} uses non-ASCII or punycode characters and only looks like an allowed "
            f"host ({allowed_text})",
            "type the host name by hand",
        )
    if port is not None:
        return f"the repository URL names a port ({port}); use the plain host", None
    host = hostname.rstrip(".").removeprefix("www.")
    if host in allowed:
        return None
    lookalikes = [a for a in allowed if a in host or edit_distance(host, a) <= 1]
    if lookalikes:
        lookalike = lookalikes[0]
        return (
            f"the host {quoted(hostname)} is not {lookalike} (it only looks like it)",
            f"use https://{lookalike}/OWNER/REPO",
        )
    return (
        f"repositories must be on {allowed_text}; {quoted(hostname)} is not allowed",
        "ask the catalog maintainers to add the host to `catalog.allowed_hosts`",
    )


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of two neighbours counts once): githuh.com → 1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def _path(result: NormalisedUrl, host: str, path: str) -> NormalisedUrl:
    segments = [s for s in path.split("/") if s]
    if path.endswith("/") and len(segments) == 2:
        result.notes.append("trailing / removed")
    if segments and segments[0].lower() in GITHUB_PAGES and host == "github.com":
        segments = segments[1:2]  # /orgs/NAME/... is the organisation NAME
    if not segments:
        result.error = "the URL names no repository"
        result.fix = f"write https://{host}/OWNER/REPO"
        return result
    owner = segments[0]
    if not OWNER.match(owner):
        result.error = f"{quoted(owner)} is not a valid owner name"
        return result
    if len(segments) == 1:
        result.error = f"https://{host}/{owner} is an organisation or user, not a repository"
        result.fix = f"point at one repository: https://{host}/{owner}/REPO"
        return result
    repo = segments[1]
    if repo.lower().endswith(".git") and len(repo) > 4:
        repo = repo[:-4]
        result.notes.append(".git removed")
    if not REPO.match(repo) or repo in (".", ".."):
        result.error = f"{quoted(repo)} is not a valid repository name"
        return result
    result.url = f"https://{host}/{owner}/{repo}"
    if len(segments) > 2:
        result.subpage = "/" + "/".join(segments[2:])
        result.fix = f"use the repository URL {result.url}"
    return result


def describe_notes(raw: str, result: NormalisedUrl) -> str:
    """One line for a note problem: what was changed."""
    return f"URL normalised from {quoted(raw)} to {result.url} ({'; '.join(result.notes)})"
