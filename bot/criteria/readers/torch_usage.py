"""Where the project declares or installs torch, read once per entry (TEST-005 judges it, TEST-006
shows it to a reviewer)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.criteria.torch_usage import TorchMention, torch_mentions
from bot.facts.model import RepoFacts


@dataclass(frozen=True)
class TorchUsage:
    mentions: tuple[TorchMention, ...]
    sources_read: tuple[str, ...]  # the files (and PyPI release) that were read


def read_torch_usage(facts: RepoFacts) -> TorchUsage:
    mentions, sources_read = torch_mentions(facts)
    return TorchUsage(tuple(mentions), tuple(sources_read))
