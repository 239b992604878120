"""A small world for the simulator's tests, and clients (requests, PyGithub) pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from github import Auth, Github

from bot.simulator import Simulator

BOT = "bot-token"
READ_ONLY = "readonly-token"
ALICE = "alice-token"
CAROL = "carol-token"


def world() -> dict[str, Any]:
    return {
        "now": "2026-01-15T12:00:00Z",
        "users": [{"login": "github-actions[bot]", "type": "Bot"}, {"login": "acme", "type": "Organization"}],
        "tokens": {
            BOT: "github-actions[bot]",
            READ_ONLY: {"login": "github-actions[bot]", "read_only": True},
            ALICE: "alice",
            CAROL: "carol",
            "tiny-token": {"login": "alice", "rest_limit": 3, "graphql_limit": 2},
        },
        "repositories": [
            {
                "name": "acme/catalog",
                "permissions": {"alice": "admin", "mo": "maintain", "wes": "write", "tri": "triage", "rita": "read"},
                "labels": [{"name": "New", "color": "0e8a16", "description": "A new application"}],
                "commits": [
                    {"message": "Start", "date": "now-100d", "author": "alice",
                     "files": {"README.md": "# Catalog\n", "catalog/a.yml": "name: a\n"}},
                ],
                "pull_requests": [
                    {"number": 1, "title": "Add b", "author": "carol", "head": "carol/catalog",
                     "commits": [{"message": "Add b", "files": {"catalog/b.yml": "name: b\n"}}]},
                    {"number": 2, "title": "Add many", "author": "dan",
                     "commits": [{"files": {f"catalog/p{n:02}.yml": f"name: p{n}\n" for n in range(45)}}]},
                    {"number": 3, "title": "From a deleted fork", "author": "eve", "head": None,
                     "commits": [{"files": {"catalog/c.yml": "name: c\n"}}]},
                ],
            },
            {
                "name": "widgets/torchwidget",
                "renamed_from": ["widgets/old-widget"],
                "license": "MIT",
                "stars": 420,
                "ci": "success",
                "topics": ["pytorch"],
                "commits": [
                    {"message": "Import", "date": "now-400d", "author": "wendy",
                     "files": {"README.md": "# torchwidget\n", "LICENSE": "MIT License\n", "docs/index.md": "# Docs\n",
                               "docs/api/ref.md": "ref\n", "logo.png": "\x00PNG"}},
                ],
                "generate_commits": {"count": 40, "since": "now-200d", "authors": ["wendy", "xavier",
                                                                               {"name": "Yann", "email": "y@example.com"}]},
                "issues": [{"title": "Bug", "author": "zed", "created_at": "now-3d",
                            "comments": [{"author": "wendy", "body": "On it", "created_at": "now-2d"}]}],
                "releases": [{"tag": "v1.0", "published_at": "now-20d"}],
                "sbom": {"packages": [{"name": "torch", "version": "2.5.1", "license": "BSD-3-Clause"}]},
            },
            {"name": "secret/hidden", "private": True, "permissions": {"alice": "read"},
             "commits": [{"files": {"README.md": "hush\n"}}]},
        ],
        "pypi": {"torchwidget": {"info": {"version": "1.2.0", "license_expression": "MIT"},
                                 "urls": [{"packagetype": "bdist_wheel"}]}},
        "conda": {"conda-forge": {"torchwidget": {"latest_version": "1.2.0", "conda_platforms": ["noarch"]}}},
    }  # fmt: skip


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(world()) as simulator:
        yield simulator


def session(token: str | None = BOT) -> requests.Session:
    client = requests.Session()
    if token:
        client.headers["Authorization"] = f"token {token}"
    return client


@pytest.fixture
def api() -> requests.Session:
    return session(BOT)


def github(sim: Simulator, token: str = BOT) -> Github:
    return Github(
        base_url=sim.url, auth=Auth.Token(token), retry=None, per_page=30, seconds_between_requests=0,
        seconds_between_writes=0,
    )  # fmt: skip
