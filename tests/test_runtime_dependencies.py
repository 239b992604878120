"""Every third-party module the shipped code imports is declared in requirements.in.

The image installs exactly requirements.lock (made from requirements.txt, which pins requirements.in,
less the distributions of requirements.not-in-image, which the bot must work without);
the dev venv has more (pytest, setuptools' `packaging`, graphql-core for the simulator), so an
undeclared import passes every in-process test and fails only in the Action."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import sysconfig
from importlib.metadata import packages_distributions
from pathlib import Path, PurePosixPath
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
# Not in the image (.dockerignore): the simulator and the demos built on it.
NOT_SHIPPED = ("bot/simulator/", "bot/commands/demo.py")


# What the Action's warm-up loads besides the shipped modules (bot.commands.run): the SPDX license
# index and PyGithub, with the github package it imports.
WARM_UP = (
    "from bot.criteria.license_terms import licensing\n"
    "from bot.github import load_pygithub\n"
    "licensing()\n"
    "load_pygithub()\n"
    "import github\n"
)


def run_script(script: str) -> subprocess.CompletedProcess[str]:
    """A Python script in a fresh interpreter, from the project root."""
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def shipped_modules() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(NOT_SHIPPED)
    ]


def shipped_module_names() -> list[str]:
    """The dotted names of the image's modules of the bot, but `bot.__main__` (it runs the command line)."""
    return [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in shipped_modules()
        if path.name != "__main__.py"
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
    shipped = shipped_module_names()
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
        f"{WARM_UP}"
        "print('\\n'.join(failed))\n"
    )
    result = run_script(script)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr[-2000:]


def test_every_distribution_the_image_omits_is_pinned():
    pinned = {
        normalise(line.split("==")[0])
        for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()
        if "==" in line
    }
    assert not_in_image() - pinned == set()
    assert not_in_image() & declared() == set(), "a distribution the bot imports directly is left out"


def load_ci_script(name: str) -> ModuleType:
    """A script of .ci/ as a module (its file name has dashes)."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), ROOT / ".ci" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_prune_rules_cover_folders_keep_exceptions_and_let_the_last_match_win():
    prune = load_ci_script("prune-site-packages")
    rules = prune.read_rules(
        "# comment\npkg/writers/*\n!pkg/writers/null.py\n!pkg/parsers\npkg/parsers/include  # data\nother\n"
    )
    files = [
        PurePosixPath(path)
        for path in (
            "pkg/__init__.py",
            "pkg/writers/__init__.py",
            "pkg/writers/null.py",
            "pkg/writers/latex/__init__.py",
            "pkg/writers/latex/template.tex",
            "pkg/parsers/rst.py",
            "pkg/parsers/include/isonum.txt",
        )
    ]
    removed, unused = prune.pruned_files(files, rules)
    assert [str(path) for path in removed] == [
        "pkg/parsers/include/isonum.txt",
        "pkg/writers/__init__.py",
        "pkg/writers/latex/__init__.py",
        "pkg/writers/latex/template.tex",
    ]
    assert [rule.pattern for rule in unused] == ["other"]  # the build fails on a rule that matches nothing


def pruned_from_the_dev_venv() -> tuple[set[str], set[str]]:
    """The module names and file paths site-packages.not-in-image removes, as found in this venv
    (it installs the same pins as the image)."""
    prune = load_ci_script("prune-site-packages")
    site_packages = Path(sysconfig.get_paths()["purelib"])
    files = [
        PurePosixPath(path.relative_to(site_packages).as_posix())
        for path in site_packages.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    removed, unused = prune.pruned_files(
        files, prune.read_rules((ROOT / "site-packages.not-in-image").read_text())
    )
    assert not unused, f"rules that match nothing installed: {unused}"
    modules = set()
    for path in removed:
        if path.suffix in (".py", ".so"):
            parts = [*path.parent.parts, path.name.split(".")[0]]
            modules.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules, {str(site_packages / path) for path in removed}


# A reST text that names every directive and role docutils knows (in English, the bot's language),
# each with an argument and content, so that docutils imports whatever module each one needs.
RST_WITH_EVERY_DIRECTIVE = """
from docutils.parsers.rst.languages import en
text = ["Title", "=====", "", "Text with $x$ and https://example.org.", ""]
for directive in en.directives:
    text += [f".. {directive}:: x", "   :class: y", "", "   content", ""]
