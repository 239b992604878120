"""Where a project declares or installs PyTorch: packaging files, requirements, PyPI, workflows.

Packaging files are read in the root and in sub-packages (the files `bot.facts.repo_files` reads:
`python/`, `packages/<x>/`, any first-level folder with a setup.py or pyproject.toml). pyproject.toml
and setup.cfg are parsed, so only their dependency lists count (not, say, an isort setting naming
torch); a setup.py that imports torch needs PyTorch to build.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.facts.bounded import UnreadableFile, read_toml
from bot.facts.model import RepoFacts
from bot.facts.repo_files import CI_CONFIG_FILES

# `torch` as a requirement: not torchvision, not pytorch-lightning, not a path.
TORCH = re.compile(r"(?<![\w.\-/])torch(?![\w\-/.])")
PYTORCH_CONDA = re.compile(r"(?<![\w.\-/])pytorch(?![\w\-/.])")
DECLARATION_FILE = re.compile(
    r"^((.*/)?(pyproject\.toml|setup\.cfg|setup\.py|environment[^/]*\.ya?ml|[^/]*requirements[^/]*\.(txt|in))|"
    r"requirements/[^/]+\.(txt|in)|(conda[-_]?)?recipe/meta\.ya?ml|meta\.yaml)$"
)
IMPORT_LINE = re.compile(r"^\s*(import|from)\s")
IMPORTS_TORCH = re.compile(r"^\s*(import\s+torch\b|from\s+torch(\.[\w.]+)?\s+import\b)")
TORCH_REQUIREMENT = re.compile(r"^\s*torch\s*(\[[^\]]*\])?\s*([<>=!~;@]|$)")
SETUP_CFG_REQUIREMENTS = (("options", "install_requires"), ("options", "setup_requires"))
# CI that tests against chosen PyTorch versions: `torch-version: [2.4, 2.5]`, `pytorch_version: …`.
TORCH_VERSION_KEY = re.compile(r"(?<![\w-])(py)?torch[-_]version\s*:\s*\S")
LOCAL_ACTION = re.compile(r"^\.github/actions/.+/action\.ya?ml$")


@dataclass(frozen=True)
class TorchMention:
    source: str  # a readable name of where it was found
    line: str
    path: str | None = None  # a repository path, for a link at the reviewed commit
    line_number: int | None = None
    url: str | None = None
    how: str = "declared"  # "declared", "installed in CI", "needed to build"


def file_mentions(path: str, text: str, conda_names: bool) -> list[TorchMention]:
    found: list[TorchMention] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or IMPORT_LINE.match(line):
            continue
        if TORCH.search(line) or (conda_names and PYTORCH_CONDA.search(line)):
            found.append(TorchMention(path, line[:120], path, number))
    return found


def setup_py_mentions(path: str, text: str) -> list[TorchMention] | None:
    """Torch requirement strings in setup.py (`"torch>=2.1"` anywhere in its literals, so lists
    built before `setup(install_requires=…)` count); None when it is not valid Python."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    lines = text.splitlines()
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and TORCH_REQUIREMENT.match(node.value)
        ):
            line = lines[node.lineno - 1].strip() if 0 < node.lineno <= len(lines) else node.value
            found.append(TorchMention(path, line[:120], path, node.lineno))
    return sorted(found, key=lambda mention: mention.line_number or 0)


def setup_py_imports(path: str, text: str) -> list[TorchMention]:
    """A setup.py that imports torch (e.g. for `torch.utils.cpp_extension`) builds against PyTorch."""
    for number, line in enumerate(text.splitlines(), start=1):
        if IMPORTS_TORCH.match(line):
            return [TorchMention(path, line.strip()[:120], path, number, how="needed to build")]
    return []


