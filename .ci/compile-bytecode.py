"""Compile the image's Python byte-code at build time, reproducibly (run by the Dockerfile).

The image runs with PYTHONDONTWRITEBYTECODE=1 (its file system is never written to), so whatever is
not compiled here is compiled again on every run. Compiled, with `unchecked-hash` invalidation
(no source timestamps in the .pyc, so the same sources give the same bytes):
- every module of the virtual environment and of the bot, in place;
- the standard library modules the bot imports (the base image may ship none of its .pyc files), into
  OUT (a copy of their paths under it), which the Dockerfile copies over the runtime stage's root.

Usage: python compile-bytecode.py OUT DIR... (DIRs compiled in place; the bot must be importable)
"""

from __future__ import annotations

import compileall
import importlib
import importlib.util
import pkgutil
import py_compile
import sys
import sysconfig
from pathlib import Path

MODE = py_compile.PycInvalidationMode.UNCHECKED_HASH


def import_everything() -> None:
    """Import every module of the bot, and what its threads import later, so sys.modules lists the
    standard library modules a run can need."""
    import bot

    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if module.name != "bot.__main__":  # runs the command line
            importlib.import_module(module.name)
    from bot.criteria.license_terms import licensing
    from bot.github import load_pygithub

    licensing()  # the SPDX license index (license-expression), loaded by the Action's warm-up
    load_pygithub()  # the REST fallback's PyGithub


def stdlib_sources() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    found = []
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source or not source.endswith(".py"):
            continue
        path = Path(source).resolve()
        if path.is_relative_to(stdlib) and "site-packages" not in path.parts:
            found.append(path)
    return sorted(set(found))


def main() -> int:
    out, *trees = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    for tree in trees:
        if not compileall.compile_dir(tree, quiet=1, invalidation_mode=MODE, workers=1):
            return 1
    import_everything()
    written = 0
    for source in stdlib_sources():
        cached = Path(importlib.util.cache_from_source(str(source)))
        if cached.exists():  # the base image has it already
            continue
        target = Path(out) / cached.relative_to("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        py_compile.compile(str(source), cfile=str(target), dfile=str(source), doraise=True, invalidation_mode=MODE)
        written += 1
    print(f"compile-bytecode: {', '.join(trees)} compiled; {written} standard library modules into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
