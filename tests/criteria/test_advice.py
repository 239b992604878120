"""Each check's advice is written once: the docstring's "How to fix:" paragraph is the check's `fix`,
used by a failing result that names no fix of its own, by the comment and by docs/checks.md; a
result's own fix says something more specific, never the same advice again."""

from __future__ import annotations

import ast
import difflib
import inspect
import re
from collections import defaultdict

import pytest

from bot.criteria.declare import check
from bot.criteria.model import Check, Result
from bot.criteria.registry import all_checks
from bot.policies.loader import load_policy
from bot.policies.reference import reference_markdown
from tests.criteria.sample import facts, files, run

SAME_ADVICE = 0.6  # word-sequence similarity from which two advice texts say the same thing


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def similarity(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, words(first), words(second)).ratio()


def fix_texts(tree: ast.AST) -> list[str]:
    """The texts given as `fix=` (or assigned to `fix`) in a module; an f-string's data is left out."""
    texts = []
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            values = [keyword.value for keyword in node.keywords if keyword.arg == "fix"]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "fix" for t in node.targets
        ):
            values = [node.value]
        for value in values:
            for part in ast.walk(value):
                if isinstance(part, ast.Constant) and isinstance(part.value, str) and words(part.value):
                    texts.append(part.value)
                elif isinstance(part, ast.JoinedStr):
                    texts.append(" … ".join(p.value for p in part.values if isinstance(p, ast.Constant)))
    return texts


def checks_by_module() -> dict[str, list[Check]]:
    found: dict[str, list[Check]] = defaultdict(list)
    for item in all_checks().values():
        module = inspect.getmodule(item.body)
        assert module is not None and module.__file__, item.id
        found[module.__file__].append(item)
    return found


def test_no_result_repeats_the_advice_of_a_check_of_its_module():
    repeated = []
    for path, checks in checks_by_module().items():
        with open(path, encoding="utf-8") as source:
            texts = fix_texts(ast.parse(source.read()))
        for text in texts:
            for item in checks:
                if item.fix and similarity(text, item.fix) >= SAME_ADVICE:
                    repeated.append((item.id, text, item.fix))
        duplicates = {text for text in texts if texts.count(text) > 1 and len(words(text)) > 3}
        repeated += [(path, text, "written twice in the module") for text in duplicates]
    assert repeated == []


def test_the_similarity_rule_sees_advice_reworded():
    """The rule above would have caught the duplicates this change removed."""
    assert (
        similarity(
            "Start the README with a paragraph that says what the project does and why to use it.",
            "open the README with a short paragraph saying what the project is and why to use it.",
        )
        >= SAME_ADVICE
    )
    assert (
        similarity(
            "Add a Releases section: cadence, versioning and where the changelog is.",
            'add a "Releases" section to the README (cadence, versioning, changelog link).',
        )
        >= SAME_ADVICE
    )
    assert (
        similarity("Put the install command in the section 'Setup'.", all_checks()["UTIL-002"].fix or "")
        < SAME_ADVICE
    )


def test_the_explanation_keeps_no_advice_and_every_flagging_check_has_one():
    for item in all_checks().values():
        assert "How to fix" not in item.explanation, item.id
        if not item.title.endswith("(reviewer)"):
            assert item.fix and item.fix[0].isupper() and item.fix.endswith((".", ")")), item.id


def test_a_failing_result_without_a_fix_of_its_own_gets_the_checks_advice():
    readme = files(README_md="# demo\n\nA library that does useful things with tensors for everyone.\n")
    result = run("UTIL-007", facts(files=readme, root_files=["README.md"]))
    assert result.status == "fail"
    assert result.fix == all_checks()["UTIL-007"].fix


def test_a_specific_fix_is_kept():
    result = run("LIC-001", facts(root_files=["LICENSE.txt"]), file_names=["LICENSE", "LICENSE.md"])
    assert (result.status, result.fix) == ("warn", "Rename LICENSE.txt to LICENSE.")
    assert run("LIC-001", facts(root_files=["README.md"])).fix == all_checks()["LIC-001"].fix


def test_a_pass_or_unknown_gets_no_advice():
    item = all_checks()["UTIL-004"]
    assert item.advised(Result("pass", "ok")).fix is None
    assert item.advised(Result("unknown", "could not check: x")).fix is None


def test_the_reference_shows_each_checks_advice_once():
    markdown = reference_markdown([load_policy("pytorch-tac-v1")])
    for item in all_checks().values():
        if item.fix:
            sharing = [other.id for other in all_checks().values() if other.fix == item.fix]
            assert markdown.count(f"How to fix: {item.fix}") == len(sharing), item.id
            section = markdown.split(f'<a id="{item.id.lower()}"></a>', 1)[1].split("<a id=", 1)[0]
            assert f"How to fix: {item.fix}" in section, item.id


def test_advice_must_end_the_docstring():
    def body(facts: object, params: object) -> Result:
        """Explains.

        How to fix: do this.

        More text after the advice."""
        return Result("pass", "")

    with pytest.raises(ValueError, match="last paragraph"):
        check("TEST-999", "t", "testing")(body)
