"""The simulator's world: users, tokens, repositories with commits, issues and pull requests, registries.

Everything a request can read or write lives here. Objects are plain dataclasses; a single lock
(`State.lock`) serialises requests so handlers can mutate freely. Fixtures are turned into a
`State` by `bot.simulator.fixture.load_state`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

# The first id the simulator gives each kind of object: near what github.com hands out today (2025-26),
# so ids above 2^31 (issues, issue comments, labels, workflow runs) meet the bot as they do on GitHub.
ID_STARTS = {
    "user": 200_000_000,
    "repository": 1_000_000_000,
    "issue": 3_400_000_000,
    "comment": 3_000_000_000,
    "label": 9_000_000_000,
    "reaction": 300_000_000,
    "release": 250_000_000,
    "run": 19_000_000_000,
}


def iso(moment: datetime) -> str:
    """GitHub's timestamp format: 2026-11-26T12:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def git_blob_sha(text: str) -> str:
    """The object id git gives a blob with this content."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def tree_sha(tree: dict[str, str], directory: str) -> str:
    """A stable id for the directory `directory` ("" = root) of a tree."""
    prefix = f"{directory}/" if directory else ""
    listing = sorted((p, git_blob_sha(t)) for p, t in tree.items() if p.startswith(prefix))
    return hashlib.sha1(repr(listing).encode()).hexdigest()


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # User | Bot | Organization
    name: str | None = None
    email: str | None = None

    @property
    def graphql_login(self) -> str:
        """GraphQL reports a Bot's login without the "[bot]" suffix REST shows."""
        return self.login.removesuffix("[bot]") if self.type == "Bot" else self.login


@dataclass
class Token:
    value: str
    login: str
    read_only: bool = False
    rest_limit: int = 5000
    graphql_limit: int = 5000


@dataclass
class Commit:
    sha: str
    parents: list[str]
    message: str
    date: datetime
    author_name: str
    author_email: str
    author_login: str | None
    tree: dict[str, str]  # the whole tree at this commit: path → text
    changes: dict[str, str | None]  # what this commit did: path → new text, None = removed
    committer: tuple[str, str, str | None] | None = None  # (name, e-mail, login); None: the author


@dataclass
class Reaction:
    id: int
    content: str
    login: str
    created_at: datetime


@dataclass
class Comment:
    id: int
    author: str
    body: str
    created_at: datetime
    updated_at: datetime
    reactions: list[Reaction] = field(default_factory=list)


@dataclass
class PullInfo:
    """What makes an issue a pull request."""

    base_ref: str
    base_sha: str
    head_ref: str
    head_sha: str
    head_repo: str | None  # full name; None when the fork was deleted
    merged: bool = False
    commits: list[str] = field(default_factory=list)  # the PR's own commits, oldest first


@dataclass
class Issue:
    number: int
    id: int
    title: str
    body: str
    author: str
    state: str  # open | closed
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    labels: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    pull: PullInfo | None = None


@dataclass
class Label:
    name: str
    id: int
    color: str = "ededed"
    description: str | None = None


@dataclass
class Release:
    tag: str
    id: int
    name: str | None
    created_at: datetime
    published_at: datetime | None
    prerelease: bool = False
    draft: bool = False


@dataclass
class WorkflowRun:
    id: int
    name: str
    status: str
    conclusion: str | None
    head_sha: str
    head_branch: str
    event: str
    created_at: datetime


@dataclass
class SbomPackage:
    name: str
    version: str | None
    license: str | None


