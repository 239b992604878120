"""The bot's GraphQL queries validate against GitHub's published schema and against the simulator's."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from bot.catalog_paths import default_layout_reads
from bot.pull_request import pull_request_query
from bot.simulator.graphql_api import simulator_schema
from tests.published import github_deprecations, github_schema

ROOT = Path(__file__).resolve().parents[1]
BLOB_QUERY = """query {
  repository(owner: "acme", name: "catalog") {
    f0: object(expression: "0123456789abcdef0123456789abcdef01234567:catalog/x.yml") { ... on Blob { text byteSize isBinary } }
    f1: object(expression: "main:catalog") { ... on Tree { entries { name type path object { ... on Blob { byteSize } } } } }
  }
  r1: repository(owner: "widgets", name: "torchwidget") { nameWithOwner }
}"""
QUERIES = {
    "bot/facts/repository.graphql": (ROOT / "bot/facts/repository.graphql").read_text(),
    "bot/pull_request.graphql": (ROOT / "bot/pull_request.graphql").read_text(),
    "dynamic blob aliases": BLOB_QUERY,
    "pull request with the default layouts' entry files": pull_request_query(
        default_layout_reads("1" * 40, "2" * 40)
    ),
    "pull request with the entry files at its head ref and the default branch (/recheck)": pull_request_query(
        default_layout_reads("refs/pull/7/head", "refs/heads/main")
    ),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_validates_against_githubs_published_schema(name):
    errors = validate(github_schema(), parse(QUERIES[name]))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_validates_against_the_simulator_schema(name):
    errors = validate(simulator_schema(), parse(QUERIES[name]))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_uses_no_deprecated_field(name):
    """Deprecated fields are removed on GitHub's schedule; the bot must not depend on them."""
    from graphql import TypeInfo, TypeInfoVisitor, Visitor, visit

    deprecated = github_deprecations()
    type_info = TypeInfo(github_schema())
    used: list[str] = []

    class FieldCollector(Visitor):
        def enter_field(self, node, *_):
            parent = type_info.get_parent_type()
            if parent is not None:
                used.append(f"{parent.name}.{node.name.value}")

    visit(parse(QUERIES[name]), TypeInfoVisitor(type_info, FieldCollector()))
    assert used and [f for f in used if f in deprecated] == []


def test_validation_catches_a_wrong_field():
    errors = validate(github_schema(), parse('{ repository(owner: "a", name: "b") { starCount } }'))
    assert errors and "starCount" in errors[0].message
