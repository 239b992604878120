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


def text_files_wanted(paths: list[str]) -> list[str]:
    """Root README and license files, package metadata, conda recipes: the texts checks read."""
    root = [p for p in paths if "/" not in p]
    wanted = [p for p in root if COMMUNITY_KINDS["README"].match(p)][:1]
    wanted += license_files(root)
    wanted += [p for p in PACKAGE_FILES + CONDA_RECIPES if p in set(paths)]
    return wanted
