"""Compile the image's Python byte-code at build time, reproducibly (run by the Dockerfile).

The image runs with PYTHONDONTWRITEBYTECODE=1 (its file system is never written to), so whatever is
not compiled here is compiled again, in memory, each time a run imports it. Only what a run imports
is compiled: a fresh interpreter imports every module of the bot, every module the bot's code names
in an import statement (those inside functions too, less `if TYPE_CHECKING:` blocks), what the
Action's warm-up loads and what the README parsers import while parsing; its `sys.modules` then lists each module a run can load at start (and not
this script's own imports), and those are compiled
with `unchecked-hash` invalidation (no source timestamps in the .pyc, so the same sources give the
same bytes):
- the whole PROGRAM package (the bot, `__main__` included), in place;
- the modules of each LIBRARY tree (the venv) that were imported, in place. A module never imported
  there (a codec, docutils' PEP reader) keeps only its source;
- the standard library modules that were imported (the base image may ship none of its .pyc files),
  into OUT (a copy of their paths under it), which the Dockerfile copies over the runtime stage's root.
  These are `checked-hash`: the runtime installs its own Python, the same Debian package as the build
  stage's, and should the two ever differ, the interpreter sees that the source is not the one the
  byte-code was made from and compiles it afresh instead of running stale code (it costs a hash of
  each source it imports: a few milliseconds a run).
An import that fails (a module the pruning removed, a dependency the lock left out) fails the build.

Usage: python compile-bytecode.py OUT PROGRAM [LIBRARY...] (PROGRAM's parent must be on sys.path)
"""

from __future__ import annotations

import ast
import compileall
import importlib.util
import json
import os
import py_compile
import subprocess
import sys
import sysconfig
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

MODE = py_compile.PycInvalidationMode.UNCHECKED_HASH
STDLIB_MODE = py_compile.PycInvalidationMode.CHECKED_HASH


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


def modules_to_import(program: Path) -> list[str]:
    """Every module of the program (namespace folders included, which pkgutil does not walk) but its
    `__main__`, and every module its import statements name (lazy imports included)."""
    sources = sorted(path for path in program.rglob("*.py") if "__pycache__" not in path.parts)
    names = []
    for source in sources:
        parts = source.relative_to(program.parent).with_suffix("").parts
        if parts[-1] != "__main__":  # runs the command line
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    for source in sources:
        named = named_imports(ast.parse(source.read_bytes(), str(source)))
        names += sorted(name for name in named if name.split(".")[0] != "__future__")
    return list(dict.fromkeys(names))


# Run in a fresh interpreter, so that sys.modules holds what the bot loads and not this script's own
# imports: the modules named in its argument (a JSON list), then the Action's warm-up (the SPDX license index of
# license-expression, the REST fallback's PyGithub) and a parse of each kind of README; prints the file
# of every module loaded.
IMPORT_EVERYTHING = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
from bot.criteria.license_terms import licensing
from bot.criteria.readers.readme_outline import parse_readme
from bot.github import load_pygithub
from docutils.parsers.rst.languages import en
licensing()
load_pygithub()
# The README parsers import the rest of what they use while parsing: a Markdown README, and a reST one
# naming every directive and role (docutils imports a directive's module when it meets its name).
parse_readme("# Title\\n\\nText, [a link](https://example.org), `code`.\\n\\n```python\\nx = 1\\n```\\n")
rst = ["Title", "=====", "", "Text with https://example.org.", ""]
for directive in en.directives:
    rst += [f".. {directive}:: x", "   :class: y", "", "   content", ""]
rst += [" ".join(f":{role}:`x`" for role in en.roles), ""]
parse_readme("\\n".join(rst), "README.rst")
print(json.dumps(sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)})))
"""


def start_importing(program: Path) -> subprocess.Popen[str]:
    """A fresh interpreter that imports what a run of the program loads, and prints their files."""
    return subprocess.Popen(
        [sys.executable, "-c", IMPORT_EVERYTHING, json.dumps(modules_to_import(program))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def imported_sources(importer: subprocess.Popen[str]) -> list[Path]:
    """The source file of every module a run of the program loads at start; a failed import raises."""
    output, errors = importer.communicate()
    if importer.returncode != 0:
        raise subprocess.CalledProcessError(importer.returncode, importer.args, output, errors)
    files = json.loads(output)
    # Absolute, symbolic links kept: the byte-code goes where the importer looks for it, next to the
    # name it imported (Debian's _sysconfigdata__x86_64-linux-gnu.py is a link to another file).
    return sorted({Path(os.path.abspath(file)) for file in files if file.endswith(".py")})


def compile_to(source: Path, target: Path, mode: py_compile.PycInvalidationMode = MODE) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    py_compile.compile(
        str(source), cfile=str(target), dfile=str(source), doraise=True, invalidation_mode=mode
    )
    return target.stat().st_size


class Job(NamedTuple):
    source: Path
    target: Path
    mode: py_compile.PycInvalidationMode


def compile_job(job: Job) -> int:
    return compile_to(job.source, job.target, job.mode)


def plan(
    sources: list[Path], library_roots: list[Path], stdlib: Path, out: Path
) -> tuple[list[Job], list[Job]]:
    """What to compile of the imported SOURCES: the libraries' modules in place, unchecked (they ship
    with their sources); the standard library's the base has no byte-code for, into OUT, checked."""
    in_libraries: list[Job] = []
    in_stdlib: list[Job] = []
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        if any(source.is_relative_to(root) for root in library_roots):
            in_libraries.append(Job(source, cached, MODE))
        elif source.is_relative_to(stdlib) and "site-packages" not in source.parts and not cached.exists():
            in_stdlib.append(Job(source, out / cached.relative_to("/"), STDLIB_MODE))
    return in_libraries, in_stdlib


def main() -> int:
    out, program, *libraries = (Path(argument) for argument in sys.argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    # The importing interpreter runs while this one compiles the bot; then the imported modules are
    # compiled on every core.
    importer = start_importing(program.resolve())
    if not compileall.compile_dir(program, quiet=1, invalidation_mode=MODE, workers=1):
        return 1
    try:
        sources = imported_sources(importer)
    except subprocess.CalledProcessError as error:
        print(f"compile-bytecode: importing the bot failed:\n{error.stderr}", file=sys.stderr)
        return 1
    stdlib = Path(os.path.abspath(sysconfig.get_paths()["stdlib"]))
    in_libraries, in_stdlib = plan(
        sources, [Path(os.path.abspath(library)) for library in libraries], stdlib, out
    )
    with ProcessPoolExecutor() as pool:
        library_bytes = sum(pool.map(compile_job, in_libraries))
        stdlib_bytes = sum(pool.map(compile_job, in_stdlib))
    print(
        f"compile-bytecode: {program} compiled; of {', '.join(map(str, libraries))}, the {len(in_libraries)}"
        f" modules imported ({library_bytes / 1e6:.1f} MB); {len(in_stdlib)} standard library modules into"
        f" {out} ({stdlib_bytes / 1e6:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
