"""Commit authors: one key per person, bots told apart from humans.

GitHub knows the account behind a commit; a checkout only has names and e-mails, so the same
person often appears under several. `Identities` folds them: a GitHub no-reply address gives
the login, and a full name ("Ada Lovelace", with a space) seen before maps to the key it had.
Single-word names ("root", "nemo") are not merged: too many different people share them.
"""

from __future__ import annotations

import re

from bot.facts.model import CommitAuthor

_BOT_NAMES = re.compile(
    r"(\[bot\]|-bot$|^bot$|dependabot|renovate|github-actions|pre-commit-ci|allcontributors|greenkeeper|"
    r"snyk-bot|codecov|mergify|imgbot|web-flow)",
    re.IGNORECASE,
)
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$", re.IGNORECASE)


def is_bot(key: str, name: str | None = None) -> bool:
    """Whether a commit author (login, e-mail or name) is an automation account."""
    return any(bool(_BOT_NAMES.search(value)) for value in (key, name or "") if value)


class Identities:
    """Maps (name, e-mail) pairs of commits to one key per person."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}

    @staticmethod
    def _own(name: str, email: str) -> tuple[str, bool]:
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
        own, is_login = self._own(name, email)
        full = self._full_name(name)
        if full is not None and (is_login or full not in self._by_name):
            self._by_name[full] = own

    def key(self, name: str, email: str) -> str:
        own, is_login = self._own(name, email)
        full = self._full_name(name)
        if is_login or full is None:
            return own
        return self._by_name.get(full, own)


def count_authors(authors: list[tuple[str, str | None]]) -> list[CommitAuthor]:
    """(key, display name) per commit → authors with commit counts, most commits first."""
    counts: dict[str, int] = {}
    names: dict[str, str | None] = {}
    for key, name in authors:
        counts[key] = counts.get(key, 0) + 1
        names.setdefault(key, name)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [CommitAuthor(key=key, commits=n, is_bot=is_bot(key, names[key])) for key, n in ordered]
