"""Markdown README → Outline, from markdown-it-py's token stream (CommonMark + GFM tables).

HTML blocks and inline HTML are never prose; their `<a href>` links and `<h1>`…`<h6>` headings
are kept. Link reference definitions are consumed by the parser; images (badges) are skipped.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from bot.criteria.readme import WORD, CodeBlock, Heading, Link, Outline, OutlineBuilder, Paragraph

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


_PARSER_LOCK = threading.Lock()


def parser() -> MarkdownIt:
    """markdown-it-py, imported when first needed (about 20 ms): not when the check modules load, which
    the Action's first facts request waits for. The Action's warm-up builds it once that request is
    out; the lock keeps a review that gets there first from importing it at the same time."""
    with _PARSER_LOCK:
        return _new_parser()


@functools.cache
def _new_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


_HTML_LINK_OPEN = re.compile(r"""^<a\s[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"^</a\s*>$", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"^<img\b", re.IGNORECASE)
MYST_CODE_DIRECTIVES = ("{code-block}", "{code}", "{sourcecode}", "{code-cell}")
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class HtmlLinks(HTMLParser):
    """`<a href>` links (with their text) and `<h1>`…`<h6>` texts of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, int, bool]] = []  # url, text, line in fragment, image only
        self.headings: list[tuple[int, str, int]] = []  # level, text, line in fragment
        self._link: tuple[str, int] | None = None
        self._link_text: list[str] = []
        self._link_image = False
        self._heading: tuple[int, int] | None = None
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            self._link = (href, self.getpos()[0]) if href else None
            self._link_text, self._link_image = [], False
        elif tag == "img" and self._link is not None:
            self._link_image = True
        elif tag in _HTML_HEADINGS:
            self._heading, self._heading_text = (_HTML_HEADINGS[tag], self.getpos()[0]), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            text = " ".join("".join(self._link_text).split())
            self.links.append((self._link[0], text, self._link[1], self._link_image and not text))
            self._link = None
        elif tag in _HTML_HEADINGS and self._heading is not None:
            text = " ".join("".join(self._heading_text).split())
            if text:
                self.headings.append((self._heading[0], text, self._heading[1]))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link_text.append(data)
        if self._heading is not None:
            self._heading_text.append(data)


def parse(text: str) -> Outline:
    result = OutlineBuilder()
    tokens = parser().parse(text)
    in_table = False
    heading_level: int | None = None
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            in_table = False
        elif token.type == "inline":
            prose, links_only = inline_text(token.children or [], result, line)
            if heading_level is not None:
                result.headings.append(Heading(heading_level, " ".join(prose.split()), line))
                heading_level = None
            elif prose.strip():
                result.paragraphs.append(Paragraph(prose.strip(), line, result.section, in_table, links_only))
        elif token.type in ("fence", "code_block"):
            language = fence_language(token.info)
            result.code_blocks.append(CodeBlock(language, token.content, line, result.section))
        elif token.type == "html_block":
            read_html(token.content, line, result)
    return result.build()


def fence_language(info: str) -> str:
    """```python title="x.py"`` → python; MyST's ```{code-block} python`` → python."""
    words = info.lower().replace("{", " {").split()
    if words and words[0] in MYST_CODE_DIRECTIVES:
        words = words[1:]
    return words[0].strip("{}.") if words else ""


def inline_text(children: list[Token], result: OutlineBuilder, line: int) -> tuple[str, bool]:
    """The prose of an inline token (links keep their text; images and HTML dropped), and whether it
    is only links and separators. Its links are recorded in `result`."""
    parts: list[str] = []
    outside_links: list[str] = []
    linked = False
    link: tuple[str, int, int] | None = None  # url, where its text starts in parts, line
    image_in_link = False
    offset = 0
    for child in children:
        if child.type == "text" or child.type == "code_inline":
            parts.append(child.content)
            if link is None:
                outside_links.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
            offset += 1
        elif child.type == "link_open":
            link, image_in_link = (str(child.attrs.get("href") or ""), len(parts), line + offset), False
        elif child.type == "image" or (child.type == "html_inline" and _HTML_IMAGE.match(child.content)):
            image_in_link = link is not None
        elif child.type == "html_inline" and (opening := _HTML_LINK_OPEN.match(child.content)):
            link, image_in_link = (html.unescape(opening.group(1)), len(parts), line + offset), False
        elif (
            child.type == "link_close"
            or (child.type == "html_inline" and _HTML_LINK_CLOSE.match(child.content.strip()))
        ) and link is not None:
            label = " ".join("".join(parts[link[1] :]).split())
            result.links.append(Link(link[0], label, link[2], result.section, image_in_link and not label))
            link, linked = None, True
    return "".join(parts), linked and not WORD.search("".join(outside_links))


def read_html(fragment: str, line: int, result: OutlineBuilder) -> None:
    """Links and headings of an HTML block (its text is not prose)."""
    reader = HtmlLinks()
    try:
        reader.feed(fragment)
        reader.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    for url, text, at, image_only in reader.links:
        result.links.append(Link(url, text, line + at - 1, result.section, image_only))
    for level, text, at in reader.headings:
        result.html_headings.append(Heading(level, text, line + at - 1))
