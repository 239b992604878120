"""Readers: what several checks read from the facts (the README outline, the project's command
names, the CI's test commands), computed once per entry and shared: a check names its inputs in
`@check(inputs=...)` and receives them, instead of re-deriving them.

A reader returns its value, or the `Result` a check gives when the input cannot be had (no README,
an unreadable one): decided here once, not in every check."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.criteria.model import Reader
from bot.criteria.readers.project_commands import read_project_commands
from bot.criteria.readers.readme_outline import read_readme_outline
from bot.criteria.readers.torch_usage import read_torch_usage
from bot.criteria.readers.workflow_commands import read_workflow_commands

READERS: Mapping[str, Reader] = MappingProxyType(
    {
        "readme_outline": read_readme_outline,
        "project_commands": read_project_commands,
        "workflow_commands": read_workflow_commands,
        "torch_usage": read_torch_usage,
    }
)