text += [".. include:: <isonum.txt>", "", ".. math::", "", "   x^2", "", ".. code:: python", "", "   x = 1", ""]
text += [" ".join(f":{role}:`x`" for role in en.roles), ""]
RST_TEXT = "\\n".join(text)
"""


def test_the_bot_never_asks_for_what_the_image_prunes_from_its_dependencies():
    """With the modules site-packages.not-in-image removes made unimportable, and every attempt to
    import one of them or to open one of its files recorded, every shipped module imports, the
    warm-up runs, PyGithub loads, the config schema validates and docutils parses a reST text with
    every directive and role: nothing is asked for (a caught ImportError would change behaviour)."""
    modules, files = pruned_from_the_dev_venv()
    assert {"spdx_tools.spdx3", "docutils.writers.latex2e", "docutils.languages.de", "cffi"} <= modules
    shipped = shipped_module_names()
    script = (
        "import importlib, importlib.abc, json, os, sys\n"
        f"blocked_modules, blocked_files = {sorted(modules)!r}, {sorted(files)!r}\n"
        "blocked_modules, blocked_files, asked = set(blocked_modules), set(blocked_files), []\n"
        "class Pruned(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in blocked_modules:\n"
        "            asked.append(f'import {name}')\n"
        "            raise ModuleNotFoundError(f'pruned: {name}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Pruned())\n"
        "def opened(event, arguments):\n"
        "    if event == 'open' and isinstance(arguments[0], str) and os.path.realpath(arguments[0]) in blocked_files:\n"
        "        asked.append(f'open {arguments[0]}')\n"
        "sys.addaudithook(opened)\n"
        f"for module in {shipped!r}:\n"
        "    importlib.import_module(module)\n"
        f"{WARM_UP}"
        "from bot.schemas import load_schema\n"
        "import jsonschema\n"
        "list(jsonschema.Draft202012Validator(load_schema('config')).iter_errors({}))\n"
        f"{RST_WITH_EVERY_DIRECTIVE}"
        "from bot.criteria import readme_rst\n"
        "outline = readme_rst.parse(RST_TEXT)\n"
        "assert outline.headings, outline\n"
        "print(json.dumps(asked))\n"
    )
    result = run_script(script)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == []


def test_the_image_compiles_what_lazy_imports_name_but_not_type_checking_imports(tmp_path: Path):
    compiler = load_ci_script("compile-bytecode")
    program = tmp_path / "app"
    (program / "facts").mkdir(parents=True)  # a namespace folder: no __init__.py
    (program / "__init__.py").write_text("")
    (program / "__main__.py").write_text("import runpy\n")
    (program / "facts" / "text.py").write_text("def match():\n    import askalono\n")
    assert compiler.modules_to_import(program) == ["app", "app.facts.text", "runpy", "askalono"]
    source = (
        "from __future__ import annotations\n"
        "import json, email.utils as mail\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from decimal import Decimal\n"
        "def check():\n"
        "    from packaging.specifiers import SpecifierSet\n"
        "    from . import sibling\n"
    )
    assert compiler.named_imports(ast.parse(source)) == {
        "__future__",
        "json",
        "email.utils",
        "typing",
        "packaging.specifiers",
    }


def _import_answer(folder: Path) -> str:
    """What `answer.value` is when a fresh interpreter imports it from FOLDER, writing no byte-code."""
    result = subprocess.run(
        [sys.executable, "-c", "import answer; print(answer.value)"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_standard_library_byte_code_is_not_trusted_once_its_source_changed(tmp_path: Path):
    """The runtime installs its own Python: byte-code compiled in the build stage must not outlive a
    change of the source it was made from (a Debian update between the two stages)."""
    compiler = load_ci_script("compile-bytecode")
    source = tmp_path / "answer.py"
    source.write_text("value = 'build stage'\n")
    cached = Path(importlib.util.cache_from_source(str(source)))
    compiler.compile_job(compiler.Job(source, cached, compiler.STDLIB_MODE))
    source.write_text("value = 'runtime'\n")
    assert _import_answer(tmp_path) == "runtime"
    # The bot's and the venv's byte-code travels with its sources and is trusted unchecked: with that
    # mode the stale code would run, which is why the standard library's is not compiled so.
    source.write_text("value = 'build stage'\n")
    compiler.compile_job(compiler.Job(source, cached, compiler.MODE))
    source.write_text("value = 'runtime'\n")
    assert _import_answer(tmp_path) == "build stage"


def test_the_build_compiles_the_libraries_in_place_and_the_standard_library_checked_into_out(tmp_path: Path):
    compiler = load_ci_script("compile-bytecode")
    venv, stdlib, out = tmp_path / "venv" / "lib", tmp_path / "stdlib", tmp_path / "out"
    library_module = venv / "python3.11" / "site-packages" / "pkg" / "mod.py"
    stdlib_module = stdlib / "json" / "decoder.py"
    precompiled = stdlib / "ssl.py"  # a base that ships this one's byte-code
    installed_in_stdlib = stdlib / "site-packages" / "other.py"  # never the standard library's
    for source in (library_module, stdlib_module, precompiled, installed_in_stdlib):
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("x = 1\n")
    Path(importlib.util.cache_from_source(str(precompiled))).parent.mkdir()
    Path(importlib.util.cache_from_source(str(precompiled))).write_bytes(b"")
    sources = [library_module, stdlib_module, precompiled, installed_in_stdlib, tmp_path / "elsewhere.py"]
    in_libraries, in_stdlib = compiler.plan(sources, [venv], stdlib, out)
    assert in_libraries == [
        compiler.Job(
            library_module, Path(importlib.util.cache_from_source(str(library_module))), compiler.MODE
        )
    ]
    target = out / Path(importlib.util.cache_from_source(str(stdlib_module))).relative_to("/")
    assert in_stdlib == [compiler.Job(stdlib_module, target, compiler.STDLIB_MODE)]
    compiler.compile_job(in_stdlib[0])
    # A .pyc's flags word (bytes 4-8): bit 0 hash-based, bit 1 check the source.
    assert int.from_bytes(target.read_bytes()[4:8], "little") == 0b11
