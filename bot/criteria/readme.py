"""A README as an outline: headings, paragraphs, code blocks and links, read from a real parser.

Markdown is parsed by markdown-it-py (CommonMark with GFM tables), reStructuredText by docutils
(`readme_markdown.py`, `readme_rst.py`). HTML blocks and comments, images and badges, and link
definitions are never prose. The outline only finds evidence (an introduction, install commands,
a usage example); whether the text is any good is for a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A README is read up to this many characters: enough for any real one, bounded for a hostile one.
MAX_README_CHARS = 100_000
RST_SUFFIXES = (".rst", ".rest", ".txt")

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
INSTALL_COMMAND = re.compile(
    r"\b(pip3?\s+install|python\s+-m\s+pip\s+install|uv\s+pip\s+install|uv\s+add|"
    r"conda\s+install|mamba\s+install|micromamba\s+install|poetry\s+add|pdm\s+add|pixi\s+add)\b"
)
INSTALL_HEADING = re.compile(r"\binstall", re.IGNORECASE)
USAGE_HEADING = re.compile(
    r"\b(usage|quick[\s-]?(start|tour|inference|example)|examples?\b|get(ting)?[\s-]+started|"
    r"tutorials?|how[\s-]+to[\s-]+use|demo|first[\s-]+steps)",
    re.IGNORECASE,
)
INTRO_HEADING = re.compile(
    r"\b(introduction|about|overview|what is|why|description|motivation)", re.IGNORECASE
)
RELEASE_WORDS = re.compile(r"\b(releases?|releasing|versioning|changelog|change log|semver)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    language: str  # the fence's info string (first word, lower case) or the directive's language; "" if none
    text: str
    line: int  # the line before its first line of code (a Markdown fence, a blank line in reST)
    section: int  # index of the heading it sits under; -1 before the first heading


@dataclass(frozen=True)
class Paragraph:
    """Prose: a paragraph, list item, quote or table cell, without images, HTML or link targets."""

    text: str  # soft line breaks kept as "\n"
    line: int
    section: int
    in_table: bool = False
    links_only: bool = False  # nothing but links and separators: a navigation bar, not prose


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int
    section: int
    image_only: bool = False  # a badge: the link shows only an image


@dataclass
class OutlineBuilder:
    """The outline while a parser reads the README top to bottom."""

    headings: list[Heading] = field(default_factory=list)
    html_headings: list[Heading] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def section(self) -> int:
        """Index of the current (last) heading; -1 before the first one."""
        return len(self.headings) - 1

    def build(self, truncated: bool = False) -> Outline:
        return Outline(
            tuple(self.headings),
            tuple(self.html_headings),
            tuple(self.code_blocks),
            tuple(self.paragraphs),
            tuple(self.links),
            truncated,
        )


@dataclass(frozen=True)
class Outline:
    """A parsed README, read-only: one outline is shared by every check that reads the README."""

    headings: tuple[Heading, ...] = ()
    html_headings: tuple[Heading, ...] = ()  # <h1>…<h6> inside HTML blocks: they open no section
    code_blocks: tuple[CodeBlock, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    links: tuple[Link, ...] = ()
    truncated: bool = False  # the README was longer than MAX_README_CHARS; only its start was read

    def intro_paragraphs(self) -> list[Paragraph]:
        """Prose before the second heading, plus any About/Overview/Introduction section; no tables."""
        found = []
        for paragraph in self.paragraphs:
            if paragraph.in_table or paragraph.links_only:
                continue
            heading = self.headings[paragraph.section] if paragraph.section >= 0 else None
            if paragraph.section <= 0 or (heading is not None and INTRO_HEADING.search(heading.text)):
                found.append(paragraph)
        return found

    def intro_words(self) -> list[str]:
        return [word for paragraph in self.intro_paragraphs() for word in WORD.findall(paragraph.text)]

    def intro_excerpt(self, limit: int = 200) -> str:
        prose = (p for p in self.intro_paragraphs() if p.section <= 0)
        text = " ".join(" ".join(p.text.split()) for p in prose)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

    def headings_matching(self, pattern: re.Pattern[str]) -> list[Heading]:
        found = [heading for heading in [*self.headings, *self.html_headings] if pattern.search(heading.text)]
        return sorted(found, key=lambda heading: heading.line)

    def lines_matching(self, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        """(line number, line) in prose and code blocks alike."""
        found: list[tuple[int, str]] = []
        for paragraph in self.paragraphs:
            for offset, text in enumerate(paragraph.text.splitlines()):
                if pattern.search(text):
                    found.append((paragraph.line + offset, text.strip()))
        for block in self.code_blocks:
            for offset, text in enumerate(block.text.splitlines(), start=1):
                if pattern.search(text):
                    found.append((block.line + offset, text.strip()))
        return sorted(found)

    def section_of(self, heading: Heading) -> int | None:
        """The index of a Markdown/reST heading in `headings` (None for an HTML heading)."""
        return next((index for index, known in enumerate(self.headings) if known is heading), None)

    def in_section(self, index: int) -> tuple[list[Paragraph], list[CodeBlock], list[Link]]:
        """Prose, code and links under heading `index` and its sub-headings."""
        level = self.headings[index].level
        end = next(
            (later for later in range(index + 1, len(self.headings)) if self.headings[later].level <= level),
            len(self.headings),
        )
        inside = range(index, end)
        return (
            [p for p in self.paragraphs if p.section in inside],
            [b for b in self.code_blocks if b.section in inside],
            [link for link in self.links if link.section in inside],
        )


class ReadmeParseError(Exception):
    """The parser gave up on the README (the message says why)."""


def is_restructuredtext(path: str) -> bool:
    return path.lower().endswith(RST_SUFFIXES)


def bounded(text: str) -> tuple[str, bool]:
    """The README's first MAX_README_CHARS characters, cut at a line end; and whether it was cut."""
    if len(text) <= MAX_README_CHARS:
        return text, False
    cut = text.rfind("\n", 0, MAX_README_CHARS)
    return text[: cut if cut > 0 else MAX_README_CHARS], True
