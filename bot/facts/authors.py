"""Commit authors: one key per person, bots told apart from humans.

GitHub knows the account behind a commit; a checkout only has names and e-mails, so the same
person often appears under several. `Identities` folds them: a GitHub no-reply address gives
the login, an e-mail whose local part is a login seen in a no-reply address is that login, and a
full name ("Ada Lovelace", with a space) seen before maps to the key it had. Single-word names
("root", "nemo") are not merged: too many different people share them.

Not people: accounts named like automation (`*[bot]`, `Copilot`, dependabot, …), and generated
identities (a name or address that is a word and a long number, `noreply+123…@`) when a bot
account committed them: code exported by a sync bot under a machine identity.
"""

from __future__ import annotations

import re

from bot.facts.model import CommitAuthor

_BOT_NAMES = re.compile(
    r"(\[bot\]|\bbot$|dependabot|renovate|github-actions|pre-commit-ci|allcontributors|greenkeeper|"
    r"snyk-bot|codecov|mergify|imgbot|web-flow|^copilot$)",
    re.IGNORECASE,
)
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$", re.IGNORECASE)


# A machine identity: a word followed by a long number ("generatedunixname89002005307016"), or a
# no-reply local part with a number ("noreply+915440834509264").
_GENERATED = re.compile(r"^(?:[a-z_.-]*\d{8,}|no-?reply(?:\+\d+)?)$", re.IGNORECASE)


def is_bot(key: str, name: str | None = None) -> bool:
    """Whether a commit author (login, e-mail or name) is an automation account."""
    return any(bool(_BOT_NAMES.search(value)) for value in (key, name or "") if value)


def is_generated(name: str, email: str) -> bool:
    """Whether a commit identity looks machine-made: its name, or its address's local part, is a
    word with a long number or a numbered no-reply (people have names, not serial numbers)."""
    local = email.strip().split("@", 1)[0]
    return bool(_GENERATED.match(name.strip()) or (local and _GENERATED.match(local)))


def is_automation(author: tuple[str, str], committer: tuple[str, str]) -> bool:
    """Whether a commit, (name, e-mail) of its author and of its committer, is not a person's work:
    the author is a bot account, or a generated identity that a bot account committed."""
    (author_name, author_email), (committer_name, committer_email) = author, committer
    if is_bot(Identities.own(author_name, author_email)[0], author_name):
        return True
    committer_key = Identities.own(committer_name, committer_email)[0]
    return is_generated(author_name, author_email) and is_bot(committer_key, committer_name)


class Identities:
    """Maps (name, e-mail) pairs of commits to one key per person."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}
        self._logins: set[str] = set()

    @staticmethod
    def own(name: str, email: str) -> tuple[str, bool]:
        noreply = _NOREPLY.match(email.strip())
        if noreply:
            return noreply.group(1).lower(), True
        return (email.strip() or name.strip() or "unknown").lower(), False

    @staticmethod
    def _full_name(name: str) -> str | None:
        full = " ".join(name.split()).lower()
        return full if " " in full else None

    def learn(self, name: str, email: str) -> None:
        """See one commit's author; a GitHub login, once seen for a full name, becomes its key."""
        own, is_login = self.own(name, email)
        if is_login:
            self._logins.add(own)
        full = self._full_name(name)
        if full is not None and (is_login or full not in self._by_name):
            self._by_name[full] = own

    def key(self, name: str, email: str) -> str:
        own, is_login = self.own(name, email)
        if is_login:
            return own
        local = own.split("@", 1)[0] if "@" in own else None
        full = self._full_name(name)
        if full is not None and full in self._by_name:
            return self._by_name[full]
        if local in self._logins:  # ada@example.org and ada@users.noreply.github.com: one person
            return str(local)
        return own


def count_authors(
    authors: list[tuple[str, str | None]], automation: frozenset[str] = frozenset()
) -> list[CommitAuthor]:
    """(key, display name) per commit → authors with commit counts, most commits first. Keys in
    `automation` (see `is_automation`) are bots whatever their name."""
    counts: dict[str, int] = {}
    names: dict[str, str | None] = {}
    for key, name in authors:
        counts[key] = counts.get(key, 0) + 1
        names.setdefault(key, name)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        CommitAuthor(key=key, commits=n, is_bot=key in automation or is_bot(key, names[key]))
        for key, n in ordered
    ]
