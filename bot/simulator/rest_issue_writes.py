"""REST routes to list, open and edit issues (the audit's tracking issue).

`GET /repos/{o}/{r}/issues` lists issues and pull requests like GitHub (newest first; filters
`state` open|closed|all, `creator`, `labels` comma-separated, all required); `POST` opens an issue
with `title`, `body`, `labels`; `PATCH …/issues/{n}` edits `title`, `body`, `state`, `labels`.
"""

from __future__ import annotations

from typing import Any

from bot.simulator.access import issue_of, require_write, visible_repo
from bot.simulator.rest_issues import BODY_LIMIT, ensure_label, validation_failed
from bot.simulator.routing import Request, Response, RouteTable, paginate
from bot.simulator.shapes import issue_json, single_issue_json
from bot.simulator.state import Issue, Repository

routes = RouteTable()


def _matches(issue: Issue, state: str, creator: str, labels: list[str]) -> bool:
    if state != "all" and issue.state != state:
        return False
    if creator and issue.author.lower() != creator.lower():
        return False
    have = {name.lower() for name in issue.labels}
    return all(name.lower() in have for name in labels)


@routes.add("GET", "/repos/{owner}/{repo}/issues")
def list_issues(request: Request) -> Response:
    repo = visible_repo(request)
    state = request.query.get("state") or "open"
    creator = request.query.get("creator") or ""
    labels = [x.strip() for x in (request.query.get("labels") or "").split(",") if x.strip()]
    chosen = [i for i in repo.issues.values() if _matches(i, state, creator, labels)]
    chosen.sort(key=lambda i: (i.created_at, i.number), reverse=True)
    page, headers = paginate(request, chosen)
    return Response(body=[issue_json(request.state, repo, i) for i in page], headers=headers)


def _text(data: dict[str, Any], key: str, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise validation_failed("Issue", "missing_field" if value is None else "invalid", key)
    if len(value) > BODY_LIMIT:
        raise validation_failed(
            "Issue", "unprocessable", "data", f"{key} is too long (maximum is {BODY_LIMIT} characters)"
        )
    return value


def _set_labels(request: Request, repo: Repository, issue: Issue, names: Any) -> None:
    if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
        raise validation_failed("Issue", "invalid", "labels")
    issue.labels = list(dict.fromkeys(ensure_label(request, repo, str(x)) for x in names))


@routes.add("POST", "/repos/{owner}/{repo}/issues")
def create_issue(request: Request) -> Response:
    repo = visible_repo(request)
    require_write(request)
    assert request.token is not None
    data = request.json()
    data = data if isinstance(data, dict) else {}
    title = _text(data, "title", required=True)
    body = _text(data, "body", required=False) or ""
    state = request.state
    number = max([*repo.issues, 0]) + 1
    issue = Issue(
        number=number,
        id=state.new_id("issue"),
        title=str(title),
        body=body,
        author=request.token.login,
        state="open",
        created_at=state.now,
        updated_at=state.now,
    )
    if "labels" in data:
        _set_labels(request, repo, issue, data["labels"])
    repo.issues[number] = issue
    created = single_issue_json(state, repo, issue)
    return Response(status=201, body=created, headers={"Location": created["url"]})


@routes.add("PATCH", "/repos/{owner}/{repo}/issues/{number}")
def update_issue(request: Request) -> Response:
    repo = visible_repo(request)
    issue = issue_of(request, repo)
    require_write(request)
    data = request.json()
    data = data if isinstance(data, dict) else {}
    if "title" in data:
        issue.title = str(_text(data, "title", required=True))
    if "body" in data:
        issue.body = _text(data, "body", required=False) or ""
    if "state" in data:
        if data["state"] not in ("open", "closed"):
            raise validation_failed("Issue", "invalid", "state")
        issue.state = str(data["state"])
        issue.closed_at = request.state.now if issue.state == "closed" else None
    if "labels" in data:
        _set_labels(request, repo, issue, data["labels"])
    issue.updated_at = request.state.now
    return Response(body=single_issue_json(request.state, repo, issue))
