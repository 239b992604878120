"""REST routes about repositories, their files and people, users and the rate limit."""

from __future__ import annotations

import base64
import re
from typing import Any

from bot.simulator.access import NOT_ACCESSIBLE, visible_repo
from bot.simulator.routing import HttpError, Request, Response, RouteTable, paginate
from bot.simulator.shapes import HTML, full_repo_json, license_json, user_json
from bot.simulator.state import Commit, Json, Repository, git_blob_sha, iso, tree_sha

routes = RouteTable()
ROLE_TO_PERMISSION = {
    "admin": "admin",
    "maintain": "write",
    "write": "write",
    "triage": "read",
    "read": "read",
}


@routes.add("GET", "/repos/{owner}/{repo}")
def get_repo(request: Request) -> Response:
    viewer = request.token.login if request.token else None
    return Response(body=full_repo_json(request.state, visible_repo(request), viewer))


# ---- files --------------------------------------------------------------------------------------
def commit_at(request: Request, repo: Repository, rev: str | None) -> Commit:
    commit = repo.resolve_rev(rev or repo.default_branch)
    if commit is None:
        if rev:
            raise HttpError(
                404, f"No commit found for the ref {rev}", "https://docs.github.com/rest/repos/contents"
            )
        raise HttpError(404, "This repository is empty.", "https://docs.github.com/rest/repos/contents")
    return commit


def file_json(request: Request, repo: Repository, commit: Commit, path: str) -> Json:
    text = commit.tree[path]
    sha = git_blob_sha(text)
    api = f"{request.state.api_url}/repos/{repo.full_name}"
    ref = request.query.get("ref") or repo.default_branch
    encoded = base64.b64encode(text.encode("utf-8")).decode()
    content = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
    url = f"{api}/contents/{path}?ref={ref}"
    html = f"{HTML}/{repo.full_name}/blob/{ref}/{path}"
    return {
        "type": "file",
        "encoding": "base64",
        "size": len(text.encode("utf-8")),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": content,
        "sha": sha,
        "url": url,
        "git_url": f"{api}/git/blobs/{sha}",
        "html_url": html,
        "download_url": f"https://raw.githubusercontent.com/{repo.full_name}/{ref}/{path}",
        "_links": {"self": url, "git": f"{api}/git/blobs/{sha}", "html": html},
    }


def directory_listing(request: Request, repo: Repository, commit: Commit, directory: str) -> list[Json]:
    prefix = f"{directory}/" if directory else ""
    names: dict[str, str] = {}
    for path in commit.tree:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            head = rest.split("/", 1)[0]
            names[head] = "dir" if "/" in rest else "file"
    entries = []
    api = f"{request.state.api_url}/repos/{repo.full_name}"
    for name in sorted(names):
        path = prefix + name
        if names[name] == "file":
            entry = file_json(request, repo, commit, path)
            del entry["content"], entry["encoding"]
        else:
            sha = tree_sha(commit.tree, path)
            entry = {
                "type": "dir", "size": 0, "name": name, "path": path, "sha": sha,
                "url": f"{api}/contents/{path}", "git_url": f"{api}/git/trees/{sha}",
                "html_url": f"{HTML}/{repo.full_name}/tree/{repo.default_branch}/{path}", "download_url": None,
            }  # fmt: skip
        entries.append(entry)
    return entries


