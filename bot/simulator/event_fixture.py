"""A simulator fixture that matches a real webhook payload (e.g. from @octokit/webhooks-examples).

Feed a payload GitHub really sent to the Action, and serve a world in which that payload is true:
the repository, the pull request with the payload's base and head shas, the issue and its comment.

    fixture = fixture_from_event(payload, head_files={"catalog/x.yml": "..."})
    with Simulator(fixture) as sim: ...        # token "bot-token" is github-actions[bot]
"""

from __future__ import annotations

from typing import Any

from bot.simulator.state import Json

BOT_TOKEN = "bot-token"


def fixture_from_event(
    payload: Json,
    head_files: dict[str, str | None] | None = None,
    base_files: dict[str, str] | None = None,
    now: str = "2026-01-15T12:00:00Z",
) -> dict[str, Any]:
    """The fixture dict for a pull_request(_target) or issue_comment payload."""
    repository = payload.get("repository")
    if not isinstance(repository, dict) or "full_name" not in repository:
        raise ValueError("the payload has no repository.full_name")
    repo: dict[str, Any] = {
        "name": repository["full_name"],
        "default_branch": repository.get("default_branch") or "main",
        "description": repository.get("description"),
        "private": bool(repository.get("private", False)),
        "stars": int(repository.get("stargazers_count") or 0),
        "forks": int(repository.get("forks_count") or 0),
        "pull_requests": [],
        "issues": [],
    }
    base_commit: dict[str, Any] = {
        "message": "Base",
        "date": "now-30d",
        "author": repository.get("owner", {}).get("login") or "octocat",
        "files": dict(base_files or {"README.md": "# Catalog\n"}),
    }
    repo["commits"] = [base_commit]
    pull = payload.get("pull_request")
    issue = payload.get("issue")
    if isinstance(pull, dict):
        base_commit["sha"] = pull["base"]["sha"]
        repo["default_branch"] = pull["base"]["ref"]
        repo["pull_requests"].append(_pull(pull, head_files))
    elif isinstance(issue, dict):
        entry = _issue(issue, payload.get("comment"))
        if issue.get("pull_request"):
            entry.pop("state", None)
            entry.pop("closed_at", None)
            entry["commits"] = [{"message": "Change", "files": dict(head_files or {"CHANGE.md": "change\n"})}]
            repo["pull_requests"].append(entry)
        else:
            repo["issues"].append(entry)
    else:
        raise ValueError("the payload is neither a pull_request nor an issue_comment event")
    return {
        "now": now,
        "users": [{"login": "github-actions[bot]", "type": "Bot"}],
        "tokens": {BOT_TOKEN: "github-actions[bot]"},
        "repositories": [repo],
    }


def _pull(pull: Json, head_files: dict[str, str | None] | None) -> dict[str, Any]:
    head_repo = pull["head"].get("repo")
    base_repo = pull["base"]["repo"]["full_name"]
    entry: dict[str, Any] = {
        "number": pull["number"],
        "title": pull.get("title") or "",
        "body": pull.get("body") or "",
        "author": pull["user"]["login"],
        "state": "merged" if pull.get("merged") else pull.get("state", "open"),
        "base": pull["base"]["ref"],
        "head_branch": pull["head"]["ref"],
        "commits": [
            {
                "sha": pull["head"]["sha"],
                "message": "Head",
                "files": dict(head_files or {"CHANGE.md": "change\n"}),
            }
        ],
        "labels": [label["name"] for label in pull.get("labels") or ()],
    }
    if head_repo is None:
        entry["head"] = None
    elif head_repo["full_name"].lower() != base_repo.lower():
        entry["head"] = head_repo["full_name"]
    return entry


def _issue(issue: Json, comment: object) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "number": issue["number"],
        "title": issue.get("title") or "",
        "body": issue.get("body") or "",
        "author": issue["user"]["login"],
        "state": issue.get("state") or "open",
        "labels": [label["name"] for label in issue.get("labels") or ()],
        "comments": [],
    }
    if isinstance(comment, dict):
        entry["comments"].append(
            {"id": comment["id"], "author": comment["user"]["login"], "body": comment.get("body") or ""}
        )
    return entry
