"""Fixtures: concise to write, deterministic, and clear about mistakes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.simulator import FixtureError, load_file, load_state
from tests.simulator.conftest import world


def test_shas_are_deterministic():
    first, second = load_state(world()), load_state(world())
    assert first.repo("widgets/torchwidget").head_sha == second.repo("widgets/torchwidget").head_sha
    assert first.issue("acme/catalog", 1).pull.head_sha == second.issue("acme/catalog", 1).pull.head_sha
    changed = world()
    changed["repositories"][1]["commits"][0]["files"]["README.md"] = "# other\n"
    assert (
        load_state(changed).repo("widgets/torchwidget").head_sha != first.repo("widgets/torchwidget").head_sha
    )


def test_relative_times_and_generated_commits():
    state = load_state(
        {
            "now": "2026-01-15T12:00:00Z",
            "repositories": [
                {"name": "o/r", "generate_commits": {"count": 300, "since": "now-365d", "authors": ["a", "b", "c"],
                                                      "path": "CHANGES"}},
            ],
        }
    )  # fmt: skip
    repo = state.repo("o/r")
    history = repo.history(repo.head_sha)
    assert len(history) == 300
    assert history[-1].date == datetime(2025, 1, 15, 12, tzinfo=UTC) and history[0].date == state.now
    assert {c.author_login for c in history} == {"a", "b", "c"}
    assert repo.commits[repo.head_sha].tree == {"CHANGES": "change 300\n"}


def test_explicit_commits_merge_with_generated_ones_by_date():
    state = load_state(
        {"repositories": [{"name": "o/r",
                           "commits": [{"message": "Old", "date": "now-100d", "files": {"a": "1"}},
                                       {"message": "New", "date": "now-1d", "files": {"b": "2"}}],
                           "generate_commits": {"count": 3, "since": "now-50d", "until": "now-10d"}}]}
    )  # fmt: skip
    repo = state.repo("o/r")
    assert [c.message for c in reversed(repo.history(repo.head_sha))] == [
        "Old", "Commit 1", "Commit 2", "Commit 3", "New",
    ]  # fmt: skip
    assert repo.commits[repo.head_sha].tree == {"a": "1", "b": "2"}


def test_removed_files_leave_the_tree():
    state = load_state(
        {"repositories": [{"name": "o/r", "commits": [
            {"date": "now-2d", "files": {"a": "1", "b": "2"}}, {"date": "now-1d", "files": {"a": None}}]}]}
    )  # fmt: skip
    repo = state.repo("o/r")
    assert repo.commits[repo.head_sha].tree == {"b": "2"}


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ({"repos": []}, "unknown top-level keys ['repos']"),
        ({"repositories": [{"name": "justaname"}]}, "repositories[0].name: 'justaname' must be owner/name"),
        (
            {"repositories": [{"name": "o/r", "stars": 1, "starz": 2}]},
            "repositories[0]: unknown keys ['starz']",
        ),
        ({"repositories": [{"name": "o/r", "permissions": {"x": "owner"}}]}, "repositories[0].permissions.x"),
        ({"now": "yesterday"}, "now: 'yesterday' is not a time"),
        ({"repositories": [{"name": "o/r", "pull_requests": [{"number": 1}]}]}, "has no branch 'main'"),
        ({"tokens": {"t": {"read_only": True}}}, "tokens.t: missing required key 'login'"),
        ({"users": [{"login": "x", "type": "Robot"}]}, "users[0].type: 'Robot' is not one of"),
        (
            {"repositories": [{"name": "o/r", "stars": "many"}]},
            "repositories[0].stars: 'many' is not a whole number",
        ),
        (
            {"repositories": [{"name": "o/r", "commits": [{"files": ["a"]}]}]},
            "commits[0].files: expected a mapping",
        ),
        (["not", "a", "mapping"], "the state must be a mapping, got list"),
    ],
)
def test_mistakes_name_the_key(fixture, message):
    with pytest.raises(FixtureError) as raised:
        load_state(fixture)
    assert message in str(raised.value)


def test_example_state_file_loads():
    state = load_file("bot/simulator/example-state.yml")
    assert state.issue("acme/ecosystem", 7).pull.head_repo == "carol/ecosystem"
    assert state.repo("widgets/old-widget").full_name == "widgets/torchwidget"
    assert len(state.repo("widgets/torchwidget").commits) == 121


def test_unreadable_state_file_is_a_fixture_error(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("repositories: [\n")
    with pytest.raises(FixtureError, match="cannot read the state file"):
        load_file(broken)
    with pytest.raises(FixtureError, match="cannot read"):
        load_file(tmp_path / "missing.yml")


def test_renamed_to_is_the_other_way_to_say_renamed_from():
    state = load_state({"repositories": [{"name": "old/name", "renamed_to": "new/name", "stars": 3}]})
    assert state.repo("old/name").full_name == "new/name" and state.repo("new/name").stars == 3
    with pytest.raises(FixtureError, match="listed twice"):
        load_state({"repositories": [{"name": "a/b"}, {"name": "x/y", "renamed_to": "a/b"}]})


def test_null_fields_must_name_a_nullable_field_of_the_schema():
    from bot.simulator.fixture import FixtureError, load_state

    assert load_state({"null_fields": ["Repository.licenseInfo"]}).null_fields == {"Repository.licenseInfo"}
    with pytest.raises(FixtureError, match=r"null_fields\[0\]: Repository.nameWithOwner is non-null"):
        load_state({"null_fields": ["Repository.nameWithOwner"]})
    with pytest.raises(FixtureError, match=r"null_fields\[0\]: 'Repository.licence' is not a Type.field"):
        load_state({"null_fields": ["Repository.licence"]})
