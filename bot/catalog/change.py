"""What the pipeline hands a catalog format: the files a PR touches, and what else it needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal


@dataclass(frozen=True)
class FileChange:
    """One file the PR touches."""

    path: str
    status: str  # "added" | "modified" | "removed" | "renamed"
    head: bytes | None  # content at the PR head (None when removed or unreadable)
    base: bytes | None  # content at the base (None when added)
    previous_path: str | None = None


@dataclass(frozen=True)
class ContextRequest:
    """Files a format needs besides the changed ones.

    `ref="base"` with `contents=True`: the bytes of every file matching `pattern` at the base
    go into the `context` mapping (path → bytes) given to `entries`.
    `ref="head"` with `contents=False`: only the paths matching `pattern` at the head go into
    `head_paths` (the landscape's logo check).
    """

    pattern: str
    ref: Literal["base", "head"]
    contents: bool


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out += "(?:.*/)?"
            index += 3
        elif pattern.startswith("**", index):
            out += ".*"
            index += 2
        elif pattern[index] == "*":
            out += "[^/]*"
            index += 1
        elif pattern[index] == "?":
            out += "[^/]"
            index += 1
        else:
            out += re.escape(pattern[index])
            index += 1
    return re.compile(out + r"\Z")


def matches(path: str, patterns: Iterable[str]) -> bool:
    """Whether a repository path matches one of the globs (`*` stays in one folder, `**` crosses)."""
    clean = path.removeprefix("./")
    return any(_glob_regex(p.removeprefix("./")).match(clean) for p in patterns)
