"""GraphQL objects over the state. graphql-core calls a method named like the field with (info, **args).

Each class has `typename` (used to resolve interfaces such as GitObject and Actor). Connections follow
GitHub's rules: `first`/`last` at most 100, required when nodes are asked for, opaque cursors.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from graphql import FieldNode, GraphQLError, GraphQLResolveInfo

from bot.simulator.routing import Request
from bot.simulator.shapes import HTML, SPDX_NAMES, actor_node_id, changed_files, legacy_node_id, node_id
from bot.simulator.state import Comment, Commit, Issue, Repository, State, User, git_blob_sha, iso, tree_sha

Info = GraphQLResolveInfo
PAGE_LIMIT = 100


def connection(
    info: Info, items: list[Any], first: int | None, last: int | None, after: str | None, before: str | None
) -> dict[str, Any]:
    """A connection page: {nodes, totalCount, pageInfo}, with GitHub's argument rules."""
    name = info.field_name
    asks_nodes = any(
        isinstance(s, FieldNode) and s.name.value in ("nodes", "edges")
        for node in info.field_nodes
        for s in (node.selection_set.selections if node.selection_set else ())
    )
    for argument, value in (("first", first), ("last", last)):
        if value is not None and (value < 0 or value > PAGE_LIMIT):
            raise GraphQLError(
                f"Requesting {value} records on the `{name}` connection exceeds the `{argument}` limit of 100 records.",
                extensions={"type": "EXCESSIVE_PAGINATION"},
            )
    if asks_nodes and first is None and last is None:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{name}` connection.",
            extensions={"type": "MISSING_PAGINATION_BOUNDARIES"},
        )
    start, end = 0, len(items)
    if after is not None:
        start = max(start, decode_cursor(after) + 1)
    if before is not None:
        end = min(end, decode_cursor(before))
    window = list(range(start, max(start, end)))
    if first is not None:
        window = window[:first]
    if last is not None:
        window = window[-last:] if last else []
    nodes = [items[i] for i in window]
    return {
        "nodes": nodes,
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": bool(window) and window[-1] < end - 1,
            "hasPreviousPage": bool(window) and window[0] > start,
            "startCursor": encode_cursor(window[0]) if window else None,
            "endCursor": encode_cursor(window[-1]) if window else None,
        },
    }


def encode_cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])
    except (ValueError, IndexError) as error:
        raise GraphQLError(f"`{cursor}` does not appear to be a valid cursor.") from error


class RootNode:
    typename = "Query"

    def __init__(self, request: Request, cost: int, remaining: int):
        self.request = request
        self.state = request.state
        self.cost = cost
        self.remaining = remaining

    def repository(self, info: Info, owner: str, name: str, followRenames: bool = True) -> RepoNode:
        full_name = f"{owner}/{name}"
        repo = self.state.repositories.get(full_name.lower())
        if repo is None and followRenames:
            repo = self.state.find_repo(full_name)
        token = self.request.token
        hidden = (
            repo is not None
            and repo.private
            and not (token is not None and (token.login == repo.owner or token.login in repo.permissions))
        )
        if repo is None or hidden:
            raise GraphQLError(
                f"Could not resolve to a Repository with the name '{full_name}'.",
                extensions={"type": "NOT_FOUND"},
            )
        return RepoNode(self.state, repo)

    def rateLimit(self, info: Info, dryRun: bool = False) -> dict[str, Any]:
        limit = int(self.request.context.get("limit", 5000))
        reset = int(self.request.context.get("reset", 0))
        return {
            "cost": self.cost,
            "limit": limit,
            "nodeCount": 0,
            "remaining": max(0, self.remaining),
            "used": limit - max(0, self.remaining),
            "resetAt": iso(datetime.fromtimestamp(reset).astimezone()) if reset else iso(self.state.now),
        }

    def user(self, info: Info, login: str) -> ActorNode | None:
        user = self.state.users.get(login.lower())
        return ActorNode(user) if user is not None and user.type == "User" else None


class ActorNode:
    def __init__(self, user: User):
        self.user = user
        self.typename = user.type
        self.login = user.graphql_login
        self.id = actor_node_id(user)
        self.databaseId = user.id
        self.name = user.name
        self.avatarUrl = f"https://avatars.githubusercontent.com/u/{user.id}?v=4"
        self.url = f"{HTML}/{user.login}" if user.type != "Bot" else f"{HTML}/apps/{user.graphql_login}"


def actor(state: State, login: str | None) -> ActorNode | None:
    return ActorNode(state.user(login)) if login else None


class RepoNode:
    typename = "Repository"

    def __init__(self, state: State, repo: Repository):
        self.state = state
        self.repo = repo
        self.id = node_id("R", repo.id)
        self.databaseId = repo.id
        self.name = repo.name
        self.nameWithOwner = repo.full_name
        self.url = f"{HTML}/{repo.full_name}"
        self.isArchived = repo.archived
        self.isFork = repo.fork
        self.isDisabled = repo.disabled
        self.isPrivate = repo.private
        self.createdAt = iso(repo.created_at)
        self.pushedAt = iso(repo.pushed_at) if repo.pushed_at else None
        self.description = repo.description
        self.homepageUrl = repo.homepage or None
        self.stargazerCount = repo.stars
        self.forkCount = repo.forks

    def owner(self, info: Info) -> ActorNode:
        return ActorNode(self.state.user(self.repo.owner))

    def parent(self, info: Info) -> RepoNode | None:
        parent = self.state.find_repo(self.repo.parent) if self.repo.parent else None
        return RepoNode(self.state, parent) if parent else None

    def licenseInfo(self, info: Info) -> dict[str, Any] | None:
        spdx = self.repo.license
        if spdx is None:
            return None
        key, name = SPDX_NAMES.get(spdx, (spdx.lower(), spdx))
        return {"id": legacy_node_id("License", len(key)), "key": key, "name": name, "spdxId": spdx,
                "url": None if spdx == "NOASSERTION" else f"http://choosealicense.com/licenses/{key}/"}  # fmt: skip

    def repositoryTopics(
        self,
        info: Info,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        topics = [
            {
                "id": node_id("RT", self.repo.id, i),
                "url": f"{HTML}/topics/{t}",
                "topic": {"id": legacy_node_id("Topic", i), "name": t},
            }
            for i, t in enumerate(self.repo.topics)
        ]
        return connection(info, topics, first, last, after, before)

    def _issues(
        self, pulls: bool, states: list[str] | None, labels: list[str] | None, order_by: dict[str, str] | None
    ) -> list[Issue]:
        items = [i for i in self.repo.issues.values() if (i.pull is not None) == pulls]
        if states:
            state_of = pull_state if pulls else issue_state
            items = [i for i in items if state_of(i) in states]
        if labels:
            wanted = {x.lower() for x in labels}
            items = [i for i in items if wanted & {x.lower() for x in i.labels}]
        field = (order_by or {}).get("field", "CREATED_AT")
        descending = (order_by or {}).get("direction", "ASC") == "DESC"
        keys = {"CREATED_AT": lambda i: i.created_at, "UPDATED_AT": lambda i: i.updated_at,
                "COMMENTS": lambda i: len(i.comments)}  # fmt: skip
        return sorted(items, key=keys[field], reverse=descending)

    def issues(
        self,
        info: Info,
        orderBy: dict[str, str] | None = None,
        labels: list[str] | None = None,
        states: list[str] | None = None,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        items = [IssueNode(self.state, self.repo, i) for i in self._issues(False, states, labels, orderBy)]
        return connection(info, items, first, last, after, before)

    def pullRequests(
        self,
        info: Info,
        states: list[str] | None = None,
        labels: list[str] | None = None,
        headRefName: str | None = None,
        baseRefName: str | None = None,
        orderBy: dict[str, str] | None = None,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        found = self._issues(True, states, labels, orderBy)
        found = [i for i in found if i.pull and (headRefName is None or i.pull.head_ref == headRefName)]
        found = [i for i in found if i.pull and (baseRefName is None or i.pull.base_ref == baseRefName)]
        return connection(
            info, [PullNode(self.state, self.repo, i) for i in found], first, last, after, before
        )

    def pullRequest(self, info: Info, number: int) -> PullNode:
        issue = self.repo.issues.get(number)
        if issue is None or issue.pull is None:
            raise GraphQLError(
                f"Could not resolve to a PullRequest with the number of {number}.",
                extensions={"type": "NOT_FOUND"},
            )
        return PullNode(self.state, self.repo, issue)

    def releases(
        self,
        info: Info,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
        orderBy: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        field = (orderBy or {}).get("field", "CREATED_AT")
        descending = (orderBy or {}).get("direction", "DESC") == "DESC"
        ordered = sorted(
            self.repo.releases, key=(lambda r: r.name or r.tag) if field == "NAME" else (lambda r: r.created_at),
            reverse=descending,
        )  # fmt: skip
        nodes = [
            {"id": node_id("RE", self.repo.id, r.id), "tagName": r.tag, "name": r.name, "createdAt": iso(r.created_at),
             "publishedAt": iso(r.published_at) if r.published_at and not r.draft else None,
             "isPrerelease": r.prerelease, "isDraft": r.draft, "url": f"{HTML}/{self.repo.full_name}/releases/tag/{r.tag}"}
            for r in ordered
        ]  # fmt: skip
        return connection(info, nodes, first, last, after, before)

    def refs(
        self,
        info: Info,
        refPrefix: str,
        query: str | None = None,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
        direction: str | None = None,
    ) -> dict[str, Any]:
        if refPrefix == "refs/tags/":
            table = self.repo.tags
        elif refPrefix == "refs/heads/":
            table = self.repo.branches
        else:
            table = {}
        names = sorted(n for n in table if query is None or query in n)
        if direction == "DESC":
            names.reverse()
        items = [RefNode(self.state, self.repo, n, refPrefix, table[n]) for n in names]
        return connection(info, items, first, last, after, before)

    def ref(self, info: Info, qualifiedName: str) -> RefNode | None:
        for prefix, table in (("refs/heads/", self.repo.branches), ("refs/tags/", self.repo.tags)):
            short = qualifiedName.removeprefix(prefix)
            if (qualifiedName.startswith(prefix) or "/" not in qualifiedName) and short in table:
                return RefNode(self.state, self.repo, short, prefix, table[short])
        return None

    def defaultBranchRef(self, info: Info) -> RefNode | None:
        head = self.repo.head_sha
        if head is None:
            return None
        return RefNode(self.state, self.repo, self.repo.default_branch, "refs/heads/", head)

    def labels(
        self,
        info: Info,
        orderBy: dict[str, str] | None = None,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
        query: str | None = None,
    ) -> dict[str, Any]:
        labels = [x for x in self.repo.labels.values() if query is None or query.lower() in x.name.lower()]
        if orderBy and orderBy.get("field") == "NAME":
            labels.sort(key=lambda x: x.name.lower(), reverse=orderBy.get("direction") == "DESC")
        nodes = [
            {
                "id": node_id("LA", self.repo.id, x.id),
                "name": x.name,
                "color": x.color,
                "description": x.description,
            }
            for x in labels
        ]
        return connection(info, nodes, first, last, after, before)

    def object(self, info: Info, oid: str | None = None, expression: str | None = None) -> GitNode | None:
        """`expression`: "REV" (a commit) or "REV:PATH" (a blob or tree; "REV:" is the root tree)."""
        if oid is not None:
            commit = self.repo.commits.get(oid)
            return CommitNode(self.state, self.repo, commit) if commit else None
        if expression is None:
            return None
        rev, colon, path = expression.partition(":")
        commit = self.repo.resolve_rev(rev or "HEAD")
        if commit is None:
            return None
        if not colon:
            return CommitNode(self.state, self.repo, commit)
        return tree_object(self.state, self.repo, commit, path.strip("/"))


def issue_state(issue: Issue) -> str:
    return "OPEN" if issue.state == "open" else "CLOSED"


def pull_state(issue: Issue) -> str:
    if issue.pull is not None and issue.pull.merged:
        return "MERGED"
    return issue_state(issue)


class CommentNode:
    typename = "IssueComment"

    def __init__(self, state: State, repo: Repository, issue: Issue, comment: Comment):
        self.id = node_id("IC", repo.id, comment.id)
        self.databaseId = comment.id
        self.fullDatabaseId = str(comment.id)  # BigInt: GitHub sends it as a string
        self.body = comment.body
        self.createdAt = iso(comment.created_at)
        self.url = f"{HTML}/{repo.full_name}/issues/{issue.number}#issuecomment-{comment.id}"
        self.author = actor(state, comment.author)


class IssueNode:
    typename = "Issue"

    def __init__(self, state: State, repo: Repository, issue: Issue):
        self.state_ = state
        self.repo = repo
        self.issue = issue
        self.id = node_id("I", repo.id, issue.id)
        self.databaseId = issue.id
        self.fullDatabaseId = str(issue.id)
        self.number = issue.number
        self.title = issue.title
        self.body = issue.body
        self.createdAt = iso(issue.created_at)
        self.closedAt = iso(issue.closed_at) if issue.closed_at else None
        self.url = f"{HTML}/{repo.full_name}/issues/{issue.number}"
        self.author = actor(state, issue.author)
        self.state = issue_state(issue)

    def comments(
        self,
        info: Info,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        items = [CommentNode(self.state_, self.repo, self.issue, c) for c in self.issue.comments]
        return connection(info, items, first, last, after, before)

    def labels(
        self,
        info: Info,
        orderBy: dict[str, str] | None = None,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        nodes = []
        for name in self.issue.labels:
            label = self.repo.labels.get(name.lower())
            if label is not None:
                nodes.append(
                    {
                        "id": node_id("LA", self.repo.id, label.id),
                        "name": label.name,
                        "color": label.color,
                        "description": label.description,
                    }
                )
        return connection(info, nodes, first, last, after, before)


class PullNode(IssueNode):
    typename = "PullRequest"

    def __init__(self, state: State, repo: Repository, issue: Issue):
        super().__init__(state, repo, issue)
        pull = issue.pull
        assert pull is not None
        self.id = node_id("PR", repo.id, issue.id)
        self.url = f"{HTML}/{repo.full_name}/pull/{issue.number}"
        self.state = pull_state(issue)
        self.merged = pull.merged
        self.headRefOid = pull.head_sha
        self.baseRefOid = pull.base_sha
        self.headRefName = pull.head_ref
        self.baseRefName = pull.base_ref
        self.isCrossRepository = pull.head_repo is None or pull.head_repo.lower() != repo.full_name.lower()

    def headRepository(self, info: Info) -> RepoNode | None:
        pull = self.issue.pull
        head = self.state_.find_repo(pull.head_repo) if pull and pull.head_repo else None
        return RepoNode(self.state_, head) if head else None

    def files(
        self,
        info: Info,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        change = {"added": "ADDED", "removed": "DELETED", "modified": "MODIFIED", "renamed": "RENAMED"}
        nodes = [
            {
                "path": f["filename"],
                "changeType": change[f["status"]],
                "additions": f["additions"],
                "deletions": f["deletions"],
            }
            for f in changed_files(self.state_, self.repo, self.issue)
        ]
        return connection(info, nodes, first, last, after, before)


class RefNode:
    typename = "Ref"

    def __init__(self, state: State, repo: Repository, name: str, prefix: str, sha: str):
        self.id = node_id("REF", repo.id, f"{prefix}{name}")
        self.name = name
        self.prefix = prefix
        commit = repo.commits.get(sha)
        self.target = CommitNode(state, repo, commit) if commit else None


class CommitNode:
    typename = "Commit"

    def __init__(self, state: State, repo: Repository, commit: Commit):
        self.state = state
        self.repo = repo
        self.commit = commit
        self.oid = commit.sha
        self.abbreviatedOid = commit.sha[:7]
        self.id = node_id("C", repo.id, commit.sha)
        self.message = commit.message
        self.committedDate = iso(commit.date)
        self.url = f"{HTML}/{repo.full_name}/commit/{commit.sha}"

    def author(self, info: Info) -> dict[str, Any]:
        user = None
        if self.commit.author_login:
            known = self.state.user(self.commit.author_login)
            user = ActorNode(known) if known.type == "User" else None
        return {
            "name": self.commit.author_name,
            "email": self.commit.author_email,
            "date": iso(self.commit.date),
            "user": user,
        }

    def committer(self, info: Info) -> dict[str, Any]:
        if self.commit.committer is None:
            return self.author(info)
        name, email, login = self.commit.committer
        user = None
        if login:
            known = self.state.user(login)
            user = ActorNode(known) if known.type == "User" else None
        return {"name": name, "email": email, "date": iso(self.commit.date), "user": user}

    def statusCheckRollup(self, info: Info) -> dict[str, Any] | None:
        if self.repo.ci is None or self.commit.sha != self.repo.head_sha:
            return None
        return {"id": node_id("SCR", self.repo.id, self.commit.sha), "state": self.repo.ci.upper()}

    def history(
        self,
        info: Info,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
        path: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> dict[str, Any]:
        commits = self.repo.history(self.commit.sha)
        if since is not None:
            start = _timestamp(since)
            commits = [c for c in commits if c.date >= start]
        if until is not None:
            end = _timestamp(until)
            commits = [c for c in commits if c.date <= end]
        if path is not None:
            commits = [
                c
                for c in commits
                if any(p == path or p.startswith(path.rstrip("/") + "/") for p in c.changes)
            ]
        nodes = [CommitNode(self.state, self.repo, c) for c in commits]
        return connection(info, nodes, first, last, after, before)


def _timestamp(value: str) -> datetime:
    """A GitTimestamp argument: ISO 8601, as GitHub accepts it (a time without a zone is UTC)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise GraphQLError(f"Variable has an invalid value: {value!r} is not a GitTimestamp") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class BlobNode:
    typename = "Blob"

    def __init__(self, repo: Repository, text: str):
        data = text.encode("utf-8")
        self.oid = git_blob_sha(text)
        self.abbreviatedOid = self.oid[:7]
        self.id = node_id("B", repo.id, self.oid)
        self.byteSize = len(data)
        self.isBinary = "\x00" in text
        self.text = None if self.isBinary else text


class TreeNode:
    typename = "Tree"

    def __init__(self, state: State, repo: Repository, commit: Commit, directory: str):
        self.state = state
        self.repo = repo
        self.commit = commit
        self.directory = directory
        self.oid = tree_sha(commit.tree, directory)
        self.abbreviatedOid = self.oid[:7]
        self.id = node_id("TR", self.repo.id, self.oid)

    def entries(self, info: Info) -> list[dict[str, Any]]:
        prefix = f"{self.directory}/" if self.directory else ""
        kinds: dict[str, str] = {}
        for path in self.commit.tree:
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                kinds[rest.split("/", 1)[0]] = "tree" if "/" in rest else "blob"
        entries = []
        for name in sorted(kinds):
            path = prefix + name
            obj = tree_object(self.state, self.repo, self.commit, path)
            assert obj is not None
            entries.append({"name": name, "type": kinds[name], "path": path, "object": obj, "oid": obj.oid,
                            "mode": 16384 if kinds[name] == "tree" else 33188})  # fmt: skip
        return entries


GitNode = CommitNode | TreeNode | BlobNode


def tree_object(state: State, repo: Repository, commit: Commit, path: str) -> BlobNode | TreeNode | None:
    if path in commit.tree:
        return BlobNode(repo, commit.tree[path])
    if path == "" or any(p.startswith(path + "/") for p in commit.tree):
        return TreeNode(state, repo, commit, path)
    return None
