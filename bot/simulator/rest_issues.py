"""REST routes about pull requests, issues, comments, labels and reactions."""

from __future__ import annotations

from typing import Any

from bot.simulator.access import NOT_ACCESSIBLE, can_moderate, issue_of, require_write, visible_repo
from bot.simulator.routing import HttpError, Request, Response, RouteTable, paginate
from bot.simulator.shapes import (
    changed_files,
    comment_json,
    label_json,
    pull_json,
    single_issue_json,
    user_json,
)
from bot.simulator.state import Comment, Issue, Label, Reaction, Repository, iso

BODY_LIMIT = 65536
REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")
routes = RouteTable()


def validation_failed(resource: str, code: str, field: str, message: str | None = None) -> HttpError:
    error: dict[str, Any] = {"resource": resource, "code": code, "field": field}
    if message:
        error["message"] = message
    return HttpError(422, "Validation Failed", "https://docs.github.com/rest", errors=[error])


# ---- pull requests and issues -------------------------------------------------------------------
@routes.add("GET", "/repos/{owner}/{repo}/pulls/{number}")
def get_pull(request: Request) -> Response:
    repo = visible_repo(request)
    return Response(body=pull_json(request.state, repo, issue_of(request, repo, pulls_only=True)))


@routes.add("GET", "/repos/{owner}/{repo}/pulls/{number}/files")
def list_pull_files(request: Request) -> Response:
    repo = visible_repo(request)
    files = changed_files(request.state, repo, issue_of(request, repo, pulls_only=True))
    page, headers = paginate(request, files)
    return Response(body=page, headers=headers)


@routes.add("GET", "/repos/{owner}/{repo}/issues/{number}")
def get_issue(request: Request) -> Response:
    repo = visible_repo(request)
    return Response(body=single_issue_json(request.state, repo, issue_of(request, repo)))


# ---- comments -----------------------------------------------------------------------------------
@routes.add("GET", "/repos/{owner}/{repo}/issues/{number}/comments")
def list_comments(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    page, headers = paginate(request, issue.comments)
    return Response(body=[comment_json(request.state, repo, c) for c in page], headers=headers)


def comment_body(request: Request) -> str:
    data = request.json()
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, str) or not body:
        raise validation_failed("IssueComment", "missing_field", "body")
    if len(body) > BODY_LIMIT:
        raise validation_failed(
            "IssueComment", "unprocessable", "data", f"Body is too long (maximum is {BODY_LIMIT} characters)"
        )
    return body


