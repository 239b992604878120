"""Build a `State` from a fixture: a dict parsed from YAML or JSON (format in README.md, section 'The GitHub simulator').

Bad fixtures raise `FixtureError` naming the key that is wrong, never a bare traceback.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from graphql import GraphQLNonNull, GraphQLObjectType

from bot.simulator.graphql_api import simulator_schema
from bot.simulator.state import (
    Comment,
    Commit,
    Issue,
    Json,
    Label,
    PullInfo,
    Release,
    Repository,
    SbomPackage,
    State,
    Token,
    User,
    WorkflowRun,
    make_commit,
)

DEFAULT_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
RELATIVE = re.compile(r"^now\s*(?:([+-])\s*(\d+(?:\.\d+)?)\s*([smhdw]))?$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ROLES = {"admin", "maintain", "write", "triage", "read"}


class FixtureError(ValueError):
    """The fixture is malformed; the message says where."""


def load_file(path: str | Path) -> State:
    """Read a YAML or JSON fixture file (JSON is YAML) into a State."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FixtureError(f"{path}: cannot read the state file: {error}") from error
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: the state file must be a mapping at the top level")
    return load_state(data)


def parse_time(value: object, now: datetime, where: str) -> datetime:
    """ISO 8601 text, a YAML timestamp, or relative to the fixture clock: "now", "now-30d", "now+2h"."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        match = RELATIVE.match(value.strip())
        if match:
            sign, amount, unit = match.groups()
            if not sign:
                return now
            delta = timedelta(**{UNITS[unit]: float(amount)})
            return now + delta if sign == "+" else now - delta
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise FixtureError(f"{where}: {value!r} is not a time (ISO 8601, or now, now-30d, now+2h)")


def load_state(data: dict[str, Any]) -> State:
    """The state a fixture describes. Unknown keys are errors so typos do not pass silently."""
    if not isinstance(data, dict):
        raise FixtureError(f"the state must be a mapping, got {type(data).__name__}")
    try:
        return _load_state(data)
    except FixtureError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise FixtureError(f"malformed state: {type(error).__name__}: {error}") from error


def _load_state(data: dict[str, Any]) -> State:
    allowed = {"now", "users", "tokens", "repositories", "pypi", "conda", "null_fields"}
    unknown = set(data) - allowed
    if unknown:
        raise FixtureError(f"unknown top-level keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    now = parse_time(data["now"], DEFAULT_NOW, "now") if "now" in data else DEFAULT_NOW
    state = State(now=now)
    state.null_fields = _null_fields(_list(data.get("null_fields"), "null_fields"))
    for index, spec in enumerate(_list(data.get("users"), "users")):
        _load_user(state, _mapping(spec, f"users[{index}]"), f"users[{index}]")
    for value, spec in _mapping(data.get("tokens") or {}, "tokens").items():
        _load_token(state, str(value), spec)
    repos = _list(data.get("repositories"), "repositories")
    for index, spec in enumerate(repos):
        _load_repository(state, _mapping(spec, f"repositories[{index}]"), f"repositories[{index}]")
    for index, spec in enumerate(repos):
        where = f"repositories[{index}]"
        repo = state.repo(str(spec.get("renamed_to") or spec["name"]))
        for pr_index, pr in enumerate(_list(spec.get("pull_requests"), f"{where}.pull_requests")):
            _load_pull_request(state, repo, _mapping(pr, f"{where}.pull_requests[{pr_index}]"), where)
    for name, spec in _mapping(data.get("pypi") or {}, "pypi").items():
        state.pypi[normalise_pypi(str(name))] = _load_pypi(
            str(name), _mapping(spec, f"pypi.{name}"), state.now
        )
    for channel, packages in _mapping(data.get("conda") or {}, "conda").items():
        for name, spec in _mapping(packages, f"conda.{channel}").items():
            where = f"conda.{channel}.{name}"
            state.conda.setdefault(str(channel), {})[str(name).lower()] = _load_conda(
                str(channel), str(name), _mapping(spec, where)
            )
    return state


def normalise_pypi(name: str) -> str:
    """PEP 503 normal form."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _null_fields(names: list[Any]) -> set[str]:
    """`Type.field` names the schema marks nullable: GitHub may answer null for any of them."""
    schema = simulator_schema()
    for index, name in enumerate(names):
        type_name, _, field_name = str(name).partition(".")
        kind = schema.type_map.get(type_name)
        found = kind.fields.get(field_name) if isinstance(kind, GraphQLObjectType) else None
        if found is None:
            raise FixtureError(f"null_fields[{index}]: {name!r} is not a Type.field of the GraphQL schema")
        if isinstance(found.type, GraphQLNonNull):
            raise FixtureError(
                f"null_fields[{index}]: {name} is non-null in GitHub's schema; it is never null"
            )
    return {str(name) for name in names}


