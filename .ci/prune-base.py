"""Remove from the image's root what its base ships that no run of the bot can use (run by the Dockerfile).

Found by rule from the interpreter's own configuration (sysconfig, importlib.metadata), so the same
script serves python:3.11-slim-bookworm (/usr/local/lib/python3.11) and a Debian python3
(/usr/lib/python3.11) alike:
- the base interpreter's packaging tools (pip, setuptools, wheel: every file their metadata lists):
  the image installs nothing at run time, and the bot's venv has its own (none);
- ensurepip and the wheels it installs from (its `_bundled` folder, or the folder the build names as
  WHEEL_PKG_DIR, as Debian does): only `python -m venv` uses them, and the venv is made at build time;
- standard library packages only a person at a terminal or a build uses: idlelib, tkinter, turtle and
  turtledemo (GUI; the Tk library is not even there), lib2to3 (the 2to3 converter), pydoc_data (the
  interactive help's topics), distutils (building extensions; pip and setuptools are its users),
  test (CPython's own tests);
- the C headers and the build configuration folder (LIBPL: Makefile, libpython for embedding): they
  serve compiling extensions.
tests/test_runtime_dependencies.py shows the bot imports every module and runs its warm-up with
these modules blocked. Dry run with --list.

Usage: python prune-base.py [--list]   (run by the venv's or the base's python: paths are the base's)
"""

from __future__ import annotations

import importlib.metadata
import shutil
import site
import sys
import sysconfig
from pathlib import Path

PACKAGING_TOOLS = ("pip", "setuptools", "wheel")
# Top-level standard library modules and packages (a name, or a name with .py).
UNREACHABLE_STDLIB = (
    "idlelib",
    "tkinter",
    "turtle",
    "turtledemo",
    "lib2to3",
    "pydoc_data",
    "distutils",
    "test",
)
UNREACHABLE_MODULES = (*PACKAGING_TOOLS, "_distutils_hack", "pkg_resources", "ensurepip", *UNREACHABLE_STDLIB)


def base_site_packages() -> list[Path]:
    return [Path(path) for path in site.getsitepackages([sys.base_prefix]) if Path(path).is_dir()]


def packaging_tool_files() -> list[Path]:
    """Every file pip, setuptools and wheel installed for the base interpreter, their scripts included."""
    found: list[Path] = []
    for distribution in importlib.metadata.distributions(path=[str(path) for path in base_site_packages()]):
        name = (distribution.metadata["Name"] or "").lower()
        if name in PACKAGING_TOOLS and distribution.files:
            found.extend(Path(str(distribution.locate_file(file))).resolve() for file in distribution.files)
    return found


def wheel_folders() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    folders = [stdlib / "ensurepip" / "_bundled"]
    configured = sysconfig.get_config_var("WHEEL_PKG_DIR")
    if configured:
        folders.append(Path(configured))
    return folders


def unreachable_paths() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    paths = [stdlib / "ensurepip"]
    for name in UNREACHABLE_STDLIB:
        paths += [stdlib / name, stdlib / f"{name}.py"]
    paths += [Path(sysconfig.get_paths()["include"]), Path(str(sysconfig.get_config_var("LIBPL")))]
    paths += [path for folder in wheel_folders() for path in folder.glob("*.whl")]
    paths += packaging_tool_files()
    present = {path for path in paths if path.exists() or path.is_symlink()}
    return sorted(path for path in present if not any(parent in present for parent in path.parents))


def size(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(child.lstat().st_size for child in path.rglob("*"))


def main() -> int:
    paths = unreachable_paths()
    total = sum(size(path) for path in paths)
    if "--list" in sys.argv[1:]:
        for path in paths:
            print(f"{size(path) / 1e3:10.1f} kB {path}")
    else:
        for path in paths:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
        for folder in sorted({path.parent for path in paths}, reverse=True):  # left empty by the removal
            while folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    print(
        f"prune-base: {len(paths)} paths, {total / 1e6:.1f} MB {'found' if '--list' in sys.argv else 'removed'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
