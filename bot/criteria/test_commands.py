"""Which lines of a CI script run a test suite: test runners, and the task tools that call them.

A script is read as shell text, never run. Continuation lines (`\\` at the end) are joined, each
line is split into commands at `&&`, `||`, `;` and `|`, and each command is recognised on its own,
so `pip install -e . && pytest` still runs pytest. Lookalikes are not tests: installing pytest,
`pytest --collect-only`, `tox -e lint`, `make check-deps`. A script whose first command is `exit`
runs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name stands alone as a command word: not part of a path, a file name or a longer name.
_BEFORE = r"(?<![\w./-])"
_AFTER = r"(?=$|[\s;&|)'\"`])"

# (name shown to users, pattern) — a command that runs a test suite by itself.
RUNNERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pytest", re.compile(_BEFORE + r"(py\.test|pytest)" + _AFTER)),
    ("unittest", re.compile(r"\bpython[\d.]*\s+(-\w+\s+)*-m\s+unittest" + _AFTER)),
    ("tox", re.compile(_BEFORE + r"tox" + _AFTER)),
    ("nox", re.compile(_BEFORE + r"nox" + _AFTER)),
    ("ctest", re.compile(_BEFORE + r"ctest" + _AFTER)),
    ("cargo test", re.compile(r"\bcargo\s+(\+\S+\s+)?(test|nextest\s+run)" + _AFTER)),
    ("go test", re.compile(r"\bgo\s+test" + _AFTER)),
    ("setup.py test", re.compile(r"setup\.py\s+test" + _AFTER)),
    ("hatch test", re.compile(r"\bhatch\s+test" + _AFTER)),
    ("coverage run", re.compile(r"\bcoverage\s+run\b")),
    ("nose", re.compile(_BEFORE + r"(nosetests|nose2)" + _AFTER)),
    ("manage.py test", re.compile(r"manage\.py\s+test" + _AFTER)),
    ("bazel test", re.compile(r"\bbazel\s+test" + _AFTER)),
)
# Options with which a runner lists, describes or prepares tests without running them.
NO_RUN_OPTIONS: dict[str, frozenset[str]] = {
    "pytest": frozenset({"--collect-only", "--co", "--fixtures", "--fixtures-per-test", "--markers"}),
    "tox": frozenset({"-l", "-a", "--listenvs", "--listenvs-all", "--showconfig", "--notest"}),
    "nox": frozenset({"-l", "--list", "--list-sessions", "--install-only"}),
    "ctest": frozenset({"-N", "--show-only"}),
    "cargo test": frozenset({"--no-run"}),
}
HELP_OPTIONS = frozenset({"--help", "-h", "--version", "-V"})

# Task tools: the task they are asked to run decides. (tool, whether it needs a `run` word first)
TASK_TOOLS: dict[str, str] = {
    "make": "direct",
    "just": "direct",
    "invoke": "direct",
    "inv": "direct",
    "poe": "direct",
    "task": "direct",
    "pdm": "run-optional",
    "rye": "run-optional",
    "npm": "run-optional",
    "yarn": "run-optional",
    "pnpm": "run-optional",
    "poetry": "run",
    "uv": "run",
    "pixi": "run",
    "hatch": "run",
}
TASK_TOOL = re.compile(_BEFORE + r"(" + "|".join(TASK_TOOLS) + r")(?=\s)")
# Options of task tools that take a value (`pixi run -e py311 test`, `make -C build test`).
VALUE_OPTIONS = frozenset(
    {"-e", "--environment", "--env", "-p", "--project", "--manifest-path", "--directory", "-C", "-f",
     "--file", "--group", "--package", "--python", "--with", "--extra", "-E", "-I", "-o", "-W",
     "--justfile", "--working-directory", "-d"}
)  # fmt: skip
# Words in a task, target or environment name (split at -, _, :, .).
TEST_WORDS = frozenset({"test", "tests", "testing", "unittest", "unittests", "pytest", "ctest"})
# A name with one of these prepares for tests or lists them, even with a test word: `install-test-deps`.
PREPARATION_WORDS = frozenset(
    {"deps", "dep", "dependencies", "requirements", "reqs", "install", "setup", "env", "venv", "download",
     "data", "image", "docker", "collect", "list", "clean"}
)  # fmt: skip
# A name made only of these runs something else (`tox -e lint`); with a test word it runs tests too.
OTHER_TASK_WORDS = frozenset(
    {"lint", "linting", "docs", "doc", "type", "types", "typing", "typecheck", "mypy", "pyright", "format",
     "fmt", "style", "flake8", "ruff", "black", "isort", "pylint", "precommit", "pre", "commit", "build",
     "release", "publish", "spell", "spelling", "changelog", "check"}
)  # fmt: skip
# tox and nox choose environments or sessions with these options.
ENV_OPTIONS = frozenset({"-e", "--env", "-s", "--session", "--sessions", "-t", "--tags"})

INSTALL = re.compile(r"\b(pip3?|conda|mamba|micromamba|apt(-get)?|brew|choco|uv\s+pip)\b.*\binstall\b")
# A script whose name says it runs tests: likely, but a human should confirm.
TEST_SCRIPT = re.compile(r"[\w./-]*test[\w.-]*\.(sh|bash|py|ps1)\b", re.IGNORECASE)
SEPARATOR = re.compile(r"&&|\|\||;|\|")
PYTHON_IMPORT = re.compile(r"^(import|from)\s+[\w.]+(\s+import\b|\s*$|\s+as\b|\s*,)")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
EXIT = re.compile(r"^exit(\s+\d+)?$")
MAX_LINE_SHOWN = 200


@dataclass(frozen=True)
class FoundCommand:
    """A line of a script that runs tests."""

    tool: str  # "pytest", "make test", … or "script" for a test-named script (weak evidence)
    line: str  # the logical line, continuation lines joined
    first_line: str  # its first physical line, to find it in the file
    number: int  # 1-based line number of `first_line` within the script


def logical_lines(text: str) -> list[tuple[int, str, str]]:
    """(first line number, joined line, first physical line) — `\\`-continued lines joined into one."""
    lines: list[tuple[int, str, str]] = []
    pending: list[str] = []
    start, first = 0, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending:
            start, first = number, stripped
        if stripped.endswith("\\") and not stripped.startswith("#"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        lines.append((start, " ".join(part for part in pending if part), first))
        pending = []
    if pending:
        lines.append((start, " ".join(part for part in pending if part), first))
    return lines


def tokens_after(command: str, start: int) -> list[str]:
    """The words after `start`; a `${{ … }}` expression is one word."""
    return EXPRESSION.sub("${{}}", command[start:]).split()


def name_words(name: str) -> set[str]:
    """The words of a task, target or environment name: `test-with-cov` → {test, with, cov}."""
    return {part for part in re.split(r"[-_:.,/]", name.lower()) if part}


def is_test_name(name: str, whole_check: bool = False) -> bool:
    """A task, make target or tox environment named for tests (`test`, `gpu-tests`, `test:cov`,
    `lint-and-test`), not for preparing them (`install-test-deps`). `make check` is the
    conventional test target."""
    parts = name_words(name)
    if parts & PREPARATION_WORDS:
        return False
    return bool(parts & TEST_WORDS) or (whole_check and name.lower() == "check")


def is_test_environment(name: str) -> bool:
    """A tox environment or nox session runs tests unless its name says it does something else
    (`lint`, `docs`, `py311-type`)."""
    parts = name_words(name)
    return is_test_name(name) or not parts & (PREPARATION_WORDS | OTHER_TASK_WORDS)


def positional(words: list[str]) -> list[str]:
    """Words that are not options, option values or `NAME=value` settings."""
    found: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            skip = word in VALUE_OPTIONS
            continue
        if "=" in word or word.startswith(("$", "${{")) or word.isdigit():
            continue
        found.append(word)
    return found


def task_command(command: str) -> str | None:
    """`make test`, `pixi run test`, `just tests` … when a task tool is asked for a test task."""
    for match in TASK_TOOL.finditer(command):
        tool = match.group(1)
        words = tokens_after(command, match.end())
        style = TASK_TOOLS[tool]
        used_run = words[:1] == ["run"] and style in ("run", "run-optional")
        if style == "run" and not used_run:
            continue
        names = positional(words[1:] if used_run else words)
        if style == "direct":  # every target named runs: `make lint test`
            tests = [name for name in names if is_test_name(name, whole_check=tool == "make")]
        else:  # the first word is the task (or a command such as pytest, recognised on its own)
            tests = [name for name in names[:1] if is_test_name(name)]
        if tests:
            return f"{tool} run {tests[0]}" if used_run else f"{tool} {tests[0]}"
    return None


def chosen_environments(words: list[str]) -> list[str] | None:
    """The tox environments or nox sessions named with -e/-s, or None when none are chosen."""
    chosen: list[str] = []
    for index, word in enumerate(words):
        name, _, value = word.partition("=")
        if name in ENV_OPTIONS:
            value = value or (words[index + 1] if index + 1 < len(words) else "")
            chosen += [part for part in value.split(",") if part]
    return chosen or None


NOT_RUN = "not run"  # a runner that is asked to list, describe or prepare tests: no test runs


def runner_command(command: str) -> str | None:
    """The test runner a single command runs; NOT_RUN when it only lists, describes or prepares
    tests (`pytest --collect-only`, `tox -e lint`); None when no runner is named."""
    for name, pattern in RUNNERS:
        match = pattern.search(command)
        if match is None:
            continue
        words = tokens_after(command, match.end())
        options = {word.partition("=")[0] for word in words}
        if options & (HELP_OPTIONS | NO_RUN_OPTIONS.get(name, frozenset())):
            return NOT_RUN
        if name in ("tox", "nox"):
            environments = chosen_environments(words)
            if environments is not None and not any(map(is_test_environment, environments)):
                return NOT_RUN
        return name
    return None


def recognise(command: str) -> str | None:
    """The tool a single shell command runs tests with; "script" for a test-named script. A Python
    import line (`import pytest`, in a heredoc) is not a command."""
    command = command.strip()
    if not command or INSTALL.search(command) or PYTHON_IMPORT.match(command):
        return None
    tool = runner_command(command) or task_command(command)
    if tool == NOT_RUN:
        return None
    if tool is None and TEST_SCRIPT.search(command):
        return "script"
    return tool


def find_commands(text: str) -> list[FoundCommand]:
    """Each line of `text` (a shell script) that runs tests."""
    found: list[FoundCommand] = []
    for number, line, first in logical_lines(text):
        if not line or line.startswith("#"):
            continue
        tools = [tool for tool in map(recognise, SEPARATOR.split(line)) if tool is not None]
        if tools:
            strong = next((tool for tool in tools if tool != "script"), tools[0])
            found.append(FoundCommand(strong, line[:MAX_LINE_SHOWN], first, number))
    return found


def first_command(text: str) -> tuple[int, str] | None:
    """(line number, command) of the first command of a script: comments and blank lines skipped."""
    for number, line, _ in logical_lines(text):
        if line and not line.startswith("#"):
            return number, SEPARATOR.split(line)[0].strip()
    return None


def exits_first(text: str) -> tuple[int, str] | None:
    """(line number, line) when the script's first command is `exit`: nothing after it runs."""
    first = first_command(text)
    if first is not None and EXIT.match(first[1]):
        return first
    return None
