"""REST-shaped JSON for the state's objects, field for field as GitHub sends them.

The same shapes feed the REST responses and the webhook payloads (bot.simulator.events), so they
carry every field @octokit/webhooks-schemas requires. API urls point at the simulator
(`state.api_url`, so clients such as PyGithub can follow them); html urls point at github.com.
"""

from __future__ import annotations

import base64
from typing import Any

from bot.simulator.state import Comment, Issue, Json, Label, Repository, State, User, git_blob_sha, iso

HTML = "https://github.com"

SPDX_NAMES = {
    "MIT": ("mit", "MIT License"),
    "Apache-2.0": ("apache-2.0", "Apache License 2.0"),
    "BSD-3-Clause": ("bsd-3-clause", 'BSD 3-Clause "New" or "Revised" License'),
    "BSD-2-Clause": ("bsd-2-clause", 'BSD 2-Clause "Simplified" License'),
    "GPL-3.0": ("gpl-3.0", "GNU General Public License v3.0"),
    "GPL-2.0": ("gpl-2.0", "GNU General Public License v2.0"),
    "LGPL-3.0": ("lgpl-3.0", "GNU Lesser General Public License v3.0"),
    "LGPL-2.1": ("lgpl-2.1", "GNU Lesser General Public License v2.1"),
    "AGPL-3.0": ("agpl-3.0", "GNU Affero General Public License v3.0"),
    "MPL-2.0": ("mpl-2.0", "Mozilla Public License 2.0"),
    "EPL-2.0": ("epl-2.0", "Eclipse Public License 2.0"),
    "ISC": ("isc", "ISC License"),
    "Unlicense": ("unlicense", "The Unlicense"),
    "BSL-1.0": ("bsl-1.0", "Boost Software License 1.0"),
    "CC0-1.0": ("cc0-1.0", "Creative Commons Zero v1.0 Universal"),
    "NOASSERTION": ("other", "Other"),
}


def node_id(kind: str, *parts: int | str) -> str:
    """A global id in GitHub's current format: `PREFIX_` + base64url(MessagePack [0, *parts]), unpadded.

    `R_kgDOI0B2TQ` is repository 591427149; objects inside a repository name it first, then their
    own id (`IC_kwDO…` for an issue comment), commits their sha (`C_kwDO…2toAK…`).
    """
    payload = bytes([0x90 + len(parts) + 1, 0x00]) + b"".join(_msgpack(part) for part in parts)
    return f"{kind}_" + base64.urlsafe_b64encode(payload).decode().rstrip("=")


def _msgpack(value: int | str) -> bytes:
    if isinstance(value, str):
        data = value.encode("utf-8")
        return b"\xda" + len(data).to_bytes(2, "big") + data  # str 16, as GitHub packs shas
    if 0 <= value < 0x80:
        return bytes([value])
    for marker, size in ((0xCC, 1), (0xCD, 2), (0xCE, 4), (0xCF, 8)):
        if value < 1 << (8 * size):
            return bytes([marker]) + value.to_bytes(size, "big")
    raise ValueError(f"{value} does not fit a node id")


def legacy_node_id(type_name: str, number: int) -> str:
    """The pre-2022 format some objects (licenses, topics) still have: base64("07:License13")."""
    text = f"{type_name}{number}"
    return base64.b64encode(f"{len(type_name):02d}:{text}".encode()).decode()


def actor_node_id(user: User) -> str:
    return node_id({"User": "U", "Bot": "BOT", "Organization": "O"}.get(user.type, "U"), user.id)


def license_json(spdx: str | None) -> Json | None:
    if spdx is None:
        return None
    key, name = SPDX_NAMES.get(spdx, (spdx.lower(), spdx))
    return {
        "key": key,
        "name": name,
        "spdx_id": spdx,
        "url": None if spdx == "NOASSERTION" else f"https://api.github.com/licenses/{key}",
        "node_id": legacy_node_id("License", len(key)),
    }


