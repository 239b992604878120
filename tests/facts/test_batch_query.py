"""The audit's aliased batch query validates against GitHub's published schema and the simulator's."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from bot.facts.github import batch_query, single_query
from bot.simulator.graphql_api import simulator_schema
from tests.published import github_schema


@pytest.mark.parametrize(
    "query", [single_query(), batch_query(1), batch_query(15)], ids=["single", "1", "15"]
)
def test_validates_against_githubs_published_schema(query: str) -> None:
    assert [e.message for e in validate(github_schema(), parse(query))] == []


@pytest.mark.parametrize("query", [single_query(), batch_query(15)], ids=["single", "15"])
def test_validates_against_the_simulator_schema(query: str) -> None:
    assert [e.message for e in validate(simulator_schema(), parse(query))] == []
