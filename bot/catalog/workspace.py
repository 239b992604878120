"""Catalog files from a local checkout, as the `validate` command sees them.

Without a base ref every given file is "added" and the rest of the catalog on disk is the
context (so duplicates are still found). With a base ref (inside a git checkout) the changes
are what `git diff REF` reports for the given paths plus untracked files among them, and the
context is the catalog at REF — the same shape a pull request has.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalog.change import FileChange


class WorkspaceError(Exception):
    """The checkout cannot be read as asked (not a git repository, unknown ref, missing path)."""


@dataclass
class Workspace:
    root: Path
    changes: list[FileChange] = field(default_factory=list)
    context: dict[str, bytes] = field(default_factory=dict)
    head_paths: list[str] = field(default_factory=list)


def git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise WorkspaceError(f"git could not run: {error}") from None
    if done.returncode != 0:
        raise WorkspaceError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def git_root(start: Path) -> Path | None:
    try:
        return Path(git(start, "rev-parse", "--show-toplevel").decode().strip())
    except WorkspaceError:
        return None


def catalog_root(start: Path, config: str) -> Path:
    """The nearest folder from `start` up to the git top level that holds the catalog's config;
    else the git top level; else `start`."""
    top = git_root(start)
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / config).is_file():
            return folder
        if top is not None and folder == top.resolve():
            return folder
    return top or here


def relative(root: Path, given: str) -> str:
    path = Path(given).resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise WorkspaceError(f"{given} is outside the repository at {root}") from None


def files_on_disk(root: Path) -> list[str]:
    """Every file under root, relative, skipping .git and hidden tool folders' contents."""
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", ".venv", "node_modules", "__pycache__")]
        base = Path(folder).relative_to(root)
        found.extend((base / n).as_posix() for n in names)
    return found


def expand(root: Path, given: Sequence[str], owns: Callable[[str], bool]) -> list[str]:
    """Given files and folders → repository paths of the files to validate."""
    everything: list[str] | None = None
    paths: list[str] = []
    for item in given:
        if not Path(item).exists():
            raise WorkspaceError(f"{item}: no such file or folder")
        rel = relative(root, item)
        if Path(item).is_dir():
            everything = everything if everything is not None else files_on_disk(root)
            prefix = "" if rel == "." else rel + "/"
            paths.extend(p for p in everything if p.startswith(prefix) and owns(p))
        else:
            paths.append(rel)
    return sorted(dict.fromkeys(paths))


def from_disk(root: Path, paths: Sequence[str], owns: Callable[[str], bool], logos_dir: str) -> Workspace:
    """Every given file is new; the other catalog files on disk are the context."""
    workspace = Workspace(root)
    chosen = set(paths)
    on_disk = files_on_disk(root)
    for path in paths:
        workspace.changes.append(FileChange(path, "added", (root / path).read_bytes(), None))
    for path in on_disk:
        if path not in chosen and owns(path):
            workspace.context[path] = (root / path).read_bytes()
    workspace.head_paths = [p for p in on_disk if p.startswith(logos_dir + "/")]
    return workspace


def from_git(
    root: Path, base: str, paths: Sequence[str], owns: Callable[[str], bool], logos_dir: str
) -> Workspace:
    """The changes between `base` and the working tree, limited to `paths`."""
    git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    workspace = Workspace(root)
    prefix = git(root, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()
    spec = ["--", *paths] if paths else []
    diff = git(root, "diff", "--relative", "--name-status", "-z", "-M", "--no-ext-diff", base, *spec)
    fields = [f.decode("utf-8", "surrogateescape") for f in diff.split(b"\0") if f]
    index = 0
    while index < len(fields):
        status = fields[index]
        if status[0] in "RC":
            old, new = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old = new = fields[index + 1]
            index += 2
        kind = {"A": "added", "D": "removed", "R": "renamed", "C": "added"}.get(status[0], "modified")
        head = (root / new).read_bytes() if kind != "removed" and (root / new).is_file() else None
        base_bytes = None if kind == "added" else show(root, base, prefix + old)
        previous = old if kind == "renamed" else None
        workspace.changes.append(FileChange(new, kind, head, base_bytes, previous))
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z", *spec).split(b"\0")
    for name in (u.decode("utf-8", "surrogateescape") for u in untracked if u):
        workspace.changes.append(FileChange(name, "added", (root / name).read_bytes(), None))
    listed = git(root, "ls-tree", "-r", "-z", "--name-only", base).split(b"\0")
    catalog = [n.decode("utf-8", "surrogateescape") for n in listed if n]
    workspace.context = cat_files(root, base, prefix, [p for p in catalog if owns(p)])
    workspace.head_paths = [p for p in files_on_disk(root) if p.startswith(logos_dir + "/")]
    return workspace


def show(root: Path, ref: str, path: str) -> bytes | None:
    try:
        return git(root, "show", f"{ref}:{path}")
    except WorkspaceError:
        return None


def cat_files(root: Path, ref: str, prefix: str, paths: Sequence[str]) -> dict[str, bytes]:
    """Contents of many files at a ref with one `git cat-file --batch` (`prefix`: root's folder).

    The batch protocol is one request per line: a file named with a line break would split its
    request in two and shift every answer after it onto the wrong file. Such names (rare, and only
    in a hostile or broken catalog) are read one by one with `git show` instead."""
    awkward = [p for p in paths if "\n" in p or "\r" in p or "\n" in prefix]
    found_awkward = {p: data for p in awkward if (data := show(root, ref, prefix + p)) is not None}
    skipped = set(awkward)
    paths = [p for p in paths if p not in skipped]
    if not paths:
        return found_awkward
    request = "".join(f"{ref}:{prefix}{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input=request,
            capture_output=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise WorkspaceError(f"git cat-file failed: {error}") from None
    out, position, found = done.stdout, 0, {}
    for path in paths:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        found[path] = out[position : position + size]
        position += size + 1
    return {**found, **found_awkward}
