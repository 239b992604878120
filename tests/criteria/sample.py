"""Facts built by hand for check tests: a base with nothing known, and a runner."""

from __future__ import annotations

from typing import Any

from bot.criteria.model import Result
from bot.criteria.registry import all_checks
from bot.facts.model import FileText, RepoFacts

NOW = "2026-11-26T12:00:00Z"
SHA = "5db0ddc0000000000000000000000000000000ab"
REPO = "skorch-dev/skorch"


def facts(**changes: Any) -> RepoFacts:
    """Facts of a readable repository where nothing beyond the identity is known."""
    base = RepoFacts(
        repository=REPO, url=f"https://github.com/{REPO}", now=NOW, head_sha=SHA, default_branch="main"
    )
    for key, value in changes.items():
        if not hasattr(base, key):
            raise AttributeError(key)
        setattr(base, key, value)
    return base


def files(**texts: str) -> dict[str, FileText]:
    """`files(README_md="…")` → {"README.md": FileText(...)}; `__` stands for `/`, `_` before the suffix for `.`."""
    result = {}
    for key, text in texts.items():
        path = key.replace("__", "/")
        stem, _, suffix = path.rpartition("_")
        path = f"{stem}.{suffix}" if stem else path
        result[path] = FileText(path, text)
    return result


def run(check_id: str, repo: RepoFacts, **params: Any) -> Result:
    check = all_checks()[check_id]
    return check.evaluate(repo, {**check.defaults, **params})


def blob(path: str, line: int | None = None) -> str:
    return f"https://github.com/{REPO}/blob/{SHA}/{path}" + (f"#L{line}" if line else "")