@dataclass
class Repository:
    full_name: str
    id: int
    default_branch: str = "main"
    description: str | None = None
    homepage: str | None = None
    topics: list[str] = field(default_factory=list)
    license: str | None = None  # spdx id as GitHub reports it (NOASSERTION for "other"), None: no license
    stars: int = 0
    forks: int = 0
    watchers: int = 0
    archived: bool = False
    fork: bool = False
    parent: str | None = None
    private: bool = False
    disabled: bool = False
    created_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    pushed_at: datetime | None = None
    ci: str | None = None  # statusCheckRollup state of the default branch head, lower case
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)
    permissions: dict[str, str] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name → label
    issues: dict[int, Issue] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    workflow_runs: list[WorkflowRun] = field(default_factory=list)
    sbom: list[SbomPackage] = field(default_factory=list)
    contributors: list[tuple[str, int]] | None = None  # None: derived from commit authors
    anonymous_contributors: int | None = None

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.full_name.split("/", 1)[1]

    @property
    def head_sha(self) -> str | None:
        return self.branches.get(self.default_branch)

    def resolve_rev(self, rev: str) -> Commit | None:
        """HEAD, a branch, a tag, refs/pull/N/head, a full sha or an unambiguous prefix of at least 4 hex digits."""
        if rev == "HEAD":
            head = self.head_sha
            return self.commits.get(head) if head else None
        for refs in (self.branches, self.tags):
            if rev in refs:
                return self.commits.get(refs[rev])
        for prefix in ("refs/heads/", "refs/tags/"):
            if rev.startswith(prefix):
                return self.resolve_rev(rev.removeprefix(prefix))
        pull = re.fullmatch(r"refs/pull/(\d+)/head", rev)  # GitHub keeps each PR's head in the base repo
        if pull:
            issue = self.issues.get(int(pull.group(1)))
            return self.commits.get(issue.pull.head_sha) if issue and issue.pull else None
        if rev in self.commits:
            return self.commits[rev]
        if len(rev) >= 4:
            found = [c for sha, c in self.commits.items() if sha.startswith(rev.lower())]
            if len(found) == 1:
                return found[0]
        return None

    def history(self, sha: str) -> list[Commit]:
        """First-parent history from `sha`, newest first."""
        result: list[Commit] = []
        current: str | None = sha
        while current and current in self.commits:
            commit = self.commits[current]
            result.append(commit)
            current = commit.parents[0] if commit.parents else None
        return result

    def permission_of(self, login: str) -> str:
        """The role a user has: admin, maintain, write, triage, read or none."""
        if login in self.permissions:
            return self.permissions[login]
        if login == self.owner:
            return "admin"
        return "none"


