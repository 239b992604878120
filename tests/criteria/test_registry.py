import ast
import importlib
import re
from pathlib import Path

import pytest

from bot.criteria.registry import CHECKS, OPT_IN, all_checks, by_id
from bot.policies.loader import bundled_policies, load_policy
from tests.criteria.sample import facts


def test_every_check_has_a_stable_id_title_and_explanation():
    for check_id, check in all_checks().items():
        assert re.fullmatch(r"[A-Z]+-\d{3}", check_id), check_id
        assert check.title and len(check.explanation) > 40, check_id
        for required in check.requires:
            assert required in all_checks(), f"{check_id} requires unknown {required}"


def test_every_check_returns_unknown_or_skipped_on_empty_facts_never_pass_or_fail():
    empty = facts(default_branch=None)
    for check_id, check in all_checks().items():
        result = check.evaluate(empty, dict(check.defaults))
        assert result.status in ("unknown", "skipped", "manual"), (check_id, result)
        if result.status == "unknown":
            assert result.summary.startswith("could not check: "), check_id


def test_every_check_is_used_by_a_bundled_policy():
    used = {spec.id for name in bundled_policies() for _, spec in load_policy(name).specs()}
    assert set(all_checks()) - used == set(OPT_IN)  # each opt-in check says why it is left out


def test_a_check_id_declared_twice_is_an_error():
    first = all_checks()["UTIL-001"]
    with pytest.raises(ValueError, match="UTIL-001 is declared twice"):
        by_id((first, all_checks()["UTIL-002"], first))


def test_every_family_module_is_listed_in_the_registry():
    """The registry lists the families explicitly: a module with checks that is not listed is an error here."""
    listed = {id(item) for item in CHECKS}
    for path in sorted(Path("bot/criteria/checks").glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"bot.criteria.checks.{path.stem}")
        assert {id(item) for item in module.CHECKS} <= listed, path.name


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_criteria_never_import_policies():
    """Policies read the checks; the checks know nothing of policies (no import cycle)."""
    offending = [
        (str(path), module)
        for path in Path("bot/criteria").rglob("*.py")
        for module in imported_modules(path)
        if module == "bot.policies" or module.startswith("bot.policies.")
    ]
    assert offending == []
    assert any(m.startswith("bot.criteria") for m in imported_modules(Path("bot/policies/loader.py")))
