"""Compile the image's Python byte-code at build time, reproducibly (run by the Dockerfile).

The image runs with PYTHONDONTWRITEBYTECODE=1 (its file system is never written to), so whatever is
not compiled here is compiled again, in memory, each time a run imports it. Only what a run imports
is compiled: the build imports every module of the bot, every module the bot's code names in an
import statement (those inside functions too, less `if TYPE_CHECKING:` blocks) and what the Action's
warm-up loads; `sys.modules` then lists each module a run can load at start, and those are compiled
with `unchecked-hash` invalidation (no source timestamps in the .pyc, so the same sources give the
same bytes):
- the whole PROGRAM package (the bot, `__main__` included), in place;
- the modules of each LIBRARY tree (the venv) that were imported, in place. A module never imported
  there (docutils' directives for a reST construct, a codec) keeps only its source;
- the standard library modules that were imported (the base image may ship none of its .pyc files),
  into OUT (a copy of their paths under it), which the Dockerfile copies over the runtime stage's root.
An import that fails (a module the pruning removed, a dependency the lock left out) fails the build.

Usage: python compile-bytecode.py OUT PROGRAM [LIBRARY...] (PROGRAM's parent must be on sys.path)
"""

from __future__ import annotations

import ast
import compileall
import importlib
import importlib.util
import pkgutil
import py_compile
import sys
import sysconfig
from pathlib import Path

MODE = py_compile.PycInvalidationMode.UNCHECKED_HASH


def is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def named_imports(tree: ast.AST) -> set[str]:
    """Absolute module names a module's import statements name, at any depth but type-checking blocks."""
    names: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if is_type_checking_block(node):
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        pending.extend(ast.iter_child_nodes(node))
    return names


def import_everything(program: Path) -> None:
    """Import every module of the program, what its import statements name (lazy imports included),
    and what the Action's warm-up loads, so sys.modules lists what a run can need."""
    package = importlib.import_module(program.name)
    sources: list[Path] = []
    for module in pkgutil.walk_packages(package.__path__, f"{program.name}."):
        spec = importlib.util.find_spec(module.name)
        if spec and spec.origin:
            sources.append(Path(spec.origin))
        if module.name != f"{program.name}.__main__":  # runs the command line
            importlib.import_module(module.name)
    sources.append(program / "__init__.py")
    for source in sorted(set(sources)):
        for name in sorted(named_imports(ast.parse(source.read_bytes(), str(source)))):
            if name.split(".")[0] != "__future__":
                importlib.import_module(name)
    from bot.criteria.license_terms import licensing
    from bot.github import load_pygithub

    licensing()  # the SPDX license index (license-expression), loaded by the Action's warm-up
    load_pygithub()  # the REST fallback's PyGithub


def imported_sources() -> list[Path]:
    found = set()
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if source and source.endswith(".py"):
            found.add(Path(source).resolve())
    return sorted(found)


def compile_to(source: Path, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    py_compile.compile(
        str(source), cfile=str(target), dfile=str(source), doraise=True, invalidation_mode=MODE
    )
    return target.stat().st_size


def main() -> int:
    out, program, *libraries = (Path(argument) for argument in sys.argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    if not compileall.compile_dir(program, quiet=1, invalidation_mode=MODE, workers=1):
        return 1
    import_everything(program.resolve())
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    library_roots = [library.resolve() for library in libraries]
    in_libraries = in_stdlib = 0
    library_bytes = stdlib_bytes = 0
    for source in imported_sources():
        cached = Path(importlib.util.cache_from_source(str(source)))
        if any(source.is_relative_to(root) for root in library_roots):
            library_bytes += compile_to(source, cached)
            in_libraries += 1
        elif source.is_relative_to(stdlib) and "site-packages" not in source.parts:
            if cached.exists():  # the base image has it already
                continue
            stdlib_bytes += compile_to(source, out / cached.relative_to("/"))
            in_stdlib += 1
    print(
        f"compile-bytecode: {program} compiled; of {', '.join(map(str, libraries))}, the {in_libraries} modules"
        f" imported ({library_bytes / 1e6:.1f} MB); {in_stdlib} standard library modules into {out}"
        f" ({stdlib_bytes / 1e6:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
