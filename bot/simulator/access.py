"""Who may see and change what: repository visibility, renames, read-only tokens."""

from __future__ import annotations

from bot.simulator.routing import HttpError, Request
from bot.simulator.state import Issue, Repository

NOT_ACCESSIBLE = "Resource not accessible by integration"
WRITE_ROLES = {"admin", "maintain", "write"}


class Redirect(HttpError):
    """301 Moved Permanently with a Location header, as GitHub answers for a renamed repository."""

    def __init__(self, location: str):
        super().__init__(301, "Moved Permanently", "https://docs.github.com/v3/#http-redirects", url=location)
        self.location = location


def visible_repo(request: Request) -> Repository:
    """The repository of the route, or 404 (missing, or private and not shared) / 301 (renamed)."""
    state = request.state
    full_name = f"{request.params['owner']}/{request.params['repo']}"
    key = full_name.lower()
    repo = state.repositories.get(key)
    if repo is None and key in state.renamed:
        moved = state.repo(full_name)
        prefix = f"/repos/{request.params['owner']}/{request.params['repo']}"
        suffix = request.path[len(prefix) :] if request.path.lower().startswith(prefix.lower()) else ""
        query = "&".join(f"{k}={v}" for k, v in request.query.items())
        location = f"{state.api_url}/repositories/{moved.id}{suffix}" + (f"?{query}" if query else "")
        raise Redirect(location)
    if repo is None or (repo.private and not can_read_private(request, repo)):
        raise HttpError(404, "Not Found", "https://docs.github.com/rest/repos/repos#get-a-repository")
    return repo


def can_read_private(request: Request, repo: Repository) -> bool:
    token = request.token
    return token is not None and (token.login == repo.owner or token.login in repo.permissions)


def require_write(request: Request) -> None:
    """401 without a token; 403 "Resource not accessible by integration" for a read-only token."""
    if request.token is None:
        raise HttpError(401, "Requires authentication", "https://docs.github.com/rest")
    if request.token.read_only:
        raise HttpError(403, NOT_ACCESSIBLE, "https://docs.github.com/rest")


def can_moderate(request: Request, repo: Repository) -> bool:
    """Write access: a collaborator with write or above, or a bot installation token."""
    token = request.token
    if token is None:
        return False
    user = request.state.user(token.login)
    return user.type == "Bot" or repo.permission_of(token.login) in WRITE_ROLES


def issue_of(request: Request, repo: Repository, pulls_only: bool = False) -> Issue:
    try:
        number = int(request.params["number"])
    except ValueError as error:
        raise HttpError(404, "Not Found") from error
    issue = repo.issues.get(number)
    if issue is None or (pulls_only and issue.pull is None):
        raise HttpError(404, "Not Found")
    return issue
