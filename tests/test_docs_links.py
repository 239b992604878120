"""Every internal link in the README, CONTRIBUTING.md and docs/ resolves: the file exists and, when the
link names an anchor, the target has that heading (GitHub's slugs) or an explicit `<a id>`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
EXPLICIT_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")
PARSER = MarkdownIt("commonmark").enable("table")


def github_slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces → '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    tokens = PARSER.parse(text)
    found: set[str] = set(EXPLICIT_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        plain = "".join(
            child.content for child in inline.children or [] if child.type in ("text", "code_inline")
        )
        slug = github_slug(plain)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(page: Path) -> list[str]:
    hrefs = []
    for token in PARSER.parse(page.read_text("utf-8")):
        for child in token.children or []:
            if child.type == "link_open":
                hrefs.append(str(child.attrs.get("href", "")))
    return hrefs


def internal(href: str) -> bool:
    return bool(href) and not re.match(r"^[a-z][a-z0-9+.-]*:", href)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_internal_link_resolves(page: Path) -> None:
    broken = []
    for href in filter(internal, links(page)):
        path_part, _, anchor = href.partition("#")
        target = (page.parent / unquote(path_part)).resolve() if path_part else page
        if not target.exists():
            broken.append(f"{href}: no such file")
        elif anchor and target.suffix == ".md" and anchor not in anchors(target):
            broken.append(f"{href}: no heading or anchor #{anchor} in {target.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_checker_sees_a_broken_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title `code`\n\n## Same\n\n## Same\n\n[ok](#title-code) [dup](#same-1) [bad](#nope)\n")
    assert {"title-code", "same", "same-1"} <= anchors(page)
    assert [h.partition("#")[2] for h in links(page)] == ["title-code", "same-1", "nope"]
    assert "nope" not in anchors(page)


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 250
    for page in (ROOT / "docs").glob("*.md"):
        assert f"docs/{page.name}" in readme, f"the README's index does not list docs/{page.name}"