@dataclass
class State:
    now: datetime
    users: dict[str, User] = field(default_factory=dict)  # lower-cased login → user
    tokens: dict[str, Token] = field(default_factory=dict)
    repositories: dict[str, Repository] = field(default_factory=dict)  # lower-cased full name → repo
    renamed: dict[str, str] = field(default_factory=dict)  # lower-cased old full name → new full name
    pypi: dict[str, Json] = field(default_factory=dict)  # normalised name → {"info": …, "urls": …}
    conda: dict[str, dict[str, Json]] = field(default_factory=dict)  # channel → name → package
    api_url: str = "http://127.0.0.1"
    next_ids: dict[str, int] = field(default_factory=lambda: dict(ID_STARTS))
    null_fields: set[str] = field(default_factory=set)  # "Type.field": GraphQL answers null for it
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # ---- identities -------------------------------------------------------------------------
    def new_id(self, kind: str) -> int:
        """A fresh id for an object of `kind` (a key of ID_STARTS), in the range GitHub uses for it."""
        self.next_ids[kind] += 1
        return self.next_ids[kind]

    def user(self, login: str) -> User:
        """The user with this login, created on first mention (as a User, or a Bot for `…[bot]`)."""
        key = login.lower()
        if key not in self.users:
            kind = "Bot" if login.endswith("[bot]") else "User"
            self.users[key] = User(login=login, id=self.new_id("user"), type=kind)
        return self.users[key]

    # ---- repositories -----------------------------------------------------------------------
    def repo(self, full_name: str) -> Repository:
        """The repository, following renames; KeyError when there is none."""
        key = full_name.lower()
        if key in self.renamed:
            key = self.renamed[key].lower()
        return self.repositories[key]

    def find_repo(self, full_name: str) -> Repository | None:
        try:
            return self.repo(full_name)
        except KeyError:
            return None

    def issue(self, repo: str, number: int) -> Issue:
        return self.repo(repo).issues[number]

    def find_comment(self, repo: Repository, comment_id: int) -> tuple[Issue, Comment] | None:
        for issue in repo.issues.values():
            for comment in issue.comments:
                if comment.id == comment_id:
                    return issue, comment
        return None

    # ---- read helpers for tests ---------------------------------------------------------------
    def issue_labels(self, repo: str, number: int) -> list[str]:
        with self.lock:
            return list(self.issue(repo, number).labels)

    def repo_labels(self, repo: str) -> list[Json]:
        with self.lock:
            return [
                {"name": label.name, "color": label.color, "description": label.description}
                for label in self.repo(repo).labels.values()
            ]

    def reactions(self, repo: str, comment_id: int) -> list[str]:
        with self.lock:
            found = self.find_comment(self.repo(repo), comment_id)
            if found is None:
                raise KeyError(f"no comment {comment_id} in {repo}")
            return [r.content for r in found[1].reactions]

    # ---- writes for tests and handlers --------------------------------------------------------
    def add_comment(self, repo: str, number: int, login: str, body: str) -> Comment:
        """A comment by `login` on issue or PR `number` (`Simulator.add_comment` returns it as REST shows it)."""
        with self.lock:
            target = self.repo(repo)
            self.user(login)
            comment = Comment(
                id=self.new_id("comment"), author=login, body=body, created_at=self.now, updated_at=self.now
            )
            target.issues[number].comments.append(comment)
            return comment

    def push(
        self, repo: str, number: int, files: dict[str, str | None], message: str = "Update files"
    ) -> str:
        """A new head commit on PR `number` changing `files` (None removes a file); returns its sha."""
        with self.lock:
            target = self.repo(repo)
            issue = target.issues[number]
            if issue.pull is None:
                raise KeyError(f"#{number} of {repo} is not a pull request")
            parent = target.commits[issue.pull.head_sha]
            commit = make_commit(parent, message, self.now, self.user(issue.author), files)
            target.commits[commit.sha] = commit
            issue.pull.head_sha = commit.sha
            issue.pull.commits.append(commit.sha)
            issue.updated_at = self.now
            if issue.pull.head_repo:
                head_repo = self.find_repo(issue.pull.head_repo)
                if head_repo is not None:
                    head_repo.commits[commit.sha] = commit
                    head_repo.branches[issue.pull.head_ref] = commit.sha
            return commit.sha


def commit_sha(parent: str | None, message: str, date: datetime, author: str, changes: object) -> str:
    """Deterministic sha of a commit: the same fixture always yields the same shas."""
    payload = json.dumps([parent, message, iso(date), author, changes], sort_keys=True)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def make_commit(
    parent: Commit | None,
    message: str,
    date: datetime,
    author: User,
    changes: dict[str, str | None],
    sha: str | None = None,
    author_name: str | None = None,
    author_email: str | None = None,
    login: str | None = "",
    committer: tuple[str, str, str | None] | None = None,
) -> Commit:
    """A commit on top of `parent` (None: the root commit); the tree accumulates the changes."""
    tree = dict(parent.tree) if parent else {}
    for path, text in changes.items():
        if text is None:
            tree.pop(path, None)
        else:
            tree[path] = text
    name = author_name or author.name or author.login
    email = author_email or author.email or f"{author.id}+{author.login}@users.noreply.github.com"
    resolved_login = author.login if login == "" else login
    return Commit(
        sha=sha or commit_sha(parent.sha if parent else None, message, date, email, changes),
        parents=[parent.sha] if parent else [],
        message=message,
        date=date,
        author_name=name,
        author_email=email,
        author_login=resolved_login,
        tree=tree,
        changes=dict(changes),
        committer=committer,
    )
