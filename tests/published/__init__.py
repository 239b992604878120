"""GitHub's own published material, pinned and hash-checked: the GraphQL schema and webhook payloads.

`python -m tests.published` (the Makefile's `published` target) fetches the pinned npm packages into
.cache/published/ with `npm pack`, checks each tarball's sha512 against the pinned integrity and
extracts it. The helpers below read the extracted files (fetching first if they are missing):

    github_schema() -> graphql.GraphQLSchema     the published GitHub GraphQL schema
    github_deprecations() -> {"Type.field": reason}  its deprecated fields
    webhook_schema() -> dict                      @octokit/webhooks-schemas (JSON Schema, draft 7)
    webhook_event_schema("pull_request$opened")   a validator-ready schema for one event/action
    webhook_examples("pull_request") -> list       real example payloads from @octokit/webhooks-examples
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tests.published.fetch import PINS, Pin, ensure_fetched, package_dir

__all__ = [
    "PINS",
    "Pin",
    "ensure_fetched",
    "github_deprecations",
    "github_schema",
    "package_dir",
    "webhook_event_schema",
    "webhook_examples",
    "webhook_schema",
]


@cache
def github_schema() -> Any:
    """GitHub's GraphQL schema from the introspection JSON (its SDL has duplicate fields graphql-core rejects)."""
    from graphql import build_client_schema

    path = package_dir("@octokit/graphql-schema") / "schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    introspection = data.get("data", data)
    _forget_deprecations(introspection)
    return build_client_schema(introspection)


@cache
def github_deprecations() -> dict[str, str]:
    """ "Type.field" → deprecation reason, for every deprecated field of the published schema."""
    path = package_dir("@octokit/graphql-schema") / "schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    types = data.get("data", data)["__schema"]["types"]
    return {
        f"{t['name']}.{f['name']}": f.get("deprecationReason") or ""
        for t in types
        for f in t.get("fields") or ()
        if f.get("isDeprecated")
    }


def _forget_deprecations(introspection: dict[str, Any]) -> None:
    """GitHub deprecates some implementations of non-deprecated interface fields, which graphql-core
    rejects as an invalid schema; deprecations are reported separately by github_deprecations()."""
    for graphql_type in introspection["__schema"]["types"]:
        for field in graphql_type.get("fields") or ():
            field["isDeprecated"] = False
            field["deprecationReason"] = None


@cache
def webhook_schema() -> dict[str, Any]:
    path = package_dir("@octokit/webhooks-schemas") / "schema.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def webhook_event_schema(definition: str) -> dict[str, Any]:
    """A schema for one definition, e.g. "pull_request$opened" or "issue_comment_event"."""
    schema = webhook_schema()
    if definition not in schema["definitions"]:
        raise KeyError(f"@octokit/webhooks-schemas has no definition {definition!r}")
    return {
        "$schema": schema["$schema"],
        "$ref": f"#/definitions/{definition}",
        "definitions": schema["definitions"],
    }


@cache
def _examples_index() -> list[dict[str, Any]]:
    path = package_dir("@octokit/webhooks-examples") / "api.github.com" / "index.json"
    result: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return result


def webhook_examples(event: str, action: str | None = None) -> list[dict[str, Any]]:
    """Real payloads GitHub sent for `event` (optionally only one action), as in webhooks-examples."""
    for entry in _examples_index():
        if entry["name"] == event:
            examples = [json.loads(json.dumps(x)) for x in entry["examples"]]
            return [x for x in examples if action is None or x.get("action") == action]
    raise KeyError(f"@octokit/webhooks-examples has no event {event!r}")
