"""RepoFacts from a local git checkout: files and `git log`, no network.

The committed state at HEAD is vetted, as GitHub would see it after a push: files come from
git's object store (`git ls-tree`, `git cat-file`), so uncommitted edits are not seen and a
checkout whose work tree is incomplete is still read correctly.

What a checkout cannot know stays None and is named in `not_provided` ("not checked offline"):
stars, forks, issues and pull requests, CI status, archived/fork flags, description and topics,
the dependency graph; the checks that need them are skipped, not unknown. GitHub releases are
replaced by tags (`sources["releases"] = "git-tags"`). `contributors` counts the distinct people among the authors of the whole
history (one key per person; bots and automation left out, see bot.facts.authors), the closest a checkout comes to GitHub's count (which also
includes anonymous contributors). A shallow clone cannot count commits: those facts stay
None and the error says why.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

from bot.facts.authors import Identities, count_authors, is_automation
from bot.facts.license_text import license_from_files
from bot.facts.model import FileText, Release, RepoFacts
from bot.facts.repo_files import (
    MAX_TEXT_BYTES,
    community_files,
    is_workflow,
    license_files,
    text_files_wanted,
)

GIT_TIMEOUT = 120.0
_GITHUB_REMOTE = re.compile(r"github\.com[:/]([^/\s]+)/([^/\s]+?)(\.git)?/?$")


# GitHub-only facts → what they are, for "not checked offline: GitHub data (…)".
GITHUB_ONLY_FACTS: dict[str, str] = {
    "archived": "the archived flag",
    "disabled": "the disabled flag",
    "fork": "the fork flag",
    "description": "the repository description",
    "topics": "the repository topics",
    "stars": "the number of stars",
    "forks": "the number of forks",
    "head_ci_state": "the CI status of HEAD",
    "open_issues": "the issue count",
    "closed_issues": "the issue count",
    "open_pull_requests": "the pull request count",
    "issue_responses": "issue activity",
    "dependencies": "the dependency graph (SBOM)",
}


def offline_gaps() -> dict[str, str]:
    """`RepoFacts.not_provided` for a local checkout: the GitHub-only facts, each with its reason."""
    return {fact: f"not checked offline: GitHub data ({what})" for fact, what in GITHUB_ONLY_FACTS.items()}


_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/local/bin"}


class GitError(Exception):
    """A git command failed; the message says which and why."""


def _git(path: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(path), "-c", "core.fsmonitor=false", *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=_ENV,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git {args[0]} failed: {error}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _tree(path: Path) -> dict[str, int | None]:
    """Every file committed at HEAD → its size (None when git does not know it, e.g. a submodule)."""
    listing: dict[str, int | None] = {}
    for item in _git(path, "ls-tree", "-r", "-z", "--long", "HEAD").split("\0"):
        if not item:
            continue
        meta, _, name = item.partition("\t")
        kind, size = meta.split()[1], meta.split()[3]
        if kind == "blob":
            listing[name] = int(size) if size.isdigit() else None
    return listing


def _read_blobs(path: Path, wanted: dict[str, int | None]) -> dict[str, FileText]:
    """Texts of files at HEAD (one `git cat-file --batch`); binary, too large or absent → text None."""
    small = [p for p, size in wanted.items() if size is not None and size <= MAX_TEXT_BYTES]
    found = {p: FileText(path=p, text=None, size=size) for p, size in wanted.items()}
    if not small:
        return found
    try:
        done = subprocess.run(
            ["git", "-C", str(path), "cat-file", "--batch"],
            input="".join(f"HEAD:{p}\n" for p in small).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=_ENV,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git cat-file failed: {error}") from error
    data, offset = done.stdout, 0
    for name in small:
        end = data.find(b"\n", offset)
        if end < 0:
            break
        header = data[offset:end].split()
        offset = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing": listed but absent from the object store
        size = int(header[2])
        blob = data[offset : offset + size]
        offset += size + 1
        if b"\0" not in blob[:8000]:
            found[name].text = blob.decode("utf-8", "replace")
    return found


def _github_slug(path: Path) -> str | None:
    try:
        remote = _git(path, "remote", "get-url", "origin").strip()
    except GitError:
        return None
    match = _GITHUB_REMOTE.search(remote)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def _history(facts: RepoFacts, path: Path, now: datetime, log: Future[str], roots: Future[str]) -> None:
    """HEAD, commit counts in 90/365 days, recent authors, first commit, tags; `log` and `roots`
    are the `git log` outputs of `_read_history`."""
    _head_and_tags(facts, path)
    if _git(path, "rev-parse", "--is-shallow-repository").strip() == "true":
        facts.error = (
            "shallow clone: commit counts, authors and contributors are unknown (fetch the full history)"
        )
        return
    commits = [line.split("\0") for line in log.result().splitlines() if line.count("\0") == 4]
    _count_commits(facts, commits, now)
    first = roots.result().split()
    facts.created_at = min(first) if first else None
    for key in (
        "commits_90d",
        "commits_365d",
        "recent_authors",
        "recent_authors_90d",
        "contributors",
        "created_at",
    ):
        facts.sources[key] = "git"


def _head_and_tags(facts: RepoFacts, path: Path) -> None:
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


def _identity_keys(commits: list[list[str]]) -> dict[tuple[str, str], str]:
    """(name, e-mail) → the person's key. A long history has few distinct people: each identity is
    looked at once, not once per commit (30,000 commits, 200 people). `learn` is order-sensitive, so
    it still sees the commits in order; a repeated pair only matters when it is a GitHub login (it may
    reclaim its full name)."""
    identities = Identities()
    logins: dict[tuple[str, str], bool] = {}
    for _, email, name, _, _ in commits:
        pair = (name, email)
        if pair not in logins or logins[pair]:
            logins.setdefault(pair, Identities.own(name, email)[1])
            identities.learn(name, email)
    return {pair: identities.key(*pair) for pair in logins}


def _count_commits(facts: RepoFacts, commits: list[list[str]], now: datetime) -> None:
    """Commits and authors in 90/365 days and every contributor, people only (automation apart)."""
    since90, since365 = now - timedelta(days=90), now - timedelta(days=365)
    keys = _identity_keys(commits)
    machine: dict[tuple[str, str, str, str], bool] = {}
    commits_90: list[tuple[str, str | None]] = []
    commits_365: list[tuple[str, str | None]] = []
    everyone: set[str] = set()
    automation: set[str] = set()
    for when, email, name, committer_email, committer_name in commits:
        key = keys[(name, email)]
        who = (name, email, committer_name, committer_email)
        if who not in machine:
            machine[who] = is_automation((name, email), (committer_name, committer_email))
        (automation if machine[who] else everyone).add(key)  # automation is not a contributor
        committed = datetime.fromisoformat(when)
        if committed > now or committed < since365:
            continue
        commits_365.append((key, name))
        if committed >= since90:
            commits_90.append((key, name))
    facts.commits_90d, facts.commits_365d = len(commits_90), len(commits_365)
    facts.recent_authors = count_authors(commits_365, frozenset(automation))
    facts.recent_authors_90d = count_authors(commits_90, frozenset(automation))
    facts.contributors = len(everyone - automation)


def _read_history(pool: ThreadPoolExecutor, path: Path, now: datetime) -> tuple[Future[str], Future[str]]:
    """The whole history's log (every author counts as a contributor) and its root commits, read by
    git while this process reads files and matches the license text."""
    log = pool.submit(
        _git, path, "log", f"--until={_iso(now)}", "--format=%cI%x00%aE%x00%aN%x00%cE%x00%cN", "HEAD"
    )
    roots = pool.submit(_git, path, "log", "--max-parents=0", "--format=%cI", "HEAD")
    return log, roots


def _files(facts: RepoFacts, path: Path) -> None:
    """Tree, root listing, community files, workflows and the texts the checks read, all at HEAD."""
    sizes = _tree(path)
    tree = sorted(sizes)
    facts.tree = tree
    facts.root_files = sorted({p.split("/", 1)[0] for p in tree})
    facts.community_files = community_files(tree)
    workflows = [p for p in tree if is_workflow(p)]
    wanted = text_files_wanted(tree)
    texts = _read_blobs(path, {p: sizes[p] for p in [*workflows, *wanted]})
    facts.workflows = {p: texts[p].text or "" for p in workflows if texts[p].text is not None}
    facts.files.update({p: texts[p] for p in wanted})
    for key in ("tree", "root_files", "community_files", "workflows", "files"):
        facts.sources[key] = "git"


def _license(facts: RepoFacts) -> None:
    texts = {
        name: facts.files[name].text or ""
        for name in license_files(facts.root_files or [])
        if name in facts.files and facts.files[name].text is not None
    }
    readme = next(
        (f.text for name, f in facts.files.items() if "/" not in name and name.upper().startswith("README")),
        None,
    )
    facts.license = license_from_files(texts, readme)
    if facts.license is not None:
        facts.sources["license"] = "license-file"


def _has_commits(path: Path) -> bool:
    try:
        _git(path, "rev-parse", "--verify", "-q", "HEAD")
    except GitError:
        return False
    return True


def gather_local(path: str | Path, now: datetime) -> RepoFacts:
    """Facts about the git checkout at `path`, as of `now` (timezone-aware)."""
    root = Path(path).expanduser().resolve()
    slug = None
    facts = RepoFacts(repository=str(path), url=root.as_uri(), now=_iso(now), not_provided=offline_gaps())
    if not root.is_dir():
        facts.available, facts.error = False, f"{path}: no such directory"
        return facts
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        slug = _github_slug(top)
        if not _has_commits(top):
            facts.tree, facts.root_files, facts.files = [], [], {}
            facts.commits_90d = facts.commits_365d = 0
            facts.error = f"{path}: the repository has no commits yet"
            return facts
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="git-log") as pool:
            log, roots = _read_history(pool, top, now)
            _files(facts, top)
            _license(facts)
            _history(facts, top, now, log, roots)
    except GitError as error:
        facts.available = False
        facts.error = f"{path}: not a readable git checkout ({error})"
        return facts
    if slug:
        facts.url = f"https://github.com/{slug}"
    return facts
