"""Which PyPI and conda package names a project publishes under, read from its files, never executed.

Sources, in order: the entry's claim (`pip:` / `conda:`), pyproject.toml `[project].name` or
`[tool.poetry].name`, setup.cfg `[metadata] name`, setup.py's `setup(name="…")` (parsed with
`ast`; only a literal string counts), and a conda recipe's `package.name`.

Files are read under a budget (bot.facts.bounded): a file that cannot be read safely is skipped and
named under "unreadable", so that a missing name reads as "could not check", not as "none found".
"""

from __future__ import annotations

import ast
import configparser
import re
from typing import Any

from bot.facts.bounded import UnreadableFile, read_python, read_toml, read_yaml
from bot.facts.model import RepoFacts
from bot.facts.repo_files import CONDA_RECIPES

_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_JINJA = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)


def normalise_name(name: str) -> str:
    """PEP 503 normal form: lowercase, runs of `-`, `_`, `.` become one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _text(facts: RepoFacts, path: str) -> str | None:
    file = facts.files.get(path)
    return file.text if file is not None else None


def read_pyproject(facts: RepoFacts) -> dict[str, Any]:
    """pyproject.toml as a mapping ({} when absent, not valid TOML or not readable safely)."""
    text = _text(facts, "pyproject.toml")
    if not text:
        return {}
    try:
        return read_toml(text, "pyproject.toml")
    except UnreadableFile:
        return {}


def _from_pyproject(facts: RepoFacts) -> str | None:
    data = read_pyproject(facts)
    project = data.get("project")
    if isinstance(project, dict) and isinstance(project.get("name"), str):
        return str(project["name"])
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict) and isinstance(poetry.get("name"), str):
        return str(poetry["name"])
    return None


def _from_setup_cfg(facts: RepoFacts) -> str | None:
    text = _text(facts, "setup.cfg")
    if not text:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except Exception:  # configparser.Error, and anything else a hostile file provokes: fail closed
        return None
    name = parser.get("metadata", "name", fallback=None)
    return name.strip() if name else None


def _from_setup_py(facts: RepoFacts) -> str | None:
    """`name="…"` in a `setup(...)` call, or a module-level `NAME = "…"` it refers to."""
    text = _text(facts, "setup.py")
    if not text:
        return None
    try:
        tree = read_python(text, "setup.py")
    except UnreadableFile:
        return None
    constants: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            for target in statement.targets:
                if isinstance(target, ast.Name) and isinstance(statement.value.value, str):
                    constants[target.id] = statement.value.value
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        )
        if called != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg != "name":
                continue
            if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                return keyword.value.value
            if isinstance(keyword.value, ast.Name):
                return constants.get(keyword.value.id)
    return None


def _from_conda_recipe(facts: RepoFacts) -> tuple[str, str] | None:
    for path in CONDA_RECIPES:
        text = _text(facts, path)
        if not text:
            continue
        # Jinja templating is stripped, not rendered: only a literal name is trusted.
        try:
            data = read_yaml(_JINJA.sub("", text), path)
        except UnreadableFile:
            continue
        package = data.get("package") if isinstance(data, dict) else None
        name = package.get("name") if isinstance(package, dict) else None
        if isinstance(name, str) and _NAME.match(name.strip()):
            return name.strip(), path
    return None


def _valid(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip()
    return name if _NAME.match(name) else None


def unreadable_package_files(facts: RepoFacts) -> list[str]:
    """ "path: why" for each packaging file present that could not be read safely."""
    found = []
    for path in ("pyproject.toml", "setup.py", *CONDA_RECIPES):
        text = _text(facts, path)
        if not text:
            continue
        try:
            if path == "pyproject.toml":
                read_toml(text, path)
            elif path == "setup.py":
                read_python(text, path)
            else:
                read_yaml(_JINJA.sub("", text), path)
        except UnreadableFile as error:
            found.append(str(error))
    return found


def find_package_names(facts: RepoFacts, claims: dict[str, Any]) -> dict[str, str]:
    """{"pypi": name, "pypi_from": source, "conda": name, "conda_from": source} for what was found."""
    names: dict[str, str] = {}
    unreadable = unreadable_package_files(facts)
    if unreadable:
        names["unreadable"] = "; ".join(unreadable)
    claimed_pip = _valid(claims.get("pip") if isinstance(claims.get("pip"), str) else None)
    if claimed_pip:
        names["pypi"], names["pypi_from"] = claimed_pip, "entry"
    else:
        for source, reader in (
            ("pyproject.toml", _from_pyproject),
            ("setup.cfg", _from_setup_cfg),
            ("setup.py", _from_setup_py),
        ):
            name = _valid(reader(facts))
            if name:
                names["pypi"], names["pypi_from"] = name, source
                break
    claimed_conda = _valid(claims.get("conda") if isinstance(claims.get("conda"), str) else None)
    recipe = _from_conda_recipe(facts)
    if claimed_conda:
        names["conda"], names["conda_from"] = claimed_conda, "entry"
    elif recipe is not None:
        names["conda"], names["conda_from"] = recipe
    elif "pypi" in names:
        # conda-forge usually publishes under the PyPI name, lowercased.
        names["conda"], names["conda_from"] = names["pypi"].lower(), f"{names['pypi_from']} (PyPI name)"
    return names
