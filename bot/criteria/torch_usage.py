"""Where a project declares or installs PyTorch: packaging files, requirements, PyPI, workflows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.model import RepoFacts

# `torch` as a requirement: not torchvision, not pytorch-lightning, not a path.
TORCH = re.compile(r"(?<![\w.\-/])torch(?![\w\-/.])")
PYTORCH_CONDA = re.compile(r"(?<![\w.\-/])pytorch(?![\w\-/.])")
DECLARATION_FILE = re.compile(
    r"^(pyproject\.toml|setup\.cfg|setup\.py|environment\.ya?ml|(.*/)?requirements[^/]*\.(txt|in)|"
    r"(conda[-_]?)?recipe/meta\.ya?ml|meta\.yaml)$"
)
IMPORT_LINE = re.compile(r"^\s*(import|from)\s")


@dataclass(frozen=True)
class TorchMention:
    source: str  # a readable name of where it was found
    line: str
    path: str | None = None  # a repository path, for a link at the reviewed commit
    line_number: int | None = None
    url: str | None = None


def file_mentions(path: str, text: str, conda_names: bool) -> list[TorchMention]:
    found: list[TorchMention] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or IMPORT_LINE.match(line):
            continue
        if TORCH.search(line) or (conda_names and PYTORCH_CONDA.search(line)):
            found.append(TorchMention(path, line[:120], path, number))
    return found


def torch_mentions(facts: RepoFacts) -> tuple[list[TorchMention], list[str]]:
    """Mentions of torch as a requirement, and the names of the sources that were read."""
    mentions: list[TorchMention] = []
    read: list[str] = []
    for path, file in sorted(facts.files.items()):
        if file.text is not None and DECLARATION_FILE.match(path):
            read.append(path)
            mentions += file_mentions(path, file.text, conda_names=path.endswith((".yml", ".yaml")))
    if facts.pypi is not None and facts.pypi.requires_torch is not None:
        read.append(f"PyPI {facts.pypi.name}")
        if facts.pypi.requires_torch:
            mentions.append(
                TorchMention(f"PyPI {facts.pypi.name}", "requires_dist includes torch", url=facts.pypi.url)
            )
    for path, text in sorted((facts.workflows or {}).items()):
        read.append(path)
        mentions += [m for m in file_mentions(path, text, conda_names=True) if "install" in m.line]
    return mentions, read