# ---- small readers ------------------------------------------------------------------------------
def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise FixtureError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FixtureError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _check_keys(spec: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(spec) - allowed
    if unknown:
        raise FixtureError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")


def _int(spec: dict[str, Any], key: str, where: str, default: int) -> int:
    found = _optional_int(spec, key, where)
    return default if found is None else found


def _optional_int(spec: dict[str, Any], key: str, where: str) -> int | None:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FixtureError(f"{where}.{key}: {value!r} is not a whole number")
    try:
        return int(value)
    except ValueError as error:
        raise FixtureError(f"{where}.{key}: {value!r} is not a whole number") from error


def _require(spec: dict[str, Any], key: str, where: str) -> Any:
    if key not in spec or spec[key] is None:
        raise FixtureError(f"{where}: missing required key {key!r}")
    return spec[key]


# ---- users and tokens ---------------------------------------------------------------------------
def _load_user(state: State, spec: dict[str, Any], where: str) -> None:
    _check_keys(spec, {"login", "type", "name", "email", "id"}, where)
    login = str(_require(spec, "login", where))
    kind = str(spec.get("type") or ("Bot" if login.endswith("[bot]") else "User"))
    if kind not in {"User", "Bot", "Organization"}:
        raise FixtureError(f"{where}.type: {kind!r} is not one of User, Bot, Organization")
    user_id = _optional_int(spec, "id", where) or state.new_id("user")
    state.users[login.lower()] = User(
        login=login, id=user_id, type=kind, name=spec.get("name"), email=spec.get("email")
    )


def _load_token(state: State, value: str, spec: object) -> None:
    where = f"tokens.{value}"
    if isinstance(spec, str):
        spec = {"login": spec}
    body = _mapping(spec, where)
    _check_keys(body, {"login", "read_only", "rest_limit", "graphql_limit"}, where)
    login = str(_require(body, "login", where))
    state.user(login)
    state.tokens[value] = Token(
        value=value,
        login=login,
        read_only=bool(body.get("read_only", False)),
        rest_limit=_int(body, "rest_limit", where, 5000),
        graphql_limit=_int(body, "graphql_limit", where, 5000),
    )


# ---- repositories -------------------------------------------------------------------------------
REPO_KEYS = {
    "name", "default_branch", "description", "homepage", "topics", "license", "stars", "forks",
    "watchers", "archived", "fork", "parent", "private", "disabled", "created_at", "pushed_at", "ci",
    "renamed_from", "renamed_to", "permissions", "labels", "commits", "generate_commits", "branches", "releases",
    "tags", "issues", "pull_requests", "workflow_runs", "sbom", "contributors",
    "anonymous_contributors", "id",
}  # fmt: skip


def _load_repository(state: State, spec: dict[str, Any], where: str) -> None:
    _check_keys(spec, REPO_KEYS, where)
    full_name, old_names = _repository_names(spec, where)
    if full_name.lower() in state.repositories:
        raise FixtureError(f"{where}: repository {full_name} is listed twice")
    repo = _new_repository(state, spec, full_name, where)
    state.user(repo.owner)
    state.repositories[full_name.lower()] = repo
    for old in old_names:
        state.renamed[old.lower()] = full_name
    _load_permissions(state, repo, spec, where)
    for index, label in enumerate(_list(spec.get("labels"), f"{where}.labels")):
        _load_label(state, repo, label, f"{where}.labels[{index}]")
    _load_commits(state, repo, spec, where)
    repo.pushed_at = (
        parse_time(spec["pushed_at"], state.now, f"{where}.pushed_at")
        if spec.get("pushed_at")
        else max((c.date for c in repo.commits.values()), default=repo.created_at)
    )
    _load_branches(repo, spec, where)
    for release, at in _mappings(spec, "releases", where):
        _load_release(state, repo, release, at)
    for tag in _list(spec.get("tags"), f"{where}.tags"):
        if repo.head_sha:
            repo.tags.setdefault(str(tag), repo.head_sha)
    for issue, at in _mappings(spec, "issues", where):
        _load_issue(state, repo, issue, at)
    for run, at in _mappings(spec, "workflow_runs", where):
        _load_run(state, repo, run, at)
    _load_sbom(repo, spec.get("sbom"), f"{where}.sbom")
    _load_contributors(state, repo, spec, where)


def _repository_names(spec: dict[str, Any], where: str) -> tuple[str, list[str]]:
    """The name the repository lives at now, and the names it was renamed from."""
    full_name = str(_require(spec, "name", where))
    if full_name.count("/") != 1:
        raise FixtureError(f"{where}.name: {full_name!r} must be owner/name")
    old_names = [str(old) for old in _list(spec.get("renamed_from"), f"{where}.renamed_from")]
    if spec.get("renamed_to"):
        # `name` is the old name; the repository now lives at `renamed_to`
        old_names.append(full_name)
        full_name = str(spec["renamed_to"])
        if full_name.count("/") != 1:
            raise FixtureError(f"{where}.renamed_to: {full_name!r} must be owner/name")
    return full_name, old_names


def _new_repository(state: State, spec: dict[str, Any], full_name: str, where: str) -> Repository:
    """The repository's own fields (no commits, issues or permissions yet)."""
    return Repository(
        full_name=full_name,
        id=_optional_int(spec, "id", where) or state.new_id("repository"),
        default_branch=str(spec.get("default_branch") or "main"),
        description=spec.get("description"),
        homepage=spec.get("homepage"),
        topics=[str(t) for t in _list(spec.get("topics"), f"{where}.topics")],
        license=spec.get("license"),
        stars=_int(spec, "stars", where, 0),
        forks=_int(spec, "forks", where, 0),
        watchers=_int(spec, "watchers", where, _int(spec, "stars", where, 0)),
        archived=bool(spec.get("archived", False)),
        fork=bool(spec.get("fork", False)) or spec.get("parent") is not None,
        parent=spec.get("parent"),
        private=bool(spec.get("private", False)),
        disabled=bool(spec.get("disabled", False)),
        created_at=parse_time(spec.get("created_at", "now-1000d"), state.now, f"{where}.created_at"),
        ci=str(spec["ci"]).lower() if spec.get("ci") else None,
    )


def _load_permissions(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    for login, role in _mapping(spec.get("permissions") or {}, f"{where}.permissions").items():
        if role not in ROLES:
            raise FixtureError(f"{where}.permissions.{login}: {role!r} is not one of {sorted(ROLES)}")
        state.user(str(login))
        repo.permissions[str(login)] = str(role)


def _load_branches(repo: Repository, spec: dict[str, Any], where: str) -> None:
    for name, rev in _mapping(spec.get("branches") or {}, f"{where}.branches").items():
        commit = repo.resolve_rev(str(rev))
        if commit is None:
            raise FixtureError(f"{where}.branches.{name}: no commit {rev!r}")
        repo.branches[str(name)] = commit.sha


def _mappings(spec: dict[str, Any], key: str, where: str) -> list[tuple[dict[str, Any], str]]:
    """The mappings listed under `key`, each with where it is: `where.key[i]`."""
    found = []
    for index, item in enumerate(_list(spec.get(key), f"{where}.{key}")):
        at = f"{where}.{key}[{index}]"
        found.append((_mapping(item, at), at))
    return found


def _load_label(state: State, repo: Repository, spec: object, where: str) -> None:
    body = {"name": spec} if isinstance(spec, str) else _mapping(spec, where)
    _check_keys(body, {"name", "color", "description"}, where)
    name = str(_require(body, "name", where))
    repo.labels[name.lower()] = Label(
        name=name,
        id=state.new_id("label"),
        color=str(body.get("color") or "ededed").lstrip("#"),
        description=body.get("description"),
    )


def _author(state: State, value: object, where: str) -> tuple[User, str | None, str | None, str | None]:
    """An author: a login, or {login, name, email} (login may be null for a non-GitHub author)."""
    if value is None:
        return state.user("octocat"), None, None, ""
    if isinstance(value, str):
        return state.user(value), None, None, ""
    body = _mapping(value, where)
    _check_keys(body, {"login", "name", "email"}, where)
    login = body.get("login")
    if login:
        return state.user(str(login)), body.get("name"), body.get("email"), ""
    name = str(body.get("name") or "Anonymous")
    email = str(body.get("email") or f"{name.lower().replace(' ', '.')}@example.com")
    return User(login=name, id=0, name=name, email=email), name, email, None


def _commit_from_spec(
    state: State, parent: Commit | None, spec: dict[str, Any], where: str, default_date: datetime
) -> Commit:
    _check_keys(spec, {"sha", "message", "date", "author", "committer", "files"}, where)
    user, name, email, login = _author(state, spec.get("author"), f"{where}.author")
    committer = None
    if spec.get("committer") is not None:
        by, by_name, by_email, by_login = _author(state, spec["committer"], f"{where}.committer")
        committer = (
            by_name or by.name or by.login,
            by_email or by.email or f"{by.id}+{by.login}@users.noreply.github.com",
            by.login if by_login == "" else by_login,
        )
    files = _mapping(spec.get("files") or {}, f"{where}.files")
    changes: dict[str, str | None] = {str(p): (None if t is None else str(t)) for p, t in files.items()}
    moment = parse_time(spec["date"], state.now, f"{where}.date") if "date" in spec else default_date
    return make_commit(
        parent,
        str(spec.get("message") or "Update"),
        moment,
        user,
        changes,
        sha=str(spec["sha"]) if spec.get("sha") else None,
        author_name=name,
        author_email=email,
        login=login,
        committer=committer,
    )


def _load_commits(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    """Explicit `commits` and `generate_commits`, merged by date into the default branch."""
    entries: list[tuple[datetime, int, dict[str, Any], str]] = []
    for index, commit in enumerate(_list(spec.get("commits"), f"{where}.commits")):
        body = _mapping(commit, f"{where}.commits[{index}]")
        moment = (
            parse_time(body["date"], state.now, f"{where}.commits[{index}].date")
            if "date" in body
            else state.now - timedelta(days=1)
        )
        entries.append((moment, len(entries), body, f"{where}.commits[{index}]"))
    if spec.get("generate_commits") is not None:
        for moment, body in _generated(
            state, _mapping(spec["generate_commits"], f"{where}.generate_commits"), where
        ):
            entries.append((moment, len(entries), body, f"{where}.generate_commits"))
    entries.sort(key=lambda item: (item[0], item[1]))
    parent: Commit | None = None
    for moment, _, body, entry_where in entries:
        commit = _commit_from_spec(state, parent, body, entry_where, moment)
        repo.commits[commit.sha] = commit
        parent = commit
    if parent is not None:
        repo.branches[repo.default_branch] = parent.sha


def _generated(state: State, spec: dict[str, Any], where: str) -> list[tuple[datetime, dict[str, Any]]]:
    """`count` commits spread evenly from `since` to `until` (default now), authors in turn."""
    where = f"{where}.generate_commits"
    _check_keys(spec, {"count", "since", "until", "authors", "message", "path"}, where)
    _require(spec, "count", where)
    count = _int(spec, "count", where, 0)
    since = parse_time(_require(spec, "since", where), state.now, f"{where}.since")
    until = parse_time(spec.get("until", "now"), state.now, f"{where}.until")
    authors = _list(spec.get("authors"), f"{where}.authors") or ["octocat"]
    message = str(spec.get("message") or "Commit {n}")
    span = (until - since).total_seconds()
    result = []
    for n in range(count):
        body: dict[str, Any] = {"message": message.format(n=n + 1), "author": authors[n % len(authors)]}
        if spec.get("path"):
            body["files"] = {str(spec["path"]): f"change {n + 1}\n"}
        offset = round(span * n / max(count - 1, 1))  # whole seconds: the last commit is exactly `until`
        result.append((since + timedelta(seconds=offset), body))
    return result


def _load_release(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    _check_keys(spec, {"tag", "name", "created_at", "published_at", "prerelease", "draft", "commit"}, where)
    tag = str(_require(spec, "tag", where))
    published = spec.get("published_at", "now-30d")
    created = parse_time(spec.get("created_at", published or "now-30d"), state.now, f"{where}.created_at")
    repo.releases.append(
        Release(
            tag=tag,
            id=state.new_id("release"),
            name=spec.get("name", tag),
            created_at=created,
            published_at=None
            if published is None
            else parse_time(published, state.now, f"{where}.published_at"),
            prerelease=bool(spec.get("prerelease", False)),
            draft=bool(spec.get("draft", False)),
        )
    )
    target = repo.resolve_rev(str(spec["commit"])) if spec.get("commit") else None
    sha = target.sha if target else repo.head_sha
    if sha and not spec.get("draft"):
        repo.tags.setdefault(tag, sha)


def _load_comments(state: State, specs: object, where: str) -> list[Comment]:
    comments = []
    for index, spec in enumerate(_list(specs, where)):
        body = _mapping(spec, f"{where}[{index}]")
        _check_keys(body, {"author", "body", "created_at", "id"}, f"{where}[{index}]")
        author = str(_require(body, "author", f"{where}[{index}]"))
        state.user(author)
        moment = parse_time(body.get("created_at", "now"), state.now, f"{where}[{index}].created_at")
        comments.append(
            Comment(
                id=_optional_int(body, "id", f"{where}[{index}]") or state.new_id("comment"),
                author=author,
                body=str(body.get("body") or ""),
                created_at=moment,
                updated_at=moment,
            )
        )
    return comments


def _next_number(repo: Repository, spec: dict[str, Any]) -> int:
    if spec.get("number") is not None:
        return _int(spec, "number", "number", 0)
    return max(repo.issues, default=0) + 1


def _load_issue(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    _check_keys(
        spec,
        {"number", "title", "body", "author", "state", "created_at", "closed_at", "labels", "comments"},
        where,
    )
    number = _next_number(repo, spec)
    author = str(spec.get("author") or "octocat")
    state.user(author)
    created = parse_time(spec.get("created_at", "now-7d"), state.now, f"{where}.created_at")
    issue_state = str(spec.get("state") or "open").lower()
    closed = spec.get("closed_at")
    repo.issues[number] = Issue(
        number=number,
        id=state.new_id("issue"),
        title=str(spec.get("title") or f"Issue {number}"),
        body=str(spec.get("body") or ""),
        author=author,
        state=issue_state,
        created_at=created,
        updated_at=created,
        closed_at=parse_time(closed, state.now, f"{where}.closed_at")
        if closed
        else (created if issue_state == "closed" else None),
        labels=[str(x) for x in _list(spec.get("labels"), f"{where}.labels")],
        comments=_load_comments(state, spec.get("comments"), f"{where}.comments"),
    )
    _ensure_labels(state, repo, repo.issues[number].labels)


def _ensure_labels(state: State, repo: Repository, names: list[str]) -> None:
    for name in names:
        if name.lower() not in repo.labels:
            repo.labels[name.lower()] = Label(name=name, id=state.new_id("label"))


def _load_pull_request(state: State, repo: Repository, spec: dict[str, Any], repo_where: str) -> None:
    where = f"{repo_where}.pull_requests[{spec.get('number', '?')}]"
    _check_keys(
        spec,
        {"number", "title", "body", "author", "state", "base", "head", "head_branch", "commits",
         "comments", "labels", "created_at", "closed_at"},
        where,
    )  # fmt: skip
    number = _next_number(repo, spec)
    author = str(spec.get("author") or "octocat")
    state.user(author)
    base_ref = str(spec.get("base") or repo.default_branch)
    base_sha = repo.branches.get(base_ref)
    if base_sha is None:
        raise FixtureError(f"{where}.base: {repo.full_name} has no branch {base_ref!r} (give it commits)")
    head_repo: str | None = repo.full_name
    if "head" in spec:
        head_repo = None if spec["head"] is None else str(spec["head"])
    head_ref = str(spec.get("head_branch") or f"pr-{number}")
    created = parse_time(spec.get("created_at", "now-1d"), state.now, f"{where}.created_at")
    parent = repo.commits[base_sha]
    pull = PullInfo(
        base_ref=base_ref, base_sha=base_sha, head_ref=head_ref, head_sha=base_sha, head_repo=head_repo
    )
    for index, body in enumerate(_list(spec.get("commits"), f"{where}.commits")):
        commit_spec = _mapping(body, f"{where}.commits[{index}]")
        commit_spec.setdefault("author", author)
        commit = _commit_from_spec(state, parent, commit_spec, f"{where}.commits[{index}]", created)
        repo.commits[commit.sha] = commit
        pull.commits.append(commit.sha)
        parent = commit
    pull.head_sha = parent.sha
    pr_state = str(spec.get("state") or "open").lower()
    if pr_state not in {"open", "closed", "merged"}:
        raise FixtureError(f"{where}.state: {pr_state!r} is not one of open, closed, merged")
    pull.merged = pr_state == "merged"
    closed = spec.get("closed_at")
    issue = Issue(
        number=number,
        id=state.new_id("issue"),
        title=str(spec.get("title") or f"Pull request {number}"),
        body=str(spec.get("body") or ""),
        author=author,
        state="open" if pr_state == "open" else "closed",
        created_at=created,
        updated_at=created,
        closed_at=parse_time(closed, state.now, f"{where}.closed_at")
        if closed
        else (None if pr_state == "open" else state.now),
        labels=[str(x) for x in _list(spec.get("labels"), f"{where}.labels")],
        comments=_load_comments(state, spec.get("comments"), f"{where}.comments"),
        pull=pull,
    )
    repo.issues[number] = issue
    _ensure_labels(state, repo, issue.labels)
    if head_repo and head_repo.lower() != repo.full_name.lower():
        _ensure_fork(state, repo, head_repo, pull)
    elif head_repo:
        repo.branches.setdefault(head_ref, pull.head_sha)


def _ensure_fork(state: State, base: Repository, full_name: str, pull: PullInfo) -> None:
    """The fork a PR comes from: created as a fork of `base` when the fixture does not list it."""
    fork = state.find_repo(full_name)
    if fork is None:
        fork = Repository(
            full_name=full_name,
            id=state.new_id("repository"),
            default_branch=base.default_branch,
            fork=True,
            parent=base.full_name,
            created_at=state.now - timedelta(days=2),
            branches={base.default_branch: pull.base_sha},
            license=base.license,
        )
        state.user(fork.owner)
        state.repositories[full_name.lower()] = fork
    for sha in [pull.base_sha, *pull.commits]:
        fork.commits.setdefault(sha, base.commits[sha])
    for commit in base.history(pull.base_sha):
        fork.commits.setdefault(commit.sha, commit)
    fork.branches[pull.head_ref] = pull.head_sha


def _load_run(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    _check_keys(spec, {"name", "status", "conclusion", "head_sha", "branch", "event", "created_at"}, where)
    repo.workflow_runs.append(
        WorkflowRun(
            id=state.new_id("run"),
            name=str(spec.get("name") or "CI"),
            status=str(spec.get("status") or "completed"),
            conclusion=spec.get("conclusion", "success"),
            head_sha=str(spec.get("head_sha") or repo.head_sha or ""),
            head_branch=str(spec.get("branch") or repo.default_branch),
            event=str(spec.get("event") or "push"),
            created_at=parse_time(spec.get("created_at", "now-1d"), state.now, f"{where}.created_at"),
        )
    )


def _load_sbom(repo: Repository, spec: object, where: str) -> None:
    if spec is None:
        return
    body = _mapping(spec, where)
    _check_keys(body, {"packages"}, where)
    for index, package in enumerate(_list(body.get("packages"), f"{where}.packages")):
        item = _mapping(package, f"{where}.packages[{index}]")
        _check_keys(item, {"name", "version", "license"}, f"{where}.packages[{index}]")
        repo.sbom.append(
            SbomPackage(
                name=str(_require(item, "name", f"{where}.packages[{index}]")),
                version=None if item.get("version") is None else str(item["version"]),
                license=item.get("license"),
            )
        )


def _load_contributors(state: State, repo: Repository, spec: dict[str, Any], where: str) -> None:
    """`contributors`: a number (generated logins), or a list of logins / {login, contributions}."""
    value = spec.get("contributors")
    if isinstance(value, int):
        repo.contributors = [(f"contributor-{n + 1}", max(1, value - n)) for n in range(value)]
    elif value is not None:
        people = []
        for index, item in enumerate(_list(value, f"{where}.contributors")):
            if isinstance(item, str):
                people.append((item, 1))
            else:
                body = _mapping(item, f"{where}.contributors[{index}]")
                people.append(
                    (
                        str(_require(body, "login", f"{where}.contributors[{index}]")),
                        _int(body, "contributions", f"{where}.contributors[{index}]", 1),
                    )
                )
        repo.contributors = people
    for login, _ in repo.contributors or []:
        state.user(login)
    if spec.get("anonymous_contributors") is not None:
        repo.anonymous_contributors = _int(spec, "anonymous_contributors", where, 0)


# ---- registries ---------------------------------------------------------------------------------
def _load_pypi(name: str, spec: dict[str, Any], now: datetime) -> Json:
    """A PyPI project: `info` keys are merged over defaults; `urls` lists the latest files.

    upload_time_iso_8601 may be relative ("now-60d") like every other time in a fixture.
    """
    _check_keys(spec, {"info", "urls", "releases"}, f"pypi.{name}")
    info: Json = {
        "name": name,
        "version": "1.0.0",
        "summary": None,
        "license": None,
        "license_expression": None,
        "classifiers": [],
        "requires_dist": None,
        "requires_python": None,
        "project_urls": None,
        "home_page": None,
        "yanked": False,
    }
    info.update(_mapping(spec.get("info") or {}, f"pypi.{name}.info"))
    urls = []
    for index, file in enumerate(_list(spec.get("urls"), f"pypi.{name}.urls")):
        body = _mapping(file, f"pypi.{name}.urls[{index}]")
        kind = str(body.get("packagetype") or "bdist_wheel")
        suffix = "py3-none-any.whl" if kind == "bdist_wheel" else "tar.gz"
        filename = body.get("filename") or f"{name.replace('-', '_')}-{info['version']}-{suffix}"
        if kind == "sdist":
            filename = body.get("filename") or f"{name.replace('-', '_')}-{info['version']}.tar.gz"
        urls.append(
            {
                "filename": filename,
                "packagetype": kind,
                "python_version": "py3" if kind == "bdist_wheel" else "source",
                "upload_time_iso_8601": _pypi_time(
                    body.get("upload_time_iso_8601", "now-30d"), now, f"pypi.{name}.urls[{index}]"
                ),
                "yanked": bool(body.get("yanked", False)),
                "yanked_reason": body.get("yanked_reason"),
                "url": f"https://files.pythonhosted.org/packages/{filename}",
            }
        )
    releases = spec.get("releases") or {str(info["version"]): urls}
    return {"info": info, "urls": urls, "releases": releases, "last_serial": 1}


def _pypi_time(value: object, now: datetime, where: str) -> str:
    moment = parse_time(value, now, f"{where}.upload_time_iso_8601").astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _load_conda(channel: str, name: str, spec: dict[str, Any]) -> Json:
    _check_keys(
        spec,
        {"latest_version", "conda_platforms", "versions", "summary", "license"},
        f"conda.{channel}.{name}",
    )
    latest = str(spec.get("latest_version") or "1.0.0")
    return {
        "name": name,
        "owner": {"login": channel},
        "full_name": f"{channel}/{name}",
        "latest_version": latest,
        "versions": [str(v) for v in spec.get("versions") or [latest]],
        "conda_platforms": [str(p) for p in spec.get("conda_platforms") or ["noarch"]],
        "summary": spec.get("summary"),
        "license": spec.get("license"),
        "url": f"https://api.anaconda.org/packages/{channel}/{name}",
        "html_url": f"https://anaconda.org/{channel}/{name}",
    }
