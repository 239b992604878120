"""The test commands the CI configuration runs: GitHub Actions workflows (following local reusable
workflows and local actions) and other CI systems' files, read once per entry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.criteria import layout
from bot.criteria.model import Result
from bot.criteria.results import unknown
from bot.criteria.workflows import (
    OTHER_CI_CONFIG_FILES,
    DisabledScript,
    TestCommand,
    scan_other_ci,
    scan_workflows,
)
from bot.facts.model import RepoFacts

ACTION_FILE = re.compile(r"(^|/)action\.ya?ml$")


@dataclass(frozen=True)
class WorkflowCommands:
    commands: tuple[TestCommand, ...]
    disabled: tuple[DisabledScript, ...]  # scripts that exit first, jobs with `if: false`
    workflow_problems: tuple[str, ...]  # GitHub workflows not read or not followed
    problems: tuple[str, ...]  # those and other CI files not read
    files: tuple[str, ...]  # the CI files read


def read_workflow_commands(facts: RepoFacts) -> WorkflowCommands | Result:
    """What the CI runs, or unknown when no CI configuration's text could be read."""
    texts = facts.workflows or {}
    actions = {
        path: file.text
        for path, file in facts.files.items()
        if file.text is not None and ACTION_FILE.search(path)
    }
    other_texts = {path: layout.file_text(facts, path) for path in OTHER_CI_CONFIG_FILES}
    if facts.workflows is None and not any(other_texts.values()):
        return unknown("the CI configuration's text could not be read")
    scan = scan_workflows(texts, actions)
    other = scan_other_ci(other_texts)
    return WorkflowCommands(
        commands=tuple(scan.commands + other.commands),
        disabled=tuple(scan.disabled + other.disabled),
        workflow_problems=tuple(scan.problems),
        problems=tuple(scan.problems + other.problems),
        files=(*texts, *(path for path, text in other_texts.items() if text)),
    )
