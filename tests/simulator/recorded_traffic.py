"""Replay api.github.com exchanges recorded in @octokit/fixtures against the simulator and compare.

Each scenario (`scenarios/api.github.com/*/raw-fixture.json`) is a list of real requests with
GitHub's answers. The simulator gets a world in which the scenario's repositories exist (same
names and ids, owned by the fixture organisation), then every request whose route it serves is
sent in order. A write it does not serve ends the scenario (what follows would depend on it).
For each replayed request the status code must match, an error's message must match, and the
answer must have the same keys with values of the same JSON types (null matches anything: the
recorded world and ours differ in values, not in shape).

`python -m tests.simulator.recorded_traffic` prints the coverage and every difference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from bot.simulator import Simulator
from tests.published import package_dir

TOKENS = {
    "0000000000000000000000000000000000000001": "octokit-fixture-user-a",
    "0000000000000000000000000000000000000002": "octokit-fixture-user-b",
}
ORG = "octokit-fixture-org"
SETUP = re.compile(r"^POST /orgs/[^/]+/repos$")  # creating the scenario's repository: the world has it
REPO_PATH = re.compile(r"^/repos/([^/]+)/([^/?]+)")
# Keys GitHub added to these answers after the 2022 recordings (present in today's REST docs).
NEWER_KEYS = frozenset(
    {"state_reason", "performed_via_github_app", "timeline_url", "reactions", "has_discussions",
     "custom_properties", "status"}  # "status": in error bodies since 2024
)  # fmt: skip


def scenarios_dir() -> Path:
    return package_dir("@octokit/fixtures") / "scenarios" / "api.github.com"


def scenario_names() -> list[str]:
    return sorted(p.parent.name for p in scenarios_dir().glob("*/raw-fixture.json"))


def exchanges(name: str) -> list[dict[str, Any]]:
    data = json.loads((scenarios_dir() / name / "raw-fixture.json").read_text(encoding="utf-8"))
    return [
        x for x in data if isinstance(x, dict) and x.get("scope", "").startswith("https://api.github.com")
    ]


def world_for(recorded: list[dict[str, Any]]) -> dict[str, Any]:
    """The repositories the scenario touches, with the ids GitHub gave them."""
    ids: dict[str, int] = {}
    for exchange in recorded:
        answer = exchange.get("response")
        if isinstance(answer, dict) and isinstance(answer.get("full_name"), str) and "owner" in answer:
            ids.setdefault(answer["full_name"].lower(), int(answer["id"]))
    names = {f"{m.group(1)}/{m.group(2)}" for x in recorded if (m := REPO_PATH.match(x["path"]))}
    repositories = [
        {
            "name": name,
            **({"id": ids[name.lower()]} if name.lower() in ids else {}),
            "default_branch": "master" if name.endswith("/hello-world") else "main",
            "permissions": {login: "admin" for login in TOKENS.values()},
            "commits": [
                {
                    "message": "Initial commit",
                    "author": "octokit-fixture-user-a",
                    "date": "now-30d",
                    "files": {"README.md": "# hello-world"},
                }
            ],
        }
        for name in sorted(names)
        if name.split("/")[0] == ORG
    ]
    return {
        "users": [{"login": ORG, "type": "Organization"}, *({"login": login} for login in TOKENS.values())],
        "tokens": dict(TOKENS),
        "repositories": repositories,
    }


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {dict: "object", list: "array", str: "string"}.get(type(value), type(value).__name__)


def shape_differences(github: Any, ours: Any, where: str = "$") -> list[str]:
    """Where the simulator's answer differs in keys or JSON types from GitHub's (null matches anything)."""
    if github is None or ours is None:
        return []
    if kind(github) != kind(ours):
        return [f"{where}: GitHub sends {kind(github)}, the simulator {kind(ours)}"]
    found: list[str] = []
    if isinstance(github, dict):
        missing = sorted(set(github) - set(ours))
        extra = sorted(set(ours) - set(github) - NEWER_KEYS)
        if missing:
            found.append(f"{where}: keys missing {missing}")
        if extra:
            found.append(f"{where}: keys GitHub does not send {extra}")
        for key in sorted(set(github) & set(ours)):
            found += shape_differences(github[key], ours[key], f"{where}.{key}")
    elif isinstance(github, list) and github and ours:
        found += shape_differences(github[0], ours[0], f"{where}[0]")
    return found


@dataclass
class Replay:
    scenario: str
    total: int = 0
    replayed: int = 0
    differences: list[str] = field(default_factory=list)


def replay(name: str) -> Replay:
    recorded = exchanges(name)
    result = Replay(name, total=len(recorded))
    with Simulator(world_for(recorded)) as sim:
        served = set(sim.routes())
        http = requests.Session()
        for index, exchange in enumerate(recorded):
            method = exchange["method"].upper()
            headers = {k: str(v) for k, v in exchange.get("reqheaders", {}).items()
                       if k in ("accept", "authorization", "content-type")}  # fmt: skip
            body = exchange.get("body")
            answer = http.request(
                method,
                sim.url + exchange["path"],
                headers=headers,
                data=json.dumps(body) if isinstance(body, dict | list) else (body or None),
                allow_redirects=False,
                timeout=10,
            )
            route = sim.requests[-1].route
            if route not in served:
                if method != "GET" and not SETUP.match(f"{method} {exchange['path']}"):
                    break  # a write we do not serve: what follows depends on it
                continue
            result.replayed += 1
            result.differences += compare(f"{name}[{index}] {method} {route}", exchange, answer)
    return result


def compare(where: str, exchange: dict[str, Any], answer: requests.Response) -> list[str]:
    if answer.status_code != exchange["status"]:
        return [f"{where}: status {answer.status_code}, GitHub {exchange['status']}"]
    github = exchange.get("response")
    if exchange["status"] in (204, 205, 304) or github in (None, ""):
        return []
    if not isinstance(github, dict | list):  # a raw media type: the text itself
        return [] if answer.text.strip() == str(github).strip() else [f"{where}: body differs from GitHub's"]
    try:
        ours = answer.json()
    except ValueError:
        return [f"{where}: not JSON, GitHub sent JSON"]
    found = [f"{where} {d}" for d in shape_differences(github, ours)]
    if (
        exchange["status"] >= 400
        and isinstance(github, dict)
        and github.get("message") != ours.get("message")
    ):
        found.append(f"{where}: message {ours.get('message')!r}, GitHub {github.get('message')!r}")
    return found


def main() -> None:
    results = [replay(name) for name in scenario_names()]
    covered = [r for r in results if r.replayed]
    print(f"scenarios: {len(covered)} of {len(results)} replayed (at least one request the simulator serves)")
    print(f"requests: {sum(r.replayed for r in results)} of {sum(r.total for r in results)} replayed")
    for r in results:
        print(f"  {r.scenario}: {r.replayed}/{r.total}")
        for difference in r.differences:
            print(f"    {difference}")


if __name__ == "__main__":
    main()
