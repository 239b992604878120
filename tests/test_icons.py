"""One status-icon table: every place that shows a status takes its glyph from bot.icons."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.icons import FAIL, INFO, INVALID, JUDGEMENT, PASS, PAUSED, SKIPPED, UNKNOWN, WARN, terminal_icon

BOT = Path(__file__).resolve().parent.parent / "bot"
STATUS_GLYPHS = (PASS, WARN, FAIL, UNKNOWN, SKIPPED, INFO, INVALID, JUDGEMENT, PAUSED)
# policies/reference.py writes the legend of docs/checks.md (each status with its glyph); the
# simulator is a stand-in for GitHub, not a place that shows a status.
NOT_YET = {"icons.py", "policies/reference.py"}


def shown_strings(path: Path) -> str:
    """The string literals of a module that can reach a user: not its docstrings (nor its comments)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def test_no_module_spells_a_status_glyph_but_the_icon_table() -> None:
    spelled = {
        str(path.relative_to(BOT)): [glyph for glyph in STATUS_GLYPHS if glyph in shown_strings(path)]
        for path in BOT.rglob("*.py")
        if "simulator" not in path.parts
    }
    offenders = {path: glyphs for path, glyphs in spelled.items() if glyphs and path not in NOT_YET}
    assert offenders == {}


def test_a_terminal_icon_is_two_columns_wide_and_unknown_is_a_question_mark() -> None:
    assert terminal_icon("pass") == PASS
    assert terminal_icon("warn") == f"{WARN} " and terminal_icon("skipped") == f"{SKIPPED} "
    assert terminal_icon("bogus") == "?"