@routes.add("GET", "/repos/{owner}/{repo}/contents")
@routes.add("GET", "/repos/{owner}/{repo}/contents/{path}")
def get_contents(request: Request) -> Response:
    repo = visible_repo(request)
    commit = commit_at(request, repo, request.query.get("ref"))
    path = request.params.get("path", "").strip("/")
    if path in commit.tree:
        if "raw" in request.headers.get("accept", ""):  # application/vnd.github.raw: the bytes themselves
            raw = commit.tree[path].encode("utf-8")
            return Response(body=raw, headers={"content-type": "application/vnd.github.raw; charset=utf-8"})
        return Response(body=file_json(request, repo, commit, path))
    if path == "" or any(p.startswith(path + "/") for p in commit.tree):
        return Response(body=directory_listing(request, repo, commit, path))
    raise HttpError(404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")


def root_file(commit: Commit, pattern: str) -> str | None:
    candidates = sorted(p for p in commit.tree if "/" not in p and re.match(pattern, p, re.IGNORECASE))
    return candidates[0] if candidates else None


@routes.add("GET", "/repos/{owner}/{repo}/readme")
def get_readme(request: Request) -> Response:
    repo = visible_repo(request)
    commit = commit_at(request, repo, request.query.get("ref"))
    path = root_file(commit, r"^readme(\.[a-z0-9]+)?$")
    if path is None:
        raise HttpError(
            404, "Not Found", "https://docs.github.com/rest/repos/contents#get-a-repository-readme"
        )
    return Response(body=file_json(request, repo, commit, path))


@routes.add("GET", "/repos/{owner}/{repo}/license")
def get_license(request: Request) -> Response:
    repo = visible_repo(request)
    commit = commit_at(request, repo, None)
    path = root_file(commit, r"^(licen[cs]e|copying)(\.[a-z0-9]+)?$")
    if path is None or repo.license is None:
        raise HttpError(
            404,
            "Not Found",
            "https://docs.github.com/rest/licenses/licenses#get-the-license-for-a-repository",
        )
    body = file_json(request, repo, commit, path)
    body["license"] = license_json(repo.license)
    return Response(body=body)


def find_tree(repo: Repository, sha: str) -> tuple[Commit, str] | None:
    """A commit-ish (sha, branch, tag) gives its root tree; otherwise search the trees we know."""
    commit = repo.resolve_rev(sha)
    if commit is not None:
        return commit, ""
    for commit in repo.commits.values():
        directories = {""} | {p.rsplit("/", 1)[0] for p in commit.tree if "/" in p}
        for directory in list(directories):
            parts = directory.split("/")
            directories.update("/".join(parts[:i]) for i in range(1, len(parts)))
        for directory in directories:
            if tree_sha(commit.tree, directory) == sha:
                return commit, directory
    return None


@routes.add("GET", "/repos/{owner}/{repo}/git/trees/{sha}")
def get_tree(request: Request) -> Response:
    repo = visible_repo(request)
    found = find_tree(repo, request.params["sha"])
    if found is None:
        raise HttpError(404, "Not Found", "https://docs.github.com/rest/git/trees#get-a-tree")
    commit, directory = found
    recursive = request.query.get("recursive") not in (None, "", "0", "false")
    prefix = f"{directory}/" if directory else ""
    api = f"{request.state.api_url}/repos/{repo.full_name}/git"
    entries: dict[str, Json] = {}
    for path, text in sorted(commit.tree.items()):
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix) :]
        parts = rest.split("/")
        for depth in range(1, len(parts)):
            if not recursive and depth > 1:
                break
            sub = prefix + "/".join(parts[:depth])
            if sub not in entries:
                sha = tree_sha(commit.tree, sub)
                entries[sub] = {
                    "path": sub[len(prefix) :],
                    "mode": "040000",
                    "type": "tree",
                    "sha": sha,
                    "url": f"{api}/trees/{sha}",
                }
        if recursive or len(parts) == 1:
            sha = git_blob_sha(text)
            entries[path] = {
                "path": rest, "mode": "100644", "type": "blob", "sha": sha,
                "size": len(text.encode("utf-8")), "url": f"{api}/blobs/{sha}",
            }  # fmt: skip
    sha = tree_sha(commit.tree, directory)
    body = {
        "sha": sha,
        "url": f"{api}/trees/{sha}",
        "tree": [entries[k] for k in sorted(entries)],
        "truncated": False,
    }
    return Response(body=body)


# ---- people -------------------------------------------------------------------------------------
@routes.add("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission")
def get_permission(request: Request) -> Response:
    """permission: admin/write/read/none (maintain → write, triage → read); role_name the real role."""
    repo = visible_repo(request)
    login = request.params["username"]
    user = request.state.users.get(login.lower())
    if user is None:
        raise HttpError(
            404, f"{login} is not a user", "https://docs.github.com/rest/collaborators/collaborators"
        )
    role = repo.permission_of(user.login)
    permission = ROLE_TO_PERMISSION.get(role, "none")
    body = user_json(request.state, user)
    levels = ("read", "triage", "write", "maintain", "admin")
    rank = levels.index(role) if role in levels else -1
    body["permissions"] = {
        "admin": rank >= 4, "maintain": rank >= 3, "push": rank >= 2, "triage": rank >= 1, "pull": rank >= 0,
    }  # fmt: skip
    body["role_name"] = role
    return Response(body={"permission": permission, "role_name": role, "user": body})


def contributor_counts(repo: Repository) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
    """Contributors (login, commits) and anonymous ones (email, name, commits)."""
    if repo.contributors is not None:
        anonymous = [
            (f"anon{n}@example.com", f"Anonymous {n}", 1) for n in range(repo.anonymous_contributors or 0)
        ]
        return sorted(repo.contributors, key=lambda x: -x[1]), anonymous
    counts: dict[str, int] = {}
    anonymous_counts: dict[str, tuple[str, int]] = {}
    for commit in repo.history(repo.head_sha or ""):
        if commit.author_login:
            counts[commit.author_login] = counts.get(commit.author_login, 0) + 1
        else:
            name, total = anonymous_counts.get(commit.author_email, (commit.author_name, 0))
            anonymous_counts[commit.author_email] = (name, total + 1)
    people = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    extra = [(email, name, n) for email, (name, n) in anonymous_counts.items()]
    extra += [(f"anon{n}@example.com", f"Anonymous {n}", 1) for n in range(repo.anonymous_contributors or 0)]
    return people, extra