def user_json(state: State, user: User | str) -> Json:
    if isinstance(user, str):
        user = state.user(user)
    api = f"{state.api_url}/users/{user.login}"
    return {
        "login": user.login,
        "id": user.id,
        "node_id": actor_node_id(user),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}?v=4",
        "gravatar_id": "",
        "url": api,
        "html_url": f"{HTML}/{user.login}" if user.type != "Bot" else f"{HTML}/apps/{user.graphql_login}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": user.type,
        "site_admin": False,
    }


# The repository's API urls: the repository's own url followed by these suffixes.
REPO_URL_TEMPLATES = {
    "forks_url": "/forks", "keys_url": "/keys{/key_id}", "collaborators_url": "/collaborators{/collaborator}",
    "teams_url": "/teams", "hooks_url": "/hooks", "issue_events_url": "/issues/events{/number}",
    "events_url": "/events", "assignees_url": "/assignees{/user}", "branches_url": "/branches{/branch}",
    "tags_url": "/tags", "blobs_url": "/git/blobs{/sha}", "git_tags_url": "/git/tags{/sha}",
    "git_refs_url": "/git/refs{/sha}", "trees_url": "/git/trees{/sha}", "statuses_url": "/statuses/{sha}",
    "languages_url": "/languages", "stargazers_url": "/stargazers", "contributors_url": "/contributors",
    "subscribers_url": "/subscribers", "subscription_url": "/subscription", "commits_url": "/commits{/sha}",
    "git_commits_url": "/git/commits{/sha}", "comments_url": "/comments{/number}",
    "issue_comment_url": "/issues/comments{/number}", "contents_url": "/contents/{+path}",
    "compare_url": "/compare/{base}...{head}", "merges_url": "/merges",
    "archive_url": "/{archive_format}{/ref}", "downloads_url": "/downloads", "issues_url": "/issues{/number}",
    "pulls_url": "/pulls{/number}", "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}", "labels_url": "/labels{/name}",
    "releases_url": "/releases{/id}", "deployments_url": "/deployments",
}  # fmt: skip


def repo_json(state: State, repo: Repository) -> Json:
    """A repository as REST lists it (and as webhooks carry it)."""
    api = f"{state.api_url}/repos/{repo.full_name}"
    return {
        **_repo_identity(state, repo, api),
        **{key: api + suffix for key, suffix in REPO_URL_TEMPLATES.items()},
        **_repo_times_and_clone_urls(repo),
        **_repo_counts(repo),
        **_repo_features(repo),
    }


