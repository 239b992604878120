"""RepoFacts from a local git checkout: files and `git log`, no network.

What a checkout cannot know stays None (unknown): stars, forks, issues and pull requests,
CI status, archived/fork flags, description and topics, GitHub releases (tags are reported
instead, with `sources["releases"] = "git-tags"`). `contributors` counts distinct author
e-mails in the whole history, the closest a checkout comes to GitHub's count (which also
includes anonymous contributors). A shallow clone cannot count commits: those facts stay
None and the error says why.
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from bot.facts.license_text import license_from_files
from bot.facts.model import FileText, Release, RepoFacts
from bot.facts.repo_files import (
    MAX_TEXT_BYTES,
    community_files,
    count_authors,
    is_workflow,
    license_files,
    text_files_wanted,
)

GIT_TIMEOUT = 120.0
_GITHUB_REMOTE = re.compile(r"github\.com[:/]([^/\s]+)/([^/\s]+?)(\.git)?/?$")


class GitError(Exception):
    """A git command failed; the message says which and why."""


def _git(path: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(path), "-c", "core.fsmonitor=false", *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env={"GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/local/bin"},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git {args[0]} failed: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _read_text(path: Path) -> FileText | None:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            return FileText(path=path.name, text=None, size=size)
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8000]:
        return FileText(path=path.name, text=None, size=size)
    return FileText(path=path.name, text=data.decode("utf-8", "replace"), size=size)


def _github_slug(path: Path) -> str | None:
    try:
        remote = _git(path, "remote", "get-url", "origin").strip()
    except GitError:
        return None
    match = _GITHUB_REMOTE.search(remote)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def _history(facts: RepoFacts, path: Path, now: datetime) -> None:
    """HEAD, commit counts in 90/365 days, recent authors, first commit, tags."""
    head = _git(path, "log", "-1", "--format=%H%x00%cI", "HEAD").strip()
    if head:
        facts.head_sha, facts.head_committed_at = head.split("\0")
    try:
        facts.default_branch = _git(path, "symbolic-ref", "--short", "HEAD").strip() or None
    except GitError:
        facts.default_branch = None  # detached HEAD
    tags = _git(
        path,
        "for-each-ref",
        "--sort=-creatordate",
        "--format=%(refname:short)%00%(creatordate:iso-strict)",
        "refs/tags",
    ).splitlines()
    facts.tag_count = len(tags)
    facts.releases = [Release(tag=t.split("\0")[0], published_at=t.split("\0")[1] or None) for t in tags[:10]]
    facts.sources.update(releases="git-tags", tag_count="git", head_sha="git", default_branch="git")

    if _git(path, "rev-parse", "--is-shallow-repository").strip() == "true":
        facts.error = (
            "shallow clone: commit counts, authors and contributors are unknown (fetch the full history)"
        )
        return
    since90, since365 = now - timedelta(days=90), now - timedelta(days=365)
    log = _git(
        path, "log", f"--since={_iso(since365)}", f"--until={_iso(now)}", "--format=%cI%x00%aE%x00%aN", "HEAD"
    )
    commits_90: list[tuple[str, str | None]] = []
    commits_365: list[tuple[str, str | None]] = []
    for line in log.splitlines():
        when, email, name = line.split("\0")
        key = (email or name).lower()
        committed = datetime.fromisoformat(when)
        if committed > now:
            continue
        commits_365.append((key, name))
        if committed >= since90:
            commits_90.append((key, name))
    facts.commits_90d, facts.commits_365d = len(commits_90), len(commits_365)
    facts.recent_authors = count_authors(commits_365)
    facts.recent_authors_90d = count_authors(commits_90)
    emails = {e.lower() for e in _git(path, "log", "--format=%aE", "HEAD").splitlines() if e}
    facts.contributors = len(emails)
    roots = _git(path, "log", "--max-parents=0", "--format=%cI", "HEAD").split()
    facts.created_at = min(roots) if roots else None
    for key in (
        "commits_90d",
        "commits_365d",
        "recent_authors",
        "recent_authors_90d",
        "contributors",
        "created_at",
    ):
        facts.sources[key] = "git"


def _files(facts: RepoFacts, path: Path) -> None:
    """Tree, root listing, community files, workflows and the texts the checks read."""
    tree = [p for p in _git(path, "ls-files", "-z").split("\0") if p]
    facts.tree = tree
    facts.root_files = sorted({p.split("/", 1)[0] for p in tree})
    facts.community_files = community_files(tree)
    workflows: dict[str, str] = {}
    for workflow in (p for p in tree if is_workflow(p)):
        text = _read_text(path / workflow)
        if text is not None and text.text is not None:
            workflows[workflow] = text.text
    facts.workflows = workflows
    for wanted in text_files_wanted(tree):
        text = _read_text(path / wanted)
        if text is not None:
            text.path = wanted
            facts.files[wanted] = text
    for key in ("tree", "root_files", "community_files", "workflows", "files"):
        facts.sources[key] = "git"


def _license(facts: RepoFacts) -> None:
    texts = {
        name: facts.files[name].text or ""
        for name in license_files(facts.root_files or [])
        if name in facts.files and facts.files[name].text is not None
    }
    facts.license = license_from_files(texts)
    if facts.license is not None:
        facts.sources["license"] = "license-file"


def gather_local(path: str | Path, now: datetime) -> RepoFacts:
    """Facts about the git checkout at `path`, as of `now` (timezone-aware)."""
    root = Path(path).expanduser().resolve()
    slug = None
    facts = RepoFacts(repository=str(path), url=root.as_uri(), now=_iso(now))
    if not root.is_dir():
        facts.available, facts.error = False, f"{path}: no such directory"
        return facts
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        slug = _github_slug(top)
        _files(facts, top)
        _license(facts)
        _history(facts, top, now)
    except GitError as error:
        facts.available = False
        facts.error = f"{path}: not a readable git checkout ({error})"
        return facts
    if slug:
        facts.url = f"https://github.com/{slug}"
    return facts
