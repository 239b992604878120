"""One key per person among commit authors; bots told apart."""

from __future__ import annotations

from bot.facts.authors import Identities, count_authors, is_automation, is_bot, is_generated


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


SYNC_BOT = ("sync-bot[bot]", "215208954+sync-bot[bot]@users.noreply.github.com")


def test_copilot_and_bot_named_committers_are_bots() -> None:
    assert is_bot("copilot", "Copilot")
    assert is_automation(
        ("Copilot", "198982749+Copilot@users.noreply.github.com"), ("GitHub", "noreply@github.com")
    )
    assert is_bot("landing-bot", "Landing Bot")
    assert not is_bot("copilot-fan@example.org", "Ada Copilotti")


def test_generated_identity_committed_by_a_bot_is_automation() -> None:
    export = ("generatedunixname89002005307016", "generatedunixname89002005307016@corp.example")
    numbered = ("exporter", "noreply+915440834509264@corp.example")
    assert is_generated(*export) and is_generated(*numbered)
    assert is_automation(export, SYNC_BOT)
    assert is_automation(numbered, ("Landing Bot", "landing-bot@users.noreply.github.com"))


def test_people_stay_people_whoever_commits_their_work() -> None:
    human = ("Patrick Snape", "psnape@corp.example")
    assert not is_automation(human, SYNC_BOT)  # a person's change landed by a bot is still theirs
    export = ("generatedunixname89002005307016", "generatedunixname89002005307016@corp.example")
    assert not is_automation(export, export)  # no bot committed it: not enough to call it automation
    assert not is_generated("Ada Lovelace", "ada1815@example.org")


def test_noreply_login_and_an_address_with_the_same_name_are_one_person() -> None:
    commits = [("ppwwyyxx", "ppwwyyxx@users.noreply.github.com"), ("ppwwyyxx", "ppwwyyxx@example.org")]
    assert keys(commits) == ["ppwwyyxx", "ppwwyyxx"]
    assert keys([("ada", "ada@example.org"), ("bob", "bob@example.org")]) == [
        "ada@example.org",
        "bob@example.org",
    ]
