"""A generated catalog of N entries and the simulator world behind it, with known trouble.

Entry i links `org{i % 7}/project-{i}`. Every entry's fate is chosen by `fates` (index → fate):
healthy, renamed, archived, deleted, relicensed, ci-red, inactive, yanked, pypi-removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CONFIG = """policy: pytorch-tac-v1
catalog:
  format: entry-files
  paths: ["catalog/*.yml"]
  allowed_hosts: [github.com]
links: {check: false}
"""
NOW = "2026-06-01T12:00:00Z"  # the CLI tests run with --now 2026-06-01
FATES = (
    "healthy",
    "renamed",
    "archived",
    "deleted",
    "relicensed",
    "ci-red",
    "inactive",
    "yanked",
    "pypi-removed",
)


def slug(index: int) -> str:
    return f"org{index % 7}/project-{index}"


def default_fates(count: int) -> dict[int, str]:
    """Mostly healthy; every 10th entry (from 3) in turn renamed, archived, deleted, relicensed, …"""
    fates = {i: "healthy" for i in range(count)}
    trouble = FATES[1:]
    for n, index in enumerate(range(3, count, 10)):
        fates[index] = trouble[n % len(trouble)]
    return fates


def write_catalog(root: Path, count: int) -> Path:
    (root / ".github").mkdir(parents=True, exist_ok=True)
    (root / ".github" / "ecosystem-bot.yml").write_text(CONFIG, encoding="utf-8")
    folder = root / "catalog"
    folder.mkdir(exist_ok=True)
    for index in range(count):
        (folder / f"project-{index:04d}.yml").write_text(
            f"name: Project {index}\n"
            f"repository: https://github.com/{slug(index)}\n"
            "description: A library that does one useful thing with PyTorch models.\n"
            "category: modeling\n"
            "license: MIT\n"
            f"install: {{pip: project-{index}}}\n",
            encoding="utf-8",
        )
    return root


def repository(index: int, fate: str) -> dict[str, Any] | None:
    if fate == "deleted":
        return None
    repo: dict[str, Any] = {
        "name": slug(index),
        "license": "GPL-3.0" if fate == "relicensed" else "MIT",
        "stars": 300,
        "archived": fate == "archived",
        "ci": "failure" if fate == "ci-red" else "success",
        "commits": [
            {
                "message": "Work",
                "date": "now-400d" if fate == "inactive" else "now-5d",
                "author": "dev",
                "files": {"README.md": f"# Project {index}\n", "LICENSE": "MIT License\n"},
            }
        ],
        "releases": [] if fate == "inactive" else [{"tag": "v1.0", "published_at": "now-20d"}],
    }
    if fate == "renamed":
        repo["name"] = f"neworg/project-{index}"
        repo["renamed_from"] = [slug(index)]
    return repo


def pypi_project(index: int, fate: str) -> dict[str, Any] | None:
    if fate == "pypi-removed":
        return None
    upload = "2026-05-01T00:00:00.000000Z" if fate != "inactive" else "2025-01-01T00:00:00.000000Z"
    return {
        "info": {"name": f"project-{index}", "version": "1.0"},
        "urls": [
            {
                "packagetype": "bdist_wheel",
                "upload_time_iso_8601": upload,
                "yanked": fate == "yanked",
                "filename": f"project_{index}-1.0-py3-none-any.whl",
            }
        ],
    }


def world(
    fates: dict[int, str], graphql_limit: int = 5000, now: str = NOW, catalog: str = "acme/catalog"
) -> dict[str, Any]:
    repos = [r for i, f in sorted(fates.items()) if (r := repository(i, f)) is not None]
    catalog_repo = {"name": catalog, "permissions": {"maintainer": "maintain"}}
    pypi = {f"project-{i}": p for i, f in sorted(fates.items()) if (p := pypi_project(i, f)) is not None}
    return {
        "now": now,
        "tokens": {
            "bot-token": {"login": "github-actions[bot]", "graphql_limit": graphql_limit},
            "next-hour-token": {"login": "github-actions[bot]", "graphql_limit": graphql_limit},
            "maintainer-token": "maintainer",
        },
        "users": [{"login": "dev", "name": "Dev"}],
        "repositories": [catalog_repo, *repos],
        "pypi": pypi,
    }