@routes.add("POST", "/repos/{owner}/{repo}/issues/{number}/comments")
def create_comment(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    assert request.token is not None
    body = comment_body(request)
    state = request.state
    comment = Comment(
        id=state.new_id("comment"),
        author=request.token.login,
        body=body,
        created_at=state.now,
        updated_at=state.now,
    )
    issue.comments.append(comment)
    issue.updated_at = state.now
    created = comment_json(state, repo, comment)
    return Response(status=201, body=created, headers={"Location": created["url"]})


def comment_of(request: Request, repo: Repository) -> tuple[Issue, Comment]:
    try:
        found = request.state.find_comment(repo, int(request.params["comment_id"]))
    except ValueError:
        found = None
    if found is None:
        raise HttpError(404, "Not Found")
    return found


@routes.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def get_comment(request: Request) -> Response:
    repo = visible_repo(request)
    return Response(body=comment_json(request.state, repo, comment_of(request, repo)[1]))


def require_author_or_moderator(request: Request, repo: Repository, comment: Comment) -> None:
    require_write(request)
    assert request.token is not None
    if request.token.login != comment.author and not can_moderate(request, repo):
        raise HttpError(403, NOT_ACCESSIBLE)


@routes.add("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def update_comment(request: Request) -> Response:
    repo = visible_repo(request)
    _, comment = comment_of(request, repo)
    require_author_or_moderator(request, repo, comment)
    comment.body = comment_body(request)
    comment.updated_at = request.state.now
    return Response(body=comment_json(request.state, repo, comment))


@routes.add("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}")
def delete_comment(request: Request) -> Response:
    repo = visible_repo(request)
    issue, comment = comment_of(request, repo)
    require_author_or_moderator(request, repo, comment)
    issue.comments.remove(comment)
    return Response(status=204)


# ---- reactions ----------------------------------------------------------------------------------
def reaction_json(request: Request, reaction: Reaction) -> dict[str, Any]:
    return {
        "id": reaction.id,
        "node_id": f"REA_{reaction.id}",
        "user": user_json(request.state, reaction.login),
        "content": reaction.content,
        "created_at": iso(reaction.created_at),
    }


@routes.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions")
def list_reactions(request: Request) -> Response:
    repo = visible_repo(request)
    _, comment = comment_of(request, repo)
    wanted = request.query.get("content")
    reactions = [r for r in comment.reactions if wanted is None or r.content == wanted]
    page, headers = paginate(request, reactions)
    return Response(body=[reaction_json(request, r) for r in page], headers=headers)


@routes.add("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions")
def create_reaction(request: Request) -> Response:
    """201 for a new reaction; 200 with the existing one when this user already reacted so."""
    repo = visible_repo(request)
    _, comment = comment_of(request, repo)
    require_write(request)
    assert request.token is not None
    data = request.json()
    content = data.get("content") if isinstance(data, dict) else None
    if content not in REACTIONS:
        raise validation_failed("Reaction", "invalid", "content")
    login = request.token.login
    for reaction in comment.reactions:
        if reaction.login == login and reaction.content == content:
            return Response(status=200, body=reaction_json(request, reaction))
    reaction = Reaction(
        id=request.state.new_id("reaction"), content=str(content), login=login, created_at=request.state.now
    )
    comment.reactions.append(reaction)
    return Response(status=201, body=reaction_json(request, reaction))


# ---- labels -------------------------------------------------------------------------------------
@routes.add("GET", "/repos/{owner}/{repo}/labels")
def list_repo_labels(request: Request) -> Response:
    repo = visible_repo(request)
    page, headers = paginate(request, list(repo.labels.values()))
    return Response(body=[label_json(request.state, repo, label) for label in page], headers=headers)


@routes.add("GET", "/repos/{owner}/{repo}/labels/{name}")
def get_repo_label(request: Request) -> Response:
    repo = visible_repo(request)
    label = repo.labels.get(request.params["name"].lower())
    if label is None:
        raise HttpError(404, "Not Found", "https://docs.github.com/rest/issues/labels#get-a-label")
    return Response(body=label_json(request.state, repo, label))


@routes.add("POST", "/repos/{owner}/{repo}/labels")
def create_repo_label(request: Request) -> Response:
    repo = visible_repo(request)
    require_write(request)
    data = request.json()
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
        raise validation_failed("Label", "missing_field", "name")
    name = data["name"].strip()
    if name.lower() in repo.labels:
        raise validation_failed("Label", "already_exists", "name")
    color = str(data.get("color") or "ededed").lstrip("#")
    if len(color) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in color):
        raise validation_failed("Label", "invalid", "color")
    label = Label(
        name=name, id=request.state.new_id("label"), color=color, description=data.get("description")
    )
    repo.labels[name.lower()] = label
    return Response(status=201, body=label_json(request.state, repo, label))


@routes.add("PATCH", "/repos/{owner}/{repo}/labels/{name}")
def update_repo_label(request: Request) -> Response:
    repo = visible_repo(request)
    require_write(request)
    label = repo.labels.get(request.params["name"].lower())
    if label is None:
        raise HttpError(404, "Not Found")
    data = request.json() or {}
    if not isinstance(data, dict):
        raise HttpError(400, "Problems parsing JSON")
    new_name = str(data.get("new_name") or label.name)
    if new_name.lower() != label.name.lower() and new_name.lower() in repo.labels:
        raise validation_failed("Label", "already_exists", "name")
    del repo.labels[label.name.lower()]
    for issue in repo.issues.values():
        issue.labels = [new_name if x.lower() == label.name.lower() else x for x in issue.labels]
    label.name = new_name
    label.color = str(data.get("color") or label.color).lstrip("#")
    if "description" in data:
        label.description = data["description"]
    repo.labels[new_name.lower()] = label
    return Response(body=label_json(request.state, repo, label))


def requested_labels(request: Request) -> list[str]:
    """The body of POST/PUT issue labels: a list of names, or {"labels": [...]}."""
    data = request.json()
    if isinstance(data, dict):
        data = data.get("labels")
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise validation_failed("Label", "invalid", "labels")
    return [str(x) for x in data]


def ensure_label(request: Request, repo: Repository, name: str) -> str:
    """GitHub creates a label (grey) when an issue is given one the repository lacks."""
    if name.lower() not in repo.labels:
        repo.labels[name.lower()] = Label(name=name, id=request.state.new_id("label"))
    return repo.labels[name.lower()].name


def labels_response(request: Request, repo: Repository, issue: Issue) -> Response:
    labels = [label_json(request.state, repo, repo.labels[x.lower()]) for x in issue.labels]
    return Response(body=labels)


@routes.add("GET", "/repos/{owner}/{repo}/issues/{number}/labels")
def list_issue_labels(request: Request) -> Response:
    repo = visible_repo(request)
    return labels_response(request, repo, issue_of(request, repo))


@routes.add("POST", "/repos/{owner}/{repo}/issues/{number}/labels")
def add_issue_labels(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    for name in requested_labels(request):
        canonical = ensure_label(request, repo, name)
        if canonical.lower() not in {x.lower() for x in issue.labels}:
            issue.labels.append(canonical)
    return labels_response(request, repo, issue)


@routes.add("PUT", "/repos/{owner}/{repo}/issues/{number}/labels")
def set_issue_labels(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    names: list[str] = []
    for name in requested_labels(request):
        canonical = ensure_label(request, repo, name)
        if canonical.lower() not in {x.lower() for x in names}:
            names.append(canonical)
    issue.labels = names
    return labels_response(request, repo, issue)


@routes.add("DELETE", "/repos/{owner}/{repo}/issues/{number}/labels/{name}")
def remove_issue_label(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    name = request.params["name"].lower()
    if name not in {x.lower() for x in issue.labels}:
        raise HttpError(
            404,
            "Label does not exist",
            "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue",
        )
    issue.labels = [x for x in issue.labels if x.lower() != name]
    return labels_response(request, repo, issue)


@routes.add("DELETE", "/repos/{owner}/{repo}/issues/{number}/labels")
def clear_issue_labels(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    issue.labels = []
    return Response(status=204)
