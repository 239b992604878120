"""Where a project declares or installs PyTorch: packaging files, requirements, PyPI, workflows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.facts.bounded import UnreadableFile, read_toml
from bot.facts.model import RepoFacts

# `torch` as a requirement: not torchvision, not pytorch-lightning, not a path.
TORCH = re.compile(r"(?<![\w.\-/])torch(?![\w\-/.])")
PYTORCH_CONDA = re.compile(r"(?<![\w.\-/])pytorch(?![\w\-/.])")
DECLARATION_FILE = re.compile(
    r"^(pyproject\.toml|setup\.cfg|setup\.py|environment\.ya?ml|(.*/)?requirements[^/]*\.(txt|in)|"
    r"(conda[-_]?)?recipe/meta\.ya?ml|meta\.yaml)$"
)
IMPORT_LINE = re.compile(r"^\s*(import|from)\s")
# CI that tests against chosen PyTorch versions: `torch-version: [2.4, 2.5]`, `pytorch_version: …`.
TORCH_VERSION_KEY = re.compile(r"(?<![\w-])(py)?torch[-_]version\s*:\s*\S")
LOCAL_ACTION = re.compile(r"^\.github/actions/.+/action\.ya?ml$")


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


def ci_mentions(path: str, text: str) -> list[TorchMention]:
    """Lines of CI configuration that install torch or choose the PyTorch versions to test."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        installs = "install" in line and (TORCH.search(line) or PYTORCH_CONDA.search(line))
        if installs or TORCH_VERSION_KEY.search(line):
            found.append(TorchMention(path, line[:120], path, number))
    return found


def requirement_strings(document: dict[str, Any]) -> Iterator[str]:
    """Requirement strings of pyproject.toml: PEP 621 dependencies, optional ones, dependency groups,
    and Poetry's dependency tables (as `name version`)."""
    project = document.get("project") or {}
    yield from (str(item) for item in project.get("dependencies") or [])
    for group in (project.get("optional-dependencies") or {}).values():
        yield from (str(item) for item in group or [])
    for group in (document.get("dependency-groups") or {}).values():
        yield from (str(item) for item in group or [] if isinstance(item, str))
    poetry = (document.get("tool") or {}).get("poetry") or {}
    tables = [
        poetry.get("dependencies") or {},
        *((g or {}).get("dependencies") or {} for g in (poetry.get("group") or {}).values()),
    ]
    for table in tables:
        yield from (f"{name} {spec}" for name, spec in table.items() if isinstance(table, dict))


def pyproject_mentions(path: str, text: str) -> list[TorchMention] | None:
    """Torch among pyproject.toml's declared dependencies; None when the file is not valid TOML."""
    try:
        document = read_toml(text, path)
    except UnreadableFile:
        return None
    found = []
    for requirement in requirement_strings(document):
        if TORCH.match(requirement.strip()) or requirement.strip().lower().startswith("torch "):
            number = next(
                (n for n, line in enumerate(text.splitlines(), 1) if requirement.split()[0] in line), None
            )
            found.append(TorchMention(path, requirement, path, number))
    return found


def torch_mentions(facts: RepoFacts) -> tuple[list[TorchMention], list[str]]:
    """Mentions of torch as a requirement, and the names of the sources that were read."""
    mentions: list[TorchMention] = []
    read: list[str] = []
    for path, file in sorted(facts.files.items()):
        if file.text is not None and DECLARATION_FILE.match(path):
            read.append(path)
            declared = pyproject_mentions(path, file.text) if path == "pyproject.toml" else None
            if declared is None:
                declared = file_mentions(path, file.text, conda_names=path.endswith((".yml", ".yaml")))
            mentions += declared
    if facts.pypi is not None and facts.pypi.requires_torch is not None:
        read.append(f"PyPI {facts.pypi.name}")
        if facts.pypi.requires_torch:
            mentions.append(
                TorchMention(f"PyPI {facts.pypi.name}", "requires_dist includes torch", url=facts.pypi.url)
            )
    ci_texts = dict(facts.workflows or {})
    ci_texts |= {
        path: f.text for path, f in facts.files.items() if f.text is not None and LOCAL_ACTION.match(path)
    }
    for path, text in sorted(ci_texts.items()):
        read.append(path)
        mentions += ci_mentions(path, text)
    return mentions, read