def _repo_identity(state: State, repo: Repository, api: str) -> Json:
    return {
        "id": repo.id,
        "node_id": node_id("R", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "private": repo.private,
        "owner": user_json(state, repo.owner),
        "html_url": f"{HTML}/{repo.full_name}",
        "description": repo.description,
        "fork": repo.fork,
        "url": api,
    }


def _repo_times_and_clone_urls(repo: Repository) -> Json:
    html = f"{HTML}/{repo.full_name}"
    return {
        "created_at": iso(repo.created_at),
        "updated_at": iso(repo.pushed_at or repo.created_at),
        "pushed_at": iso(repo.pushed_at or repo.created_at),
        "git_url": f"git://github.com/{repo.full_name}.git",
        "ssh_url": f"git@github.com:{repo.full_name}.git",
        "clone_url": f"{html}.git",
        "svn_url": html,
        "homepage": repo.homepage,
    }


def _repo_counts(repo: Repository) -> Json:
    """Size (KB of the head tree), stars, forks, open issues; GitHub repeats some under old names."""
    open_issues = sum(1 for issue in repo.issues.values() if issue.state == "open")
    return {
        "size": sum(len(t) for t in _head_tree(repo).values()) // 1024,
        "stargazers_count": repo.stars,
        "watchers_count": repo.stars,
        "forks_count": repo.forks,
        "open_issues_count": open_issues,
        "forks": repo.forks,
        "open_issues": open_issues,
        "watchers": repo.stars,
    }


def _repo_features(repo: Repository) -> Json:
    return {
        "language": "Python",
        "has_issues": True,
        "has_projects": True,
        "has_downloads": True,
        "has_wiki": True,
        "has_pages": False,
        "has_discussions": False,
        "mirror_url": None,
        "archived": repo.archived,
        "disabled": repo.disabled,
        "license": license_json(repo.license),
        "allow_forking": True,
        "is_template": False,
        "web_commit_signoff_required": False,
        "topics": list(repo.topics),
        "visibility": "private" if repo.private else "public",
        "default_branch": repo.default_branch,
        "custom_properties": {},
    }


def full_repo_json(state: State, repo: Repository, viewer: str | None = None) -> Json:
    """GET /repos/{owner}/{repo}: the repository plus its settings, the viewer's permissions, its network."""
    body = repo_json(state, repo)
    owner = state.user(repo.owner)
    if owner.type == "Organization":
        body["organization"] = user_json(state, repo.owner)
    if viewer is not None:
        role = repo.permission_of(viewer)
        levels = ("read", "triage", "write", "maintain", "admin")
        rank = levels.index(role) if role in levels else -1
        body["permissions"] = {name: rank >= levels.index(level) for name, level in
                               (("admin", "admin"), ("maintain", "maintain"), ("push", "write"),
                                ("triage", "triage"), ("pull", "read"))}  # fmt: skip
        body["temp_clone_token"] = ""
    body.update(
        allow_squash_merge=True,
        allow_merge_commit=True,
        allow_rebase_merge=True,
        allow_auto_merge=False,
        delete_branch_on_merge=False,
        allow_update_branch=False,
        use_squash_pr_title_as_default=False,
    )
    body["subscribers_count"] = repo.watchers
    body["network_count"] = repo.forks
    if repo.parent and (parent := state.find_repo(repo.parent)) is not None:
        body["parent"] = repo_json(state, parent)
        body["source"] = body["parent"]
    return body


def _head_tree(repo: Repository) -> dict[str, str]:
    head = repo.head_sha
    return repo.commits[head].tree if head and head in repo.commits else {}


def label_json(state: State, repo: Repository, label: Label) -> Json:
    return {
        "id": label.id,
        "node_id": node_id("LA", repo.id, label.id),
        "url": f"{state.api_url}/repos/{repo.full_name}/labels/{label.name}",
        "name": label.name,
        "color": label.color,
        "default": False,
        "description": label.description,
    }


def issue_labels_json(state: State, repo: Repository, issue: Issue) -> list[Json]:
    return [
        label_json(state, repo, repo.labels[name.lower()])
        for name in issue.labels
        if name.lower() in repo.labels
    ]


def author_association(repo: Repository, login: str) -> str:
    if login == repo.owner:
        return "OWNER"
    if repo.permissions.get(login) in {"admin", "maintain", "write"}:
        return "COLLABORATOR"
    authors = {c.author_login for c in repo.commits.values()}
    return "CONTRIBUTOR" if login in authors else "NONE"


def reactions_summary(state: State, repo: Repository, url: str, contents: list[str]) -> Json:
    names = {"+1": "+1", "-1": "-1", "laugh": "laugh", "hooray": "hooray", "confused": "confused",
             "heart": "heart", "rocket": "rocket", "eyes": "eyes"}  # fmt: skip
    summary: Json = {"url": f"{url}/reactions", "total_count": len(contents)}
    for name in names:
        summary[name] = contents.count(name)
    return summary


def comment_json(state: State, repo: Repository, comment: Comment) -> Json:
    issue_number = next((issue.number for issue in repo.issues.values() if comment in issue.comments), 0)
    url = f"{state.api_url}/repos/{repo.full_name}/issues/comments/{comment.id}"
    return {
        "url": url,
        "html_url": f"{HTML}/{repo.full_name}/issues/{issue_number}#issuecomment-{comment.id}",
        "issue_url": f"{state.api_url}/repos/{repo.full_name}/issues/{issue_number}",
        "id": comment.id,
        "node_id": node_id("IC", repo.id, comment.id),
        "user": user_json(state, comment.author),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
        "author_association": author_association(repo, comment.author),
        "body": comment.body,
        "reactions": reactions_summary(state, repo, url, [r.content for r in comment.reactions]),
        "performed_via_github_app": None,
    }


def single_issue_json(state: State, repo: Repository, issue: Issue) -> Json:
    """One issue on its own (GET, POST, PATCH): as in lists, plus `closed_by` (not recorded here: null)."""
    return {**issue_json(state, repo, issue), "closed_by": None}


def issue_json(state: State, repo: Repository, issue: Issue) -> Json:
    api = f"{state.api_url}/repos/{repo.full_name}/issues/{issue.number}"
    kind = "pull" if issue.pull else "issues"
    body: Json = {
        "url": api,
        "repository_url": f"{state.api_url}/repos/{repo.full_name}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": f"{HTML}/{repo.full_name}/{kind}/{issue.number}",
        "id": issue.id,
        "node_id": node_id("I" if not issue.pull else "PR", repo.id, issue.id),
        "number": issue.number,
        "title": issue.title,
        "user": user_json(state, issue.author),
        "labels": issue_labels_json(state, repo, issue),
        "state": issue.state,
        "locked": False,
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "comments": len(issue.comments),
        "created_at": iso(issue.created_at),
        "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at) if issue.closed_at else None,
        "author_association": author_association(repo, issue.author),
        "active_lock_reason": None,
        "body": issue.body or None,
        "reactions": reactions_summary(state, repo, api, []),
        "timeline_url": f"{api}/timeline",
        "performed_via_github_app": None,
        "state_reason": None if issue.state == "open" else "completed",
    }
    if issue.pull:
        pulls = f"{state.api_url}/repos/{repo.full_name}/pulls/{issue.number}"
        body["draft"] = False
        body["pull_request"] = {
            "url": pulls,
            "html_url": f"{HTML}/{repo.full_name}/pull/{issue.number}",
            "diff_url": f"{HTML}/{repo.full_name}/pull/{issue.number}.diff",
            "patch_url": f"{HTML}/{repo.full_name}/pull/{issue.number}.patch",
            "merged_at": iso(issue.closed_at) if issue.pull.merged and issue.closed_at else None,
        }
    return body


def _branch_json(state: State, repo: Repository | None, ref: str, sha: str, owner: str) -> Json:
    return {
        "label": f"{owner}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user_json(state, owner),
        "repo": repo_json(state, repo) if repo is not None else None,
    }


def changed_files(state: State, repo: Repository, issue: Issue) -> list[Json]:
    """The PR's files as GET /pulls/{n}/files lists them: base tree vs head tree."""
    assert issue.pull is not None
    base = repo.commits[issue.pull.base_sha].tree
    head = repo.commits[issue.pull.head_sha].tree
    files = []
    for path in sorted(set(base) | set(head)):
        before, after = base.get(path), head.get(path)
        if before == after:
            continue
        status = "added" if before is None else ("removed" if after is None else "modified")
        old_lines = (before or "").splitlines()
        new_lines = (after or "").splitlines()
        removed = [line for line in old_lines if line not in new_lines]
        added = [line for line in new_lines if line not in old_lines]
        text = after if after is not None else before or ""
        sha_ref = issue.pull.head_sha
        files.append(
            {
                "sha": git_blob_sha(text),
                "filename": path,
                "status": status,
                "additions": len(added),
                "deletions": len(removed),
                "changes": len(added) + len(removed),
                "blob_url": f"{HTML}/{repo.full_name}/blob/{sha_ref}/{path}",
                "raw_url": f"{HTML}/{repo.full_name}/raw/{sha_ref}/{path}",
                "contents_url": f"{state.api_url}/repos/{repo.full_name}/contents/{path}?ref={sha_ref}",
                "patch": "\n".join(["@@ -1 +1 @@", *("-" + x for x in removed), *("+" + x for x in added)]),
            }
        )
    return files


def pull_json(state: State, repo: Repository, issue: Issue) -> Json:
    """A pull request as GET /pulls/{n} (and the pull_request webhooks) show it."""
    pull = issue.pull
    assert pull is not None
    head_repo = state.find_repo(pull.head_repo) if pull.head_repo else None
    head_owner = head_repo.owner if head_repo else issue.author
    return {
        **_pull_urls(state, repo, issue.number, pull.head_sha),
        "id": issue.id,
        "node_id": node_id("PR", repo.id, issue.id),
        "number": issue.number,
        "state": issue.state,
        "locked": False,
        "title": issue.title,
        "user": user_json(state, issue.author),
        "body": issue.body or None,
        "created_at": iso(issue.created_at),
        "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at) if issue.closed_at else None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "labels": issue_labels_json(state, repo, issue),
        "milestone": None,
        "draft": False,
        "head": _branch_json(state, head_repo, pull.head_ref, pull.head_sha, head_owner),
        "base": _branch_json(state, repo, pull.base_ref, pull.base_sha, repo.owner),
        "author_association": author_association(repo, issue.author),
        "auto_merge": None,
        "active_lock_reason": None,
        **_pull_merge_state(state, repo, issue),
        **_pull_counts(state, repo, issue),
    }


def _pull_urls(state: State, repo: Repository, number: int, head_sha: str) -> Json:
    api = f"{state.api_url}/repos/{repo.full_name}/pulls/{number}"
    issue_api = f"{state.api_url}/repos/{repo.full_name}/issues/{number}"
    html = f"{HTML}/{repo.full_name}/pull/{number}"
    review_comment = f"{state.api_url}/repos/{repo.full_name}/pulls/comments{{/number}}"
    statuses = f"{state.api_url}/repos/{repo.full_name}/statuses/{head_sha}"
    links = {
        "self": api, "html": html, "issue": issue_api, "comments": f"{issue_api}/comments",
        "review_comments": f"{api}/comments", "review_comment": review_comment,
        "commits": f"{api}/commits", "statuses": statuses,
    }  # fmt: skip
    return {
        "url": api,
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue_api,
        "commits_url": f"{api}/commits",
        "review_comments_url": f"{api}/comments",
        "review_comment_url": review_comment,
        "comments_url": f"{issue_api}/comments",
        "statuses_url": statuses,
        "_links": {key: {"href": value} for key, value in links.items()},
    }


def _pull_merge_state(state: State, repo: Repository, issue: Issue) -> Json:
    assert issue.pull is not None
    merged, is_open = issue.pull.merged, issue.state == "open"
    return {
        "merged_at": iso(issue.closed_at) if merged and issue.closed_at else None,
        "merge_commit_sha": None,
        "merged": merged,
        "mergeable": True if is_open else None,
        "rebaseable": True if is_open else None,
        "mergeable_state": "clean" if is_open else "unknown",
        "merged_by": user_json(state, repo.owner) if merged else None,
        "maintainer_can_modify": False,
    }


def _pull_counts(state: State, repo: Repository, issue: Issue) -> Json:
    assert issue.pull is not None
    files = changed_files(state, repo, issue)
    return {
        "comments": len(issue.comments),
        "review_comments": 0,
        "commits": len(issue.pull.commits),
        "additions": sum(int(f["additions"]) for f in files),
        "deletions": sum(int(f["deletions"]) for f in files),
        "changed_files": len(files),
    }


def error_body(message: str, status: int, docs: str = "https://docs.github.com/rest", **extra: Any) -> Json:
    body: Json = {"message": message, "documentation_url": docs, "status": str(status)}
    body.update(extra)
    return body
