"""The names a project answers to on the command line: its console scripts, package and repository
names, and its top-level Python packages (for `python -m …`). Read from its files, never executed."""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from bot.facts.model import RepoFacts

_TOP_PACKAGE = re.compile(r"^(?:src/|python/)?([A-Za-z_]\w*)/__init__\.py$")
_SCRIPT_NAME = re.compile(r"^\s*([A-Za-z0-9][\w.-]*)\s*=")


@dataclass(frozen=True)
class ProjectCommands:
    programs: frozenset[str]  # lower case: `tool` in `tool --flag …`
    modules: frozenset[str]  # top-level module names: `python -m module …`


def variants(name: str) -> set[str]:
    """`torch-dr` → {torch-dr, torch_dr, torchdr}: the spellings a command or module may take."""
    lowered = name.strip().lower()
    if not lowered:
        return set()
    return {lowered, lowered.replace("-", "_"), lowered.replace("_", "-"), re.sub(r"[-_.]", "", lowered)}


def read_project_commands(facts: RepoFacts) -> ProjectCommands:
    names: set[str] = set()
    for key in ("pypi", "conda"):
        if facts.package_names.get(key):
            names |= variants(facts.package_names[key])
    repository = urlparse(facts.url).path.rstrip("/").rsplit("/", 1)[-1]  # GitHub name or checkout folder
    names |= variants(repository.removesuffix(".git"))
    scripts = pyproject_scripts(facts) | setup_cfg_scripts(facts) | setup_py_scripts(facts)
    modules = {match.group(1).lower() for path in facts.tree or [] if (match := _TOP_PACKAGE.match(path))}
    programs = names | {script.lower() for script in scripts}
    return ProjectCommands(frozenset(programs), frozenset(modules | {n.replace("-", "_") for n in names}))


def _text(facts: RepoFacts, path: str) -> str:
    file = facts.files.get(path)
    return file.text or "" if file is not None else ""


def pyproject_scripts(facts: RepoFacts) -> set[str]:
    try:
        data = tomllib.loads(_text(facts, "pyproject.toml"))
    except tomllib.TOMLDecodeError:
        return set()
    project: Any = data.get("project", {})
    tool: Any = data.get("tool", {})
    poetry: Any = tool.get("poetry", {}) if isinstance(tool, dict) else {}
    found: set[str] = set()
    for table in (
        project.get("scripts") if isinstance(project, dict) else None,
        project.get("gui-scripts") if isinstance(project, dict) else None,
        poetry.get("scripts") if isinstance(poetry, dict) else None,
    ):
        if isinstance(table, dict):
            found |= {str(name) for name in table}
    return found


def setup_cfg_scripts(facts: RepoFacts) -> set[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_text(facts, "setup.cfg"))
    except configparser.Error:
        return set()
    listing = parser.get("options.entry_points", "console_scripts", fallback="")
    return {match.group(1) for line in listing.splitlines() if (match := _SCRIPT_NAME.match(line))}


def setup_py_scripts(facts: RepoFacts) -> set[str]:
    """`name = module:function` strings listed under a `console_scripts` key of a dict literal."""
    try:
        tree = ast.parse(_text(facts, "setup.py"))
    except (SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in ("console_scripts", "gui_scripts"):
                for item in ast.walk(value):
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        match = _SCRIPT_NAME.match(item.value)
                        if match:
                            found.add(match.group(1))
    return found