@routes.add("GET", "/repos/{owner}/{repo}/contributors")
def list_contributors(request: Request) -> Response:
    repo = visible_repo(request)
    people, anonymous = contributor_counts(repo)
    items: list[Json] = []
    for login, count in people:
        body = user_json(request.state, login)
        body["contributions"] = count
        items.append(body)
    if request.query.get("anon") in {"1", "true"}:
        items += [{"email": e, "name": n, "type": "Anonymous", "contributions": c} for e, n, c in anonymous]
        items.sort(key=lambda x: -int(x["contributions"]))
    if not items:
        return Response(status=204)
    page, headers = paginate(request, items)
    return Response(body=page, headers=headers)


@routes.add("GET", "/user")
def get_authenticated_user(request: Request) -> Response:
    if request.token is None:
        raise HttpError(
            401,
            "Requires authentication",
            "https://docs.github.com/rest/users/users#get-the-authenticated-user",
        )
    user = request.state.user(request.token.login)
    if user.type == "Bot":
        raise HttpError(
            403, NOT_ACCESSIBLE, "https://docs.github.com/rest/users/users#get-the-authenticated-user"
        )
    return Response(body=user_detail(request, user.login))


def user_detail(request: Request, login: str) -> Json:
    user = request.state.users.get(login.lower())
    if user is None:
        raise HttpError(404, "Not Found", "https://docs.github.com/rest/users/users#get-a-user")
    body = user_json(request.state, user)
    owned = [
        r for r in request.state.repositories.values() if r.owner.lower() == login.lower() and not r.private
    ]
    body.update(
        {"name": user.name, "company": None, "blog": "", "location": None, "email": user.email, "hireable": None,
         "bio": None, "twitter_username": None, "public_repos": len(owned), "public_gists": 0, "followers": 0,
         "following": 0, "created_at": "2015-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
    )  # fmt: skip
    return body


@routes.add("GET", "/users/{username}")
def get_user(request: Request) -> Response:
    return Response(body=user_detail(request, request.params["username"]))


# ---- activity -----------------------------------------------------------------------------------
@routes.add("GET", "/repos/{owner}/{repo}/actions/runs")
def list_runs(request: Request) -> Response:
    repo = visible_repo(request)
    runs = sorted(repo.workflow_runs, key=lambda r: r.created_at, reverse=True)
    for key in ("branch", "status", "event", "head_sha"):
        wanted = request.query.get(key)
        if wanted:
            attribute = "head_branch" if key == "branch" else key
            runs = [
                r
                for r in runs
                if wanted in (getattr(r, attribute), r.conclusion if key == "status" else None)
            ]
    page, headers = paginate(request, runs)
    html = f"{HTML}/{repo.full_name}/actions/runs"
    body = {
        "total_count": len(runs),
        "workflow_runs": [
            {"id": r.id, "name": r.name, "head_branch": r.head_branch, "head_sha": r.head_sha, "status": r.status,
             "conclusion": r.conclusion, "event": r.event, "run_number": len(runs) - i,
             "created_at": iso(r.created_at), "updated_at": iso(r.created_at), "html_url": f"{html}/{r.id}",
             "url": f"{request.state.api_url}/repos/{repo.full_name}/actions/runs/{r.id}"}
            for i, r in enumerate(page)
        ],
    }  # fmt: skip
    return Response(body=body, headers=headers)


@routes.add("GET", "/repos/{owner}/{repo}/dependency-graph/sbom")
def get_sbom(request: Request) -> Response:
    """The SBOM as SPDX 2.3 JSON under "sbom", the way the dependency graph exports it."""
    repo = visible_repo(request)
    root = f"SPDXRef-com.github.{repo.full_name.replace('/', '-')}"
    packages: list[dict[str, Any]] = [
        {"name": f"com.github.{repo.full_name}", "SPDXID": root, "versionInfo": repo.default_branch,
         "downloadLocation": "git+https://github.com/" + repo.full_name, "filesAnalyzed": False,
         "licenseDeclared": repo.license or "NOASSERTION"},
    ]  # fmt: skip
    relationships = [
        {"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": root, "relationshipType": "DESCRIBES"}
    ]
    for index, package in enumerate(repo.sbom):
        spdx_id = f"SPDXRef-pypi-{re.sub(r'[^A-Za-z0-9.-]', '-', package.name)}-{index}"
        body: dict[str, Any] = {
            "name": package.name, "SPDXID": spdx_id, "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
            "licenseConcluded": package.license or "NOASSERTION", "licenseDeclared": package.license or "NOASSERTION",
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                              "referenceLocator": f"pkg:pypi/{package.name}" + (f"@{package.version}" if package.version else "")}],
        }  # fmt: skip
        if package.version:
            body["versionInfo"] = package.version
        packages.append(body)
        relationships.append(
            {"spdxElementId": root, "relatedSpdxElement": spdx_id, "relationshipType": "DEPENDS_ON"}
        )
    sbom = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": f"com.github.{repo.full_name}",
        "documentNamespace": f"https://spdx.org/spdxdocs/protobom/{repo.id}",
        "creationInfo": {"creators": ["Tool: protobom-v0.0.0", "Tool: GitHub.com-Dependency-Graph"],
                         "created": iso(request.state.now)},
        "packages": packages,
        "relationships": relationships,
    }  # fmt: skip
    return Response(body={"sbom": sbom})
