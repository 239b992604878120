"""Where catalog entries live by default, known without importing the catalog formats.

The Action asks for the entry files in the same GraphQL request that reads the pull request and
the config (`bot.pull_request`), before it knows the config: it asks for every format's default
layout, at the head and base commits the event names. A config that declares other paths gets
them in a second request, as before (see `bot.review.read_catalog_changes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.pull_request import BlobRequest

FORMATS = ("entry-files", "landscape", "front-matter")
DEFAULT_PATHS: dict[str, tuple[str, ...]] = {
    "entry-files": ("catalog/*.yml", "catalog/*.yaml", "catalog/*.json"),
    "landscape": ("landscape.yml",),
    "front-matter": ("_ecosystem/*.md",),
}
DEFAULT_LOGOS_DIR = "hosted_logos"


def is_literal(pattern: str) -> bool:
    """A path, not a glob: read as one file, not as its folder's listing."""
    return "*" not in pattern and "?" not in pattern


def directory_of(pattern: str) -> str:
    """The folder to list for a glob: `catalog/*.yml` → `catalog`, `landscape.yml` → `` (the root)."""
    static = pattern.split("*", 1)[0].split("?", 1)[0]
    return static.rsplit("/", 1)[0] if "/" in static else ""


def layout_reads(paths: tuple[str, ...], logos_dir: str | None, head: str, base: str) -> list[BlobRequest]:
    """What a review of a layout may read: each file at head and base, each folder's listing with its
    texts at head and base, and (landscape) the logo folder's names at the head."""
    from bot.pull_request import BlobRequest

    wanted: list[BlobRequest] = []
    for pattern in paths:
        for ref in (head, base):
            if is_literal(pattern):
                wanted.append(BlobRequest(ref, pattern))
            else:
                wanted.append(BlobRequest(ref, directory_of(pattern), tree=True))
    if logos_dir:
        wanted.append(BlobRequest(head, logos_dir, tree=True, texts=False))
    return list(dict.fromkeys(wanted))


def default_layout_reads(head: str | None, base: str | None) -> list[BlobRequest]:
    """Every format's default layout at the event's commits; nothing when the event does not name both."""
    if not head or not base:
        return []
    wanted: list[BlobRequest] = []
    for format, paths in DEFAULT_PATHS.items():
        wanted += layout_reads(paths, DEFAULT_LOGOS_DIR if format == "landscape" else None, head, base)
    return list(dict.fromkeys(wanted))
