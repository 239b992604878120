"""The package's imports run one way (issue 12): no library module imports the commands layer, the
facts do not import the catalog, and the simulator's modules import each other without a loop,
counting the imports written inside functions, which would otherwise hide one."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(BOT.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """The bot modules this file imports, anywhere in it (module level, functions, TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("bot"):
                found.add(name)
    return found


IMPORTS = {name: imported(path) - {name} for name, path in MODULES.items()}


def test_no_library_module_imports_the_commands_layer():
    library = [name for name in IMPORTS if not name.startswith(("bot.commands", "bot.cli", "bot.__main__"))]
    wrong = [f"{name} imports {target}" for name in library for target in sorted(IMPORTS[name])
             if target.startswith(("bot.commands", "bot.cli"))]  # fmt: skip
    assert wrong == []


def test_the_facts_do_not_import_the_catalog():
    wrong = [f"{name} imports {target}" for name in IMPORTS if name.startswith("bot.facts")
             for target in sorted(IMPORTS[name]) if target.startswith("bot.catalog")]  # fmt: skip
    assert wrong == []


def cycle_from(start: str, members: set[str]) -> list[str] | None:
    """A path start → … → start through `members`, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        name, path = stack.pop()
        for target in sorted(IMPORTS[name] & members):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_the_simulator_has_no_import_loop():
    simulator = {name for name in IMPORTS if name.startswith("bot.simulator.")}
    assert simulator, "no simulator modules found"
    loops = [" → ".join(loop) for name in sorted(simulator) if (loop := cycle_from(name, simulator))]
    assert loops == []
