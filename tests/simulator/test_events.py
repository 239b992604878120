"""Payload builders validate against @octokit/webhooks-schemas; real example payloads load too."""

from __future__ import annotations

import json

import jsonschema
import pytest

from bot.simulator import Simulator, events
from bot.simulator.event_fixture import BOT_TOKEN, fixture_from_event
from bot.simulator.fixture import load_state
from bot.simulator.shapes import comment_json
from tests.published import webhook_event_schema, webhook_examples
from tests.simulator.conftest import session, world

REPO = "acme/catalog"


def problems(definition: str, payload: dict) -> list[str]:
    schema = webhook_event_schema(definition)
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message[:160]}" for e in validator.iter_errors(payload)]


@pytest.fixture
def state():
    return load_state(world())


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened", "edited"])
@pytest.mark.parametrize("number", [1, 2, 3], ids=["fork", "same-repo", "deleted-fork"])
def test_pull_request_payload_is_valid(state, action, number):
    payload = events.pull_request_event(state, REPO, number, action=action)
    assert problems(f"pull_request${action}", payload) == []
    assert payload["number"] == number and payload["pull_request"]["head"]["sha"]


def test_deleted_fork_payload_has_null_head_repo(state):
    payload = events.pull_request_event(state, REPO, 3)
    assert payload["pull_request"]["head"]["repo"] is None


def test_synchronize_carries_before_and_after(state):
    before = events.pull_request_event(state, REPO, 1)["pull_request"]["head"]["sha"]
    after = state.push(REPO, 1, {"catalog/b.yml": "name: b2\n"})
    payload = events.pull_request_event(state, REPO, 1, action="synchronize")
    assert (payload["before"], payload["after"]) == (before, after)


@pytest.mark.parametrize("action", ["created", "edited"])
def test_issue_comment_payload_on_a_pr_is_valid(state, action):
    comment = comment_json(state, state.repo(REPO), state.add_comment(REPO, 1, "alice", "/recheck"))
    payload = events.issue_comment_event(state, REPO, 1, comment, action=action, previous_body="/rechek")
    assert problems(f"issue_comment${action}", payload) == []
    assert "pull_request" in payload["issue"] and payload["sender"]["login"] == "alice"
    assert "head" not in payload["issue"]["pull_request"]  # GitHub sends no head sha here


def test_plain_issue_comment_payload(state):
    repo = state.repo("widgets/torchwidget")
    comment = comment_json(state, repo, state.add_comment(repo.full_name, 1, "zed", "/recheck"))
    payload = events.plain_issue_comment_event(state, "widgets/torchwidget", 1, comment)
    assert problems("issue_comment$created", payload) == []
    assert "pull_request" not in payload["issue"]
    with pytest.raises(ValueError, match="is a pull request"):
        events.plain_issue_comment_event(state, REPO, 1, comment)


def test_workflow_dispatch_payload(state, tmp_path):
    payload = events.workflow_dispatch_event(REPO, {"pull-request": "1"}, state=state)
    assert problems("workflow_dispatch$event", payload) == []
    bare = events.workflow_dispatch_event("someone/catalog", {})
    assert problems("workflow_dispatch$event", bare) == []
    path = events.write_event(tmp_path / "workflow" / "event.json", payload)
    assert json.loads(path.read_text()) == payload


def test_the_validation_catches_a_broken_payload(state):
    payload = events.pull_request_event(state, REPO, 1)
    del payload["pull_request"]["head"]
    assert problems("pull_request$opened", payload) != []


def test_bad_arguments_are_refused(state):
    with pytest.raises(ValueError, match="not one of"):
        events.pull_request_event(state, REPO, 1, action="exploded")
    with pytest.raises(ValueError, match="not a pull request"):
        events.pull_request_event(state, "widgets/torchwidget", 1)


def test_real_pull_request_example_becomes_a_world():
    example = webhook_examples("pull_request", "opened")[0]
    fixture = fixture_from_event(example, head_files={"catalog/new.yml": "name: new\n"})
    with Simulator(fixture) as sim:
        repo = example["repository"]["full_name"]
        pull = session(BOT_TOKEN).get(f"{sim.url}/repos/{repo}/pulls/{example['number']}").json()
        assert pull["head"]["sha"] == example["pull_request"]["head"]["sha"]
        assert pull["base"]["sha"] == example["pull_request"]["base"]["sha"]
        assert pull["user"]["login"] == example["pull_request"]["user"]["login"]
        files = session(BOT_TOKEN).get(f"{sim.url}/repos/{repo}/pulls/{example['number']}/files").json()
        assert [f["filename"] for f in files] == ["catalog/new.yml"]
        rebuilt = events.pull_request_event(sim.state, repo, example["number"])
        assert problems("pull_request$opened", rebuilt) == []


def test_real_issue_comment_example_becomes_a_world():
    example = webhook_examples("issue_comment", "created")[0]
    with Simulator(fixture_from_event(example)) as sim:
        repo = example["repository"]["full_name"]
        number = example["issue"]["number"]
        comments = session(BOT_TOKEN).get(f"{sim.url}/repos/{repo}/issues/{number}/comments").json()
        assert [(c["id"], c["user"]["login"]) for c in comments] == [
            (example["comment"]["id"], example["comment"]["user"]["login"])
        ]


@pytest.mark.parametrize("action", ["opened", "edited", "reopened"])
def test_issues_payload_is_valid(state, action):
    payload = events.issues_event(state, "widgets/torchwidget", 1, action=action)
    assert problems(f"issues${action}", payload) == []
    assert "pull_request" not in payload["issue"] and payload["issue"]["number"] == 1
    with pytest.raises(ValueError, match="is a pull request"):
        events.issues_event(state, REPO, 1)


def test_issues_payload_has_the_keys_of_githubs_real_example(state):
    """The bot reads what GitHub sends: compare key sets with @octokit/webhooks-examples' issues.opened."""
    example = webhook_examples("issues", "opened")[0]
    payload = events.issues_event(state, "widgets/torchwidget", 1)
    assert set(example) - {"installation", "organization"} <= set(payload)
    optional = {
        "type",
        "sub_issues_summary",
        "issue_dependencies_summary",
        "draft",
    }  # not sent on every issue
    assert set(example["issue"]) - optional <= set(payload["issue"])
    from bot.trigger import parse_trigger

    trigger = parse_trigger("issues", example, {})
    assert (trigger.kind, trigger.subject, trigger.number) == ("review", "issue", example["issue"]["number"])
