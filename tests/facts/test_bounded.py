"""Issue 13: the linked repository's files are read under a budget and fail closed, naming the file."""

from __future__ import annotations

import time

import pytest

from bot.criteria.workflows import parse_workflow
from bot.facts.bounded import FileBudget, UnreadableFile, read_python, read_toml, read_yaml
from bot.facts.package_names import find_package_names
from tests.facts.test_package_names import facts_with
from tests.hostile_files import billion_laughs_yaml, deep_python, deep_toml, deep_yaml

WORKFLOW = ".github/workflows/ci.yml"


def test_billion_laughs_workflow_is_skipped_quickly_with_a_clear_reason():
    text = billion_laughs_yaml()
    assert len(text) < 500
    started = time.monotonic()
    workflow = parse_workflow(WORKFLOW, text)
    assert time.monotonic() - started < 1.0
    assert workflow.error and "too large to read safely once its aliases are expanded" in workflow.error
    assert workflow.error.endswith("skipped")


def test_a_few_aliases_within_budget_are_still_read():
    text = "x: &x [pytest]\njobs: {test: {runs-on: ubuntu-latest, steps: [{run: pytest}], needs: *x}}\n"
    assert parse_workflow(WORKFLOW, text).error is None
    assert read_yaml(billion_laughs_yaml(2), "f.yml")[2][0] == ["lol"] * 10


@pytest.mark.parametrize(
    ("reader", "text", "path", "reason"),
    [
        (read_yaml, deep_yaml(200), "recipe/meta.yaml", "nested deeper than 64 levels"),
        (read_yaml, deep_yaml(), "recipe/meta.yaml", "recipe/meta.yaml:"),
        (read_toml, deep_toml(), "pyproject.toml", "could not be read (RecursionError)"),
        (read_python, deep_python(), "setup.py", "setup.py:"),
        (read_yaml, "a: " + "x" * 600_000, "big.yml", "file too large to read safely"),
    ],
)
def test_deep_or_large_files_raise_a_named_reason_not_a_crash(reader, text, path, reason):
    with pytest.raises(UnreadableFile) as raised:
        reader(text, path)
    assert str(raised.value).startswith(f"{path}: ") and reason in str(raised.value)


def test_the_per_file_time_budget_stops_a_slow_file():
    text = "items:\n" + "".join(f"  - {n}\n" for n in range(200_000))
    with pytest.raises(UnreadableFile, match=r"not read within 0\.01 s"):
        read_yaml(text, "slow.yml", FileBudget(max_bytes=10**7, max_expanded_bytes=10**8, seconds=0.01))


def test_hostile_packaging_files_make_the_names_unknown_with_the_files_named():
    files = {"pyproject.toml": deep_toml(), "setup.py": deep_python(), "recipe/meta.yaml": deep_yaml()}
    names = find_package_names(facts_with(files), {})
    assert "pypi" not in names and "conda" not in names
    for path in files:
        assert f"{path}:" in names["unreadable"]


def test_normal_packaging_files_are_still_read():
    files = {
        "pyproject.toml": "[project]\nname = 'good-name'\n",
        "recipe/meta.yaml": "package: {name: good}\n",
    }
    names = find_package_names(facts_with(files), {})
    assert names["pypi"] == "good-name" and names["conda"] == "good" and "unreadable" not in names
