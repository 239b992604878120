"""Which files of a repository matter to the checks, whatever the source (GitHub or a checkout).

Community files are looked for where GitHub looks: the root, `.github/` and `docs/`.
"""

from __future__ import annotations

import re

COMMUNITY_DIRS = ("", ".github/", "docs/")

# kind → file-name pattern (case-insensitive, any extension)
COMMUNITY_KINDS: dict[str, re.Pattern[str]] = {
    "README": re.compile(r"^readme(\.[a-z0-9]+)?$", re.IGNORECASE),
    "LICENSE": re.compile(r"^(licen[cs]e|copying)([-._][a-z0-9._-]+)?$", re.IGNORECASE),
    "CONTRIBUTING": re.compile(r"^contributing(\.[a-z0-9]+)?$", re.IGNORECASE),
    "CODE_OF_CONDUCT": re.compile(r"^code[-_]of[-_]conduct(\.[a-z0-9]+)?$", re.IGNORECASE),
    "CODEOWNERS": re.compile(r"^codeowners$", re.IGNORECASE),
    "GOVERNANCE": re.compile(r"^governance(\.[a-z0-9]+)?$", re.IGNORECASE),
    "SECURITY": re.compile(r"^security(\.[a-z0-9]+)?$", re.IGNORECASE),
}

# Files whose text goes into `facts.files` (root only).
PACKAGE_FILES = ("pyproject.toml", "setup.cfg", "setup.py")
CONDA_RECIPES = (
    "meta.yaml",
    "recipe.yaml",
    "conda/meta.yaml",
    "conda/recipe/meta.yaml",
    "conda.recipe/meta.yaml",
    "recipe/meta.yaml",
    "recipe/recipe.yaml",
)
MAX_TEXT_BYTES = 512 * 1024
# Configuration files of CI systems other than GitHub Actions that are read for their commands.
CI_CONFIG_FILES = (
    ".travis.yml",
    ".circleci/config.yml",
    "azure-pipelines.yml",
    ".gitlab-ci.yml",
    "Jenkinsfile",
    ".buildkite/pipeline.yml",
    "appveyor.yml",
    ".appveyor.yml",
    "bitbucket-pipelines.yml",
    ".drone.yml",
    ".cirrus.yml",
)
# Dependency declarations read from the root, `requirements/`, and each sub-package's folder.
_REQUIREMENTS = re.compile(r"^[^/]*requirements[^/]*\.(txt|in)$", re.IGNORECASE)
_REQUIREMENTS_DIR = re.compile(r"^requirements/[^/]+\.(txt|in)$", re.IGNORECASE)
_ENVIRONMENT = re.compile(r"^environment[^/]*\.ya?ml$", re.IGNORECASE)
# Local actions' metadata, read to follow `uses: ./.github/actions/x` steps.
_LOCAL_ACTION = re.compile(r"^\.github/(.+/)?action\.ya?ml$")
MAX_SUBPACKAGE_FILES = 40
NOT_PACKAGE_FOLDERS = frozenset(
    {"docs", "doc", "examples", "example", "tests", "test", "testing", "benchmarks", "benchmark", "tutorials",
     "notebooks"}
)  # fmt: skip
MAX_LOCAL_ACTIONS = 40

_WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")


def community_files(paths: list[str]) -> dict[str, str]:
    """kind → path of the first README/CONTRIBUTING/… found in root, `.github/` or `docs/`."""
    found: dict[str, str] = {}
    for directory in COMMUNITY_DIRS:
        names = sorted(
            p[len(directory) :] for p in paths if p.startswith(directory) and "/" not in p[len(directory) :]
        )
        for kind, pattern in COMMUNITY_KINDS.items():
            if kind in found:
                continue
            match = next((name for name in names if pattern.match(name)), None)
            if match is not None:
                found[kind] = directory + match
    return found


def license_files(root_names: list[str]) -> list[str]:
    """License-like files in the repository root, LICENSE first."""
    pattern = COMMUNITY_KINDS["LICENSE"]
    names = [n for n in root_names if pattern.match(n)]
    return sorted(names, key=lambda n: (not n.upper().startswith("LICENSE"), len(n), n))


def is_workflow(path: str) -> bool:
    return bool(_WORKFLOW.match(path))


def subpackage_folders(paths: list[str]) -> list[str]:
    """Folders of sub-packages: any first-level folder (`python/`, `torch_foo/`) or `packages/<x>/`
    folder that holds a setup.py or pyproject.toml — not docs, examples, tests or benchmarks, whose
    packaging says what they need, not what the project is built on."""
    folders = set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name in ("setup.py", "pyproject.toml") and (
            folder.count("/") == 0 or (folder.count("/") == 1 and folder.startswith("packages/"))
        ):
            folders.add(folder)
    folders.discard("")
    return sorted(folder for folder in folders if folder.lower() not in NOT_PACKAGE_FOLDERS)


def dependency_files(paths: list[str]) -> list[str]:
    """Requirements files and conda environments of the root and `requirements/`, and the packaging
    files of sub-packages (setup.py, pyproject.toml, setup.cfg, requirements files)."""
    wanted = [p for p in paths if "/" not in p and (_REQUIREMENTS.match(p) or _ENVIRONMENT.match(p))]
    wanted += [p for p in paths if _REQUIREMENTS_DIR.match(p)]
    folders = set(subpackage_folders(paths))
    nested = [
        p
        for p in paths
        if p.rpartition("/")[0] in folders
        and (p.rpartition("/")[2] in PACKAGE_FILES or _REQUIREMENTS.match(p.rpartition("/")[2]))
    ]
    return wanted + nested[:MAX_SUBPACKAGE_FILES]


def ci_files(paths: list[str]) -> list[str]:
    """Other CI systems' configuration files and local actions' metadata (`.github/**/action.yml`)."""
    present = set(paths)
    actions = [p for p in paths if _LOCAL_ACTION.match(p) and not is_workflow(p)]
    return [p for p in CI_CONFIG_FILES if p in present] + actions[:MAX_LOCAL_ACTIONS]


def text_files_wanted(paths: list[str]) -> list[str]:
    """Root README and license files, package metadata, conda recipes: the texts checks read."""
    root = [p for p in paths if "/" not in p]
    wanted = [p for p in root if COMMUNITY_KINDS["README"].match(p)][:1]
    wanted += license_files(root)
    wanted += [p for p in PACKAGE_FILES + CONDA_RECIPES if p in set(paths)]
    wanted += [p for p in dependency_files(paths) + ci_files(paths) if p not in wanted]
    return wanted
