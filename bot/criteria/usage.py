"""Whether a README code block shows the project being used: Python that calls or imports
something (plain, in a `diff` or in a console session), or the project's own command line
(`tool --flag …`, `python script.py …`, `python -m package …`). Install and setup commands
(`pip install x`, `git clone …`, `cd x`) are not usage.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from typing import Literal

from bot.criteria.readers.project_commands import ProjectCommands
from bot.criteria.readme import CodeBlock

PYTHON_LANGUAGES = frozenset({"python", "py", "python3", "py3", "pycon", "ipython", "ipython3", "jupyter"})
SHELL_LANGUAGES = frozenset({
    "bash", "sh", "shell", "zsh", "fish", "ksh", "console", "shell-session", "sh-session", "shellsession",
    "terminal", "powershell", "ps1", "pwsh", "bat", "batch", "cmd", "cli",
})  # fmt: skip
DIFF_LANGUAGES = frozenset({"diff", "patch", "udiff"})
UNTAGGED = frozenset({"", "text", "txt", "none", "plain", "plaintext"})

SHELL_PROMPT = re.compile(r"^\s*(?:\(\S+\)\s*)?[$%]\s+")
PYTHON_PROMPT = re.compile(r"^\s*(>>>|\.\.\.)( |$)")
IMPORT_LINE = re.compile(r"^\s*(import\s+[A-Za-z_]|from\s+[\w.]+\s+import\s)", re.MULTILINE)
CALL = re.compile(r"[A-Za-z_][\w.]*\s*\(")
ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
PYTHON_PROGRAM = re.compile(r"^(python(\d(\.\d+)?)?|py|ipython3?|pypy3?)$")
LAUNCHERS = frozenset({"torchrun", "deepspeed", "accelerate", "horovodrun", "mpirun", "srun", "lightning"})
WRAPPERS = frozenset({"sudo", "env", "time", "nohup", "exec", "command", "uvx"})
RUNNERS = frozenset({"uv", "poetry", "pdm", "pipenv", "hatch", "pixi", "pipx", "rye", "conda"})
NOT_USAGE_SCRIPTS = frozenset({"setup.py"})


@dataclass(frozen=True)
class UsageExample:
    kind: Literal["python", "command"]
    text: str  # the first line that shows it
    line: int  # the README line of the block


def usage_example(block: CodeBlock, commands: ProjectCommands) -> UsageExample | None:
    """The usage a code block shows, judged by its language; None when it shows none."""
    language = block.language
    if language in PYTHON_LANGUAGES:
        code = python_session(block.text) or block.text
        return _python(block, code) if python_calls(code, strict=False) else None
    if language in DIFF_LANGUAGES:
        code = diff_result(block.text)
        return _python(block, code) if python_calls(code, strict=True) else _command(block, code, commands)
    if language in SHELL_LANGUAGES or language in UNTAGGED:
        session = python_session(block.text)
        if session is not None and python_calls(session, strict=False):
            return _python(block, session)
        if language in UNTAGGED and python_calls(block.text, strict=True):
            return _python(block, block.text)
        return _command(block, block.text, commands)
    return None


def _python(block: CodeBlock, code: str) -> UsageExample:
    lines = [line.strip() for line in code.splitlines() if line.strip()]
    first = next((line for line in lines if not line.startswith("#")), lines[0] if lines else "")
    return UsageExample("python", first, block.line)


def _command(block: CodeBlock, text: str, commands: ProjectCommands) -> UsageExample | None:
    for line in command_lines(text):
        if runs_project(line, commands):
            return UsageExample("command", " ".join(line.split()), block.line)
    return None


def python_session(text: str) -> str | None:
    """The code typed at `>>>` / `...` prompts, without them; None when there is no `>>>` prompt."""
    lines = [line for line in text.splitlines() if PYTHON_PROMPT.match(line)]
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return None
    return "\n".join(PYTHON_PROMPT.sub("", line, count=1) for line in lines)


def diff_result(text: str) -> str:
    """The code a diff leaves: context and added lines without their marker (headers dropped)."""
    kept = []
    for line in text.splitlines():
        if line.startswith(("+++", "---", "@@", "diff ", "index ")):
            continue
        if line.startswith(("+", " ")):
            kept.append(line[1:])
        elif not line.startswith("-"):
            kept.append(line)
    return "\n".join(kept)


def python_calls(code: str, strict: bool) -> bool:
    """True when `code` imports or calls something. `strict`: it must parse as Python (the block's
    language does not say it is Python); otherwise an import line or a call is enough."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):  # a snippet with gaps: an import line is still Python
        return bool(IMPORT_LINE.search(code) or (not strict and CALL.search(code)))
    return any(isinstance(node, (ast.Import, ast.ImportFrom, ast.Call)) for node in ast.walk(tree))


def command_lines(text: str) -> list[str]:
    """Commands of a shell block: continuation lines joined, prompts and comments dropped; when some
    lines carry a `$` prompt, only those (the rest is output)."""
    joined = re.sub(r"\\\n", " ", text).replace("`\n", " ")
    lines = joined.splitlines()
    if any(SHELL_PROMPT.match(line) for line in lines):
        lines = [SHELL_PROMPT.sub("", line, count=1) for line in lines if SHELL_PROMPT.match(line)]
    found: list[str] = []
    for line in lines:
        command = line.strip()
        if command and not command.startswith(("#", "//", "REM ")):
            found.extend(part.strip() for part in re.split(r"&&|\|\||;|\|", command) if part.strip())
    return found


def words(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def program_and_arguments(command: str) -> tuple[str, list[str]]:
    """`sudo FOO=1 uv run tool --x` → ("tool", ["--x"])."""
    tokens = words(command.lstrip("!"))
    while tokens:
        head = tokens[0].lower()
        if ENV_ASSIGNMENT.match(tokens[0]) or head in WRAPPERS:
            tokens = tokens[1:]
        elif head in RUNNERS and len(tokens) > 1 and tokens[1] in ("run", "exec", "x"):
            tokens = tokens[2:]
            while tokens and tokens[0].startswith("-"):
                tokens = tokens[1:]
        else:
            break
    if not tokens:
        return "", []
    program = tokens[0].replace("\\", "/")
    if program.startswith((".", "/", "~")):  # ./bin/tool, /usr/bin/tool: the program is the last part
        program = program.rsplit("/", 1)[-1]
    program = program.lower().removesuffix(".exe")
    return program, tokens[1:]


def runs_project(command: str, commands: ProjectCommands) -> bool:
    program, arguments = program_and_arguments(command)
    if program in commands.programs:
        return True
    if PYTHON_PROGRAM.match(program) and "-m" in arguments[:-1]:
        module = arguments[arguments.index("-m") + 1].split(".")[0].lower()
        if module in commands.modules:
            return True
    if PYTHON_PROGRAM.match(program) or program in LAUNCHERS:
        return any(
            argument.lower().endswith(".py") and argument.rsplit("/", 1)[-1] not in NOT_USAGE_SCRIPTS
            for argument in arguments
            if not argument.startswith("-")
        )
    return False
