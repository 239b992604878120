"""Checks name their inputs; the runner reads each input once per entry and hands it to every check
that names it, and an input that cannot be had gives the reader's result instead of the check's."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from bot.criteria.declare import check
from bot.criteria.model import Check, Inputs, Result
from bot.criteria.readers import READERS
from bot.criteria.readers.readme_outline import NO_README_FIX, ReadmeOutline
from bot.criteria.registry import all_checks
from bot.facts.model import RepoFacts
from bot.policies.loader import load_policy
from bot.verdicts import evaluate_entry
from tests.criteria.sample import facts, files

README = (
    "# demo\n\nA library that does useful things with tensors for everyone.\n\n```python\nimport demo\n```\n"
)


def never(facts: RepoFacts) -> object:
    raise AssertionError("the input was read again")


def test_checks_sharing_an_input_read_it_once_per_entry():
    repo = facts(files=files(README_md=README), root_files=["README.md"])
    inputs = Inputs(repo)
    for check_id in ("UTIL-001", "UTIL-003", "UTIL-007"):
        item = all_checks()[check_id]
        item.evaluate(repo, dict(item.defaults), inputs)
    outline = inputs.read("readme_outline", never)  # cached: the reader is not called again
    assert isinstance(outline, ReadmeOutline) and outline.path == "README.md"
    assert inputs.read("project_commands", never) is not None


def test_no_readme_gives_the_readers_result_to_every_check_that_needs_it():
    repo = facts(root_files=["LICENSE"], tree=["LICENSE"], community_files={})
    verdict = evaluate_entry(load_policy("pytorch-tac-v1"), repo, [], "demo")
    needing = {
        check_id
        for check_id, item in all_checks().items()
        if "readme_outline" in item.inputs
        and "readme_outline" not in item.optional_inputs
        and not item.requires
    }
    outcomes = {o.check_id: o.result for o in verdict.checks if o.check_id in needing}
    assert len(outcomes) >= 4 and all(
        (r.status, r.summary, r.fix) == ("fail", "no README in the repository root", NO_README_FIX)
        for r in outcomes.values()
    ), outcomes
    contributing = next(o.result for o in verdict.checks if o.check_id == "COMM-003")
    assert contributing.summary == "no CONTRIBUTING file"  # an optional input: the check still ran


def counting_check(reads: list[str], fail: bool = False) -> Check:
    def reader(facts: RepoFacts) -> object:
        reads.append("read")
        if fail:
            raise ValueError("broken reader")
        return "value"

    def body(facts: RepoFacts, params: Mapping[str, Any], thing: str) -> Result:
        return Result("pass", thing)

    return Check("X-001", "x", "x", "explains", body, inputs=MappingProxyType({"thing": reader}))


def test_a_readers_failure_is_raised_for_each_check_and_read_once():
    reads: list[str] = []
    item = counting_check(reads, fail=True)
    repo = facts()
    inputs = Inputs(repo)
    for _ in range(2):
        with pytest.raises(ValueError, match="broken reader"):
            item.evaluate(repo, {}, inputs)
    assert reads == ["read"]


def test_without_a_shared_cache_each_evaluation_reads_its_own():
    reads: list[str] = []
    item = counting_check(reads)
    assert item.evaluate(facts(), {}).summary == "value"
    assert item.evaluate(facts(), {}).summary == "value"
    assert reads == ["read", "read"]


def test_a_check_must_take_exactly_the_inputs_it_names():
    def body(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
        """Explains."""
        return Result("pass", "")

    with pytest.raises(ValueError, match="declares inputs"):
        check("TEST-998", "t", "testing", inputs=("readme_outline",))(body)
    with pytest.raises(ValueError, match="unknown inputs"):
        check("TEST-998", "t", "testing", inputs=("no_such_input",))(body)


def test_no_check_reads_an_input_itself():
    """The readers are called by the runner only: a check module that calls `read_…` re-derives an input."""
    called = []
    for path in Path("bot/criteria/checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = {getattr(reader, "__name__", "") for reader in READERS.values()}
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                called.append((path.name, node.func.id))
    assert called == []


def test_inputs_read_from_other_facts_are_refused():
    item = counting_check([])
    with pytest.raises(ValueError, match="another entry's facts"):
        item.evaluate(facts(), {}, Inputs(facts()))
