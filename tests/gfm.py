"""What GitHub would make of a comment: rendered with markdown-it-py (CommonMark + GFM tables and
strikethrough), then the rendered text nodes searched as GitHub does after rendering (character
references already decoded): @mentions, #references, GH-references, www./scheme/e-mail autolinks.

`problems(markdown, hosts)` lists everything active that untrusted text could have produced: a
mention, an issue reference, an autolink, a link or image outside `hosts`, raw HTML other than the
few tags the bot writes itself, a table row whose cells do not match its header, an invisible
character. Stricter than GitHub where in doubt (e.g. `#1` anywhere counts as a reference).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# The HTML the bot writes on purpose (and the hidden marker and state comments).
OWN_HTML = re.compile(
    r"^(</?(sub|details|summary)>|<br>|<summary>All [0-9]+ checks \([a-z0-9, ]+\)</summary>"
    r"|<!-- ecosystem-bot:[a-z]+( \{[^\n]*\})? -->\s*)+$"
)

ACTIVE_TEXT = {
    "mention": re.compile(r"(?<![A-Za-z0-9_`])@[A-Za-z0-9]"),
    "issue reference": re.compile(r"#[0-9]|(?i:\bgh-[0-9])"),
    "www autolink": re.compile(r"(?i)\bwww\."),
    "url autolink": re.compile(r"(?i)[a-z][a-z0-9+.-]*://"),
    "e-mail autolink": re.compile(r"[A-Za-z0-9._+-]@[A-Za-z0-9_-]"),
}
VISIBLE_FORMAT = {"\u200b"}  # the bot's own breaker


def problems(markdown: str, hosts: Collection[str]) -> list[str]:
    found: list[str] = []
    tokens = RENDERER.parse(markdown)
    for token in tokens:
        if token.type == "html_block" and not OWN_HTML.match(token.content.strip()):
            found.append(f"raw HTML block: {token.content[:80]!r}")
        if token.type == "inline" and token.children:
            found += _inline_problems(token.children, hosts)
    found += _table_problems(markdown, tokens)
    for char in set(markdown) - VISIBLE_FORMAT:
        if char not in "\n" and (
            unicodedata.category(char) in ("Cf", "Cc", "Cs") or 0xE0000 <= ord(char) <= 0xE007F
        ):
            found.append(f"invisible character U+{ord(char):04X}")
    return found


def _inline_problems(children: list[Token], hosts: Collection[str]) -> list[str]:
    found: list[str] = []
    text = ""
    for child in children:
        if child.type == "text":
            text += child.content
            continue
        found += _text_problems(text)
        text = ""
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            host = (urlsplit(href).hostname or "").lower()
            if host not in hosts:
                found.append(f"link to {href!r}")
        elif child.type == "image":
            found.append(f"image {child.attrGet('src')!r}")
        elif child.type == "html_inline" and not OWN_HTML.match(child.content):
            found.append(f"raw HTML {child.content!r}")
    return found + _text_problems(text)


def _text_problems(text: str) -> list[str]:
    return [f"{kind} in {text[:120]!r}" for kind, pattern in ACTIVE_TEXT.items() if pattern.search(text)]


def _table_problems(markdown: str, tokens: list[Token]) -> list[str]:
    """Every line that starts with `|` is a row of a table, with as many cells as its header."""
    lines = markdown.split("\n")
    in_table: set[int] = set()
    found: list[str] = []
    for token in tokens:
        if token.type != "table_open" or token.map is None:
            continue
        start, end = token.map
        in_table.update(range(start, end))
        width = _cells(lines[start])
        for number in range(start, end):
            if number != start + 1 and _cells(lines[number]) != width:
                found.append(
                    f"table row with {_cells(lines[number])} cells, header has {width}: {lines[number][:80]!r}"
                )
    for number, line in enumerate(lines):
        if line.startswith("|") and number not in in_table:
            found.append(f"line {number + 1} starts with | outside a table: {line[:80]!r}")
    return found


def _cells(line: str) -> int:
    """GFM: cells are split on every `|` that is not backslash-escaped, code spans included."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return len(re.split(r"(?<!\\)\|", inner))
