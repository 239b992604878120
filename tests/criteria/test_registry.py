import re

from bot.criteria.registry import all_checks
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
    assert set(all_checks()) - used == set()
