"""Every third-party module the shipped code imports is declared in requirements.in.

The image installs exactly requirements.lock (made from requirements.txt, which pins requirements.in,
less the distributions of requirements.not-in-image, which the bot must work without);
the dev venv has more (pytest, setuptools' `packaging`, graphql-core for the simulator), so an
undeclared import passes every in-process test and fails only in the Action."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not in the image (.dockerignore): the simulator and the demos built on it.
NOT_SHIPPED = ("bot/simulator/", "bot/commands/demo.py")


def shipped_modules() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(NOT_SHIPPED)
    ]


def imported_top_levels(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    lines = (ROOT / "requirements.in").read_text("utf-8").splitlines()
    return {
        normalise(re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0]) for line in lines if line.strip()
    }


def test_every_third_party_import_of_the_shipped_code_is_declared():
    distributions = packages_distributions()
    wanted = declared()
    missing = []
    for path in shipped_modules():
        for module in sorted(
            imported_top_levels(path) - set(sys.stdlib_module_names) - {"bot", "__future__"}
        ):
            owners = {normalise(d) for d in distributions.get(module, [module])}
            if not owners & wanted:
                missing.append(f"{path.relative_to(ROOT)} imports {module} ({', '.join(sorted(owners))})")
    assert not missing, "not in requirements.in: " + "; ".join(missing)


def test_the_guard_sees_an_undeclared_import(tmp_path: Path):
    module = tmp_path / "m.py"
    module.write_text("import json\nfrom packaging.version import Version\nfrom bot import DOCS_URL\n")
    assert imported_top_levels(module) - set(sys.stdlib_module_names) - {"bot"} == {"packaging"}


def not_in_image() -> set[str]:
    """The pinned distributions the image leaves out (requirements.not-in-image)."""
    lines = (ROOT / "requirements.not-in-image").read_text("utf-8").splitlines()
    return {normalise(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()}


def test_the_shipped_code_imports_and_runs_its_warm_up_without_the_distributions_the_image_omits():
    """Every shipped module, PyGithub and the SPDX license index load with the omitted distributions'
    modules made unimportable, as in the image; a module that needs one fails here, naming it."""
    omitted = not_in_image()
    blocked = sorted(
        module
        for module, owners in packages_distributions().items()
        if {normalise(owner) for owner in owners} & omitted
    )
    assert "cryptography" in blocked and "rdflib" in blocked  # the block reaches installed modules
    shipped = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in shipped_modules()
        if path.name != "__main__.py"
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {blocked!r}:\n"
        "    sys.modules[name] = None\n"
        "failed = []\n"
        f"for module in {shipped!r}:\n"
        "    try:\n"
        "        importlib.import_module(module)\n"
        "    except ImportError as error:\n"
        "        failed.append(f'{module}: {error}')\n"
        "from bot.criteria.license_terms import licensing\n"
        "from bot.github import load_pygithub\n"
        "licensing()\n"
        "load_pygithub()\n"
        "import github\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr[-2000:]


def test_every_distribution_the_image_omits_is_pinned():
    pinned = {
        normalise(line.split("==")[0])
        for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()
        if "==" in line
    }
    assert not_in_image() - pinned == set()
    assert not_in_image() & declared() == set(), "a distribution the bot imports directly is left out"
