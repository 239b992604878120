from __future__ import annotations

from bot.audit.regressions import DEFAULT_GRACE_DAYS, Risk, carried, current_risks, dated, deadline
from bot.facts.model import PackageFacts, RepoFacts
from bot.policies import load_policy


def facts(**values: object) -> RepoFacts:
    base = RepoFacts(repository="o/r", url="https://github.com/o/r", now="2026-06-01T00:00:00Z")
    for key, value in values.items():
        setattr(base, key, value)
    return base


def test_unknown_facts_are_never_a_risk() -> None:
    policy = load_policy("pytorch-tac-v1")
    assert current_risks(policy, facts(), {}) == {}


def test_each_fact_gives_its_risk() -> None:
    policy = load_policy("pytorch-tac-v1")
    assert set(current_risks(policy, facts(missing=True, available=False), {})) == {"gone"}
    found = current_risks(
        policy,
        facts(
            renamed_to="new/r",
            archived=True,
            head_ci_state="FAILURE",
            pypi=PackageFacts("pypi", "r", exists=True, yanked=True),
            conda=PackageFacts("conda-forge", "r", exists=False),
        ),
        {"LIC-002": "fail"},
        seen_packages={"conda-forge:r"},  # an earlier audit saw it
    )
    assert found["moved"] == "now https://github.com/new/r"
    assert set(found) == {"moved", "archived", "ci-red", "package-yanked", "package-removed", "license"}
    assert "pending" not in current_risks(policy, facts(head_ci_state="PENDING"), {})


def test_a_package_no_audit_saw_is_not_removed() -> None:
    policy = load_policy("pytorch-tac-v1")
    gone = facts(pypi=PackageFacts("pypi", "Guessed-Name", exists=False))
    assert current_risks(policy, gone, {}) == {}
    assert current_risks(policy, gone, {}, {"pypi:guessed-name"}) == {
        "package-removed": "Guessed-Name on PyPI"
    }


def test_since_is_kept_and_new_ones_are_dated_today() -> None:
    previous = {"archived": {"since": "2026-05-01", "detail": "archived on GitHub"}}
    risks = dated({"archived": "archived on GitHub", "ci-red": "x"}, previous, "2026-06-01")
    assert risks == [
        Risk("archived", "archived on GitHub", "2026-05-01", new=False),
        Risk("ci-red", "x", "2026-06-01", new=True),
    ]
    assert deadline(risks, load_policy("pytorch-tac-v1")) == "2026-05-31"
    assert DEFAULT_GRACE_DAYS == 30 and deadline(risks, load_policy("pytorch-2019")) == "2026-05-31"


def test_carried_risks_drop_garbage_from_a_hand_edited_state() -> None:
    previous = {"archived": {"since": "2026-05-01", "detail": "a"}, "bogus": {"since": "2026-05-01"}, "x": 3}
    assert carried(previous) == [Risk("archived", "a", "2026-05-01")]
    assert carried({"archived": {"since": "yesterday"}}) == []


def _license_risk(**values: object) -> str | None:
    """The audit's license risk after its registry/license step, on facts GitHub answered."""
    from bot.audit.packages import complete_facts
    from bot.config import Registries

    found = facts(**{"missing": False, "root_files": ["README.md"], **values})
    complete_facts(found, dict(found.claims), Registries())
    return current_risks(load_policy("pytorch-tac-v1"), found, {}).get("license")


def test_noassertion_is_settled_by_the_license_text_read_in_the_batch() -> None:
    from bot.facts.model import FileText
    from tests.facts.test_license_text import DATA, MIT

    nc = (DATA / "CC-BY-NC-4.0.txt").read_text(encoding="utf-8")
    risk = _license_risk(github_license="NOASSERTION", root_files=["LICENSE"],
                         files={"LICENSE": FileText("LICENSE", nc)})  # fmt: skip
    assert risk == "CC-BY-NC-4.0 is not allowed by pytorch-tac-v1 (decided by the license file's text)"
    fine = _license_risk(github_license="NOASSERTION", root_files=["LICENSE"],
                         files={"LICENSE": FileText("LICENSE", MIT)})  # fmt: skip
    assert fine is None


def test_noassertion_without_a_readable_text_uses_pypi_license_expression() -> None:
    pypi = PackageFacts("pypi", "r", exists=True, license_expression="GPL-3.0-only")
    risk = _license_risk(github_license="NOASSERTION", pypi=pypi)
    assert risk == "GPL-3.0-only is not allowed by pytorch-tac-v1 (decided by PyPI's license_expression)"
    fine = PackageFacts("pypi", "r", exists=True, license_expression="BSD-3-Clause")
    assert _license_risk(github_license="NOASSERTION", pypi=fine) is None


def test_a_claimed_license_the_policy_refuses_is_a_risk() -> None:
    risk = _license_risk(github_license="MIT", root_files=["LICENSE"], claims={"license": "CC-BY-NC-4.0"})
    assert (
        risk
        == "the entry claims CC-BY-NC-4.0, which pytorch-tac-v1 does not allow (decided by the entry's claim)"
    )
    assert _license_risk(github_license="MIT", root_files=["LICENSE"], claims={"license": "MIT"}) is None


def test_no_license_file_is_a_risk_but_an_unlisted_root_is_not() -> None:
    assert _license_risk() == "no license file: GitHub detects none and the repository root has none"
    assert _license_risk(root_files=None) is None  # the root could not be listed: unknown, no risk
    assert _license_risk(root_files=["LICENSE"], github_license="MIT") is None