def setup_cfg_mentions(path: str, text: str) -> list[TorchMention] | None:
    """Torch among setup.cfg's `install_requires`, `setup_requires` or `extras_require`; None when
    the file cannot be parsed."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    values = [parser.get(section, key, fallback="") for section, key in SETUP_CFG_REQUIREMENTS]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    found = []
    for requirement in (line.strip() for value in values for line in value.splitlines()):
        if requirement and TORCH.match(requirement):
            number = next((n for n, line in enumerate(text.splitlines(), 1) if requirement in line), None)
            found.append(TorchMention(path, requirement, path, number))
    return found


def declared_in(path: str, text: str) -> list[TorchMention]:
    """Torch declared (or imported to build) in one packaging or requirements file."""
    name = path.rpartition("/")[2]
    declared = None
    if name == "pyproject.toml":
        declared = pyproject_mentions(path, text)
    elif name == "setup.cfg":
        declared = setup_cfg_mentions(path, text)
    elif name == "setup.py":
        declared = setup_py_mentions(path, text)
    if declared is None:
        declared = file_mentions(path, text, conda_names=path.endswith((".yml", ".yaml")))
    if name == "setup.py":
        declared += setup_py_imports(path, text)
    return declared


def ci_mentions(path: str, text: str) -> list[TorchMention]:
    """Lines of CI configuration that install torch or choose the PyTorch versions to test."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        installs = "install" in line and (TORCH.search(line) or PYTORCH_CONDA.search(line))
        if installs or TORCH_VERSION_KEY.search(line):
            found.append(TorchMention(path, line[:120], path, number, how="installed in CI"))
    return found


def requirement_strings(document: dict[str, Any]) -> Iterator[str]:
    """Requirement strings of pyproject.toml: PEP 621 dependencies, optional ones, dependency groups,
    and Poetry's dependency tables (as `name version`)."""
    project = document.get("project") or {}
    yield from (str(item) for item in project.get("dependencies") or [])
    for group in (project.get("optional-dependencies") or {}).values():
        yield from (str(item) for item in group or [])
    for group in (document.get("dependency-groups") or {}).values():
        yield from (str(item) for item in group or [] if isinstance(item, str))
    poetry = (document.get("tool") or {}).get("poetry") or {}
    tables = [
        poetry.get("dependencies") or {},
        *((g or {}).get("dependencies") or {} for g in (poetry.get("group") or {}).values()),
    ]
    for table in tables:
        yield from (f"{name} {spec}" for name, spec in table.items() if isinstance(table, dict))


def pyproject_mentions(path: str, text: str) -> list[TorchMention] | None:
    """Torch among pyproject.toml's declared dependencies; None when the file is not valid TOML."""
    try:
        document = read_toml(text, path)
    except UnreadableFile:
        return None
    found = []
    for requirement in requirement_strings(document):
        if TORCH.match(requirement.strip()) or requirement.strip().lower().startswith("torch "):
            number = next(
                (n for n, line in enumerate(text.splitlines(), 1) if requirement.split()[0] in line), None
            )
            found.append(TorchMention(path, requirement, path, number))
    return found


def reading_order(path: str) -> tuple[int, int, str]:
    """Root before sub-folders; packaging files, then `requirements.txt`, then other requirements
    and environments: the first mention found is the one a summary names."""
    name = path.rpartition("/")[2]
    rank = (
        0 if name in ("pyproject.toml", "setup.py", "setup.cfg") else 1 if name == "requirements.txt" else 2
    )
    return path.count("/"), rank, path


def torch_mentions(facts: RepoFacts) -> tuple[list[TorchMention], list[str]]:
    """Mentions of torch as a requirement, and the names of the sources that were read."""
    mentions: list[TorchMention] = []
    read: list[str] = []
    for path, file in sorted(facts.files.items(), key=lambda item: reading_order(item[0])):
        if file.text is not None and DECLARATION_FILE.match(path):
            read.append(path)
            mentions += declared_in(path, file.text)
    if facts.pypi is not None and facts.pypi.requires_torch is not None:
        read.append(f"PyPI {facts.pypi.name}")
        if facts.pypi.requires_torch:
            mentions.append(
                TorchMention(f"PyPI {facts.pypi.name}", "requires_dist includes torch", url=facts.pypi.url)
            )
    ci_texts = dict(facts.workflows or {})
    ci_texts |= {
        path: f.text
        for path, f in facts.files.items()
        if f.text is not None and (LOCAL_ACTION.match(path) or path in CI_CONFIG_FILES)
    }
    for path, text in sorted(ci_texts.items()):
        read.append(path)
        mentions += ci_mentions(path, text)
    return mentions, read
