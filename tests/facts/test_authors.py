"""One key per person among commit authors; bots told apart."""

from __future__ import annotations

from bot.facts.authors import Identities, count_authors, is_bot


def keys(commits: list[tuple[str, str]]) -> list[str]:
    identities = Identities()
    for name, email in commits:
        identities.learn(name, email)
    return [identities.key(name, email) for name, email in commits]


def test_noreply_address_gives_the_login() -> None:
    assert keys([("Ada", "12345+Ada-L@users.noreply.github.com")]) == ["ada-l"]
    assert keys([("x", "octocat@users.noreply.github.com")]) == ["octocat"]


def test_same_full_name_with_two_addresses_is_one_person_keyed_by_login() -> None:
    commits = [
        ("Benjamin Bossan", "benjamin@example.org"),
        ("Benjamin  Bossan", "BenjaminBossan@users.noreply.github.com"),
        ("benjamin bossan", "b.bossan@work.example"),
    ]
    assert keys(commits) == ["benjaminbossan", "benjaminbossan", "benjaminbossan"]


def test_single_word_names_are_not_merged() -> None:
    assert keys([("root", "a@host1"), ("root", "b@host2")]) == ["a@host1", "b@host2"]


def test_bots() -> None:
    assert is_bot("dependabot[bot]")
    assert is_bot("49699333+dependabot[bot]@users.noreply.github.com")
    assert is_bot("x@example.org", "pre-commit-ci[bot]")
    assert is_bot("github-actions")
    assert not is_bot("ada@example.org", "Ada Lovelace")
    assert not is_bot("robotics-lab@example.org", "Robot Arm Team")


def test_count_authors_orders_by_commits() -> None:
    counted = count_authors([("a", "A"), ("b", "B"), ("a", "A"), ("renovate[bot]", None)])
    assert [(c.key, c.commits, c.is_bot) for c in counted] == [
        ("a", 2, False),
        ("b", 1, False),
        ("renovate[bot]", 1, True),
    ]
