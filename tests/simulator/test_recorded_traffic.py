"""The simulator answers like api.github.com did in @octokit/fixtures' recorded exchanges (see recorded_traffic)."""

from __future__ import annotations

import pytest

from tests.simulator.recorded_traffic import replay, scenario_names, shape_differences

# Scenarios on routes the bot uses (labels, issues, contents, repository, errors): each must replay.
BOT_SCENARIOS = (
    "add-labels-to-issue",
    "errors",
    "get-content",
    "get-repository",
    "labels",
    "paginate-issues",
)


@pytest.mark.parametrize("name", scenario_names())
def test_replayed_requests_answer_as_github_did(name: str):
    result = replay(name)
    assert result.differences == [], "\n".join(result.differences)
    if name in BOT_SCENARIOS:
        assert result.replayed > 0, f"{name}: no request replayed"


def test_every_scenario_the_bot_needs_is_recorded():
    assert set(BOT_SCENARIOS) <= set(scenario_names())


def test_the_comparison_sees_a_missing_key_and_a_wrong_type():
    assert shape_differences({"id": 1, "name": "x"}, {"id": "1"}) == [
        "$: keys missing ['name']",
        "$.id: GitHub sends number, the simulator string",
    ]
    assert shape_differences([{"a": None}], [{"a": "text"}]) == []  # null matches any value
