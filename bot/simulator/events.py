"""The event payloads the Action receives (GITHUB_EVENT_PATH), built from the simulator's state.

They carry every field @octokit/webhooks-schemas requires (tests/simulator/test_events.py checks).
    payload = pull_request_event(sim.state, "acme/catalog", 7, action="synchronize")
    write_event(tmp_path / "event.json", payload)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.simulator.fixture import load_state
from bot.simulator.shapes import issue_json, label_json, pull_json, repo_json, user_json
from bot.simulator.state import Json, Repository, State

PULL_REQUEST_ACTIONS = ("opened", "synchronize", "reopened", "edited", "closed", "labeled")
COMMENT_ACTIONS = ("created", "edited", "deleted")


def pull_request_event(
    state: State,
    repo: str,
    number: int,
    action: str = "opened",
    event_name: str = "pull_request_target",
    before: str | None = None,
    sender: str | None = None,
    changes: Json | None = None,
    label: str | None = None,
) -> Json:
    """A pull_request / pull_request_target payload (both events carry the same payload).

    synchronize: `before` is the previous head (default: the parent of the head commit).
    edited: `changes` as GitHub sends them (default: a title change). labeled: `label` names the label.
    """
    if action not in PULL_REQUEST_ACTIONS:
        raise ValueError(f"pull_request action {action!r} is not one of {', '.join(PULL_REQUEST_ACTIONS)}")
    if event_name not in ("pull_request", "pull_request_target"):
        raise ValueError(f"event {event_name!r} is not pull_request or pull_request_target")
    with state.lock:
        target = state.repo(repo)
        issue = target.issues[number]
        if issue.pull is None:
            raise ValueError(f"#{number} of {repo} is an issue, not a pull request")
        payload: Json = {
            "action": action,
            "number": number,
            "pull_request": pull_json(state, target, issue),
            "repository": repository_payload(state, target),
            "sender": user_json(state, sender or issue.author),
        }
        if action == "synchronize":
            head = target.commits[issue.pull.head_sha]
            payload["before"] = before or (head.parents[0] if head.parents else issue.pull.base_sha)
            payload["after"] = issue.pull.head_sha
        if action == "edited":
            payload["changes"] = changes if changes is not None else {"title": {"from": issue.title}}
        if action == "labeled":
            name = label or (issue.labels[0] if issue.labels else "New")
            payload["label"] = _label_payload(state, target, name)
        return payload


def issue_comment_event(
    state: State,
    repo: str,
    number: int,
    comment: Json,
    action: str = "created",
    previous_body: str | None = None,
) -> Json:
    """An issue_comment payload for `comment` (REST-shaped, e.g. from Simulator.add_comment) on #number.

    On a pull request the issue carries `pull_request` (and no head sha, as on GitHub).
    edited: `changes.body.from` is `previous_body`.
    """
    if action not in COMMENT_ACTIONS:
        raise ValueError(f"issue_comment action {action!r} is not one of {', '.join(COMMENT_ACTIONS)}")
    with state.lock:
        target = state.repo(repo)
        issue = target.issues[number]
        sender = comment.get("user", {}).get("login") or issue.author
        payload: Json = {
            "action": action,
            "issue": issue_json(state, target, issue),
            "comment": comment,
            "repository": repository_payload(state, target),
            "sender": user_json(state, sender),
        }
        if action == "edited":
            payload["changes"] = {"body": {"from": previous_body if previous_body is not None else ""}}
        return payload


def plain_issue_comment_event(
    state: State,
    repo: str,
    number: int,
    comment: Json,
    action: str = "created",
    previous_body: str | None = None,
) -> Json:
    """issue_comment on a plain issue (not a PR): the Action must ignore it."""
    with state.lock:
        if state.repo(repo).issues[number].pull is not None:
            raise ValueError(f"#{number} of {repo} is a pull request, not a plain issue")
    return issue_comment_event(state, repo, number, comment, action, previous_body)


def workflow_dispatch_event(
    repo: str,
    inputs: dict[str, Any] | None = None,
    state: State | None = None,
    ref: str | None = None,
    sender: str | None = None,
    workflow: str = ".github/workflows/ecosystem-bot.yml",
) -> Json:
    """A workflow_dispatch payload; without `state` the repository is a bare one with defaults."""
    if state is None:
        state = load_state({"repositories": [{"name": repo}]})
    with state.lock:
        target = state.repo(repo)
        return {
            "inputs": dict(inputs or {}) or None,
            "ref": ref or f"refs/heads/{target.default_branch}",
            "repository": repository_payload(state, target),
            "sender": user_json(state, sender or target.owner),
            "workflow": workflow,
        }


def write_event(path: str | Path, payload: Json) -> Path:
    """Write the payload where GITHUB_EVENT_PATH points; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return target


def repository_payload(state: State, repo: Repository) -> Json:
    """The repository object of a webhook: the REST shape."""
    return repo_json(state, repo)


def _label_payload(state: State, repo: Repository, name: str) -> Json:
    label = repo.labels.get(name.lower())
    if label is None:
        raise ValueError(f"{repo.full_name} has no label {name!r}")
    return label_json(state, repo, label)


ISSUE_ACTIONS = ("opened", "edited", "reopened", "closed", "labeled")


def issues_event(
    state: State,
    repo: str,
    number: int,
    action: str = "opened",
    sender: str | None = None,
    changes: Json | None = None,
    label: str | None = None,
) -> Json:
    """An `issues` payload for plain issue #number (an application opened from a form, say).

    edited: `changes` as GitHub sends them (default: a body change). labeled: `label` names the label.
    """
    if action not in ISSUE_ACTIONS:
        raise ValueError(f"issues action {action!r} is not one of {', '.join(ISSUE_ACTIONS)}")
    with state.lock:
        target = state.repo(repo)
        issue = target.issues[number]
        if issue.pull is not None:
            raise ValueError(f"#{number} of {repo} is a pull request, not an issue")
        payload: Json = {
            "action": action,
            "issue": issue_json(state, target, issue),
            "repository": repository_payload(state, target),
            "sender": user_json(state, sender or issue.author),
        }
        if action == "edited":
            payload["changes"] = changes if changes is not None else {"body": {"from": ""}}
        if action == "labeled":
            payload["label"] = _label_payload(
                state, target, label or (issue.labels[0] if issue.labels else "New")
            )
        return payload
