"""A README as an outline: headings, code blocks and prose, for Markdown and reStructuredText.

Heuristics only: they find evidence (an introduction, install commands, a usage example);
whether the text is any good is for a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^\s{0,3}(```+|~~~+)\s*([\w+.-]*)")
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_HEADING = re.compile(r"^\s*<h([1-6])[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE)
SETEXT_OR_RST_UNDERLINE = re.compile(r"^\s{0,3}([=\-~^\"'`#*+:.])\1{2,}\s*$")
RST_CODE = re.compile(r"^\.\. (code-block|code|sourcecode|ipython)::\s*(\w*)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
RST_DIRECTIVE = re.compile(r"^\s*\.\. ")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")

INSTALL_COMMAND = re.compile(
    r"\b(pip3?\s+install|python\s+-m\s+pip\s+install|uv\s+pip\s+install|uv\s+add|"
    r"conda\s+install|mamba\s+install|micromamba\s+install|poetry\s+add|pdm\s+add|pixi\s+add)\b"
)
INSTALL_HEADING = re.compile(r"\binstall", re.IGNORECASE)
USAGE_HEADING = re.compile(
    r"\b(usage|quick[\s-]?start|example|getting[\s-]started|tutorial|how to use|demo)", re.IGNORECASE
)
INTRO_HEADING = re.compile(
    r"\b(introduction|about|overview|what is|why|description|motivation)", re.IGNORECASE
)
RELEASE_WORDS = re.compile(r"\b(releases?|releasing|versioning|changelog|change log|semver)\b", re.IGNORECASE)
PYTHON_LANGUAGES = frozenset({"", "python", "py", "python3", "pycon", "ipython", "ipython3", "pytb"})
PYTHON_CODE = re.compile(r"^\s*(>>> |import \w|from [\w.]+ import )", re.MULTILINE)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str
    line: int

    @property
    def is_python_usage(self) -> bool:
        """Python code that imports or calls something (not just a shell command)."""
        return self.language.lower() in PYTHON_LANGUAGES and bool(PYTHON_CODE.search(self.text))


@dataclass(frozen=True)
class ProseLine:
    text: str
    line: int
    section: int  # index of the heading it sits under; -1 before the first heading


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    prose: list[ProseLine] = field(default_factory=list)

    def intro_words(self) -> list[str]:
        """Words of the introduction: prose before the second heading, plus any About/Overview section."""
        words: list[str] = []
        for line in self.prose:
            heading = self.headings[line.section] if line.section >= 0 else None
            if line.section <= 0 or (heading is not None and INTRO_HEADING.search(heading.text)):
                words.extend(WORD.findall(line.text))
        return words

    def intro_excerpt(self, limit: int = 200) -> str:
        text = " ".join(" ".join(p.text.split()) for p in self.prose if p.section <= 0)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

    def headings_matching(self, pattern: re.Pattern[str]) -> list[Heading]:
        return [heading for heading in self.headings if pattern.search(heading.text)]

    def lines_matching(self, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        """(line number, line) in prose and code blocks alike."""
        found = [(p.line, p.text) for p in self.prose if pattern.search(p.text)]
        for block in self.code_blocks:
            for offset, text in enumerate(block.text.splitlines(), start=1):
                if pattern.search(text):
                    found.append((block.line + offset, text.strip()))
        return sorted(found)


def clean_prose(line: str) -> str:
    """Drop images, badges and HTML tags; keep link texts."""
    return HTML_TAG.sub(" ", LINK.sub(r"\1", IMAGE.sub(" ", line))).strip()


def outline(text: str) -> Outline:
    """Parse a README (Markdown or reStructuredText) into headings, code blocks and prose."""
    result = Outline()
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        index = read_element(lines, index, result)
    return result


def read_element(lines: list[str], index: int, result: Outline) -> int:
    """Read the element that starts at `index` into `result`; return the next index."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    fence = FENCE.match(line)
    if fence:
        return read_fenced(lines, index, fence.group(1), fence.group(2), result)
    rst_code = RST_CODE.match(line.strip())
    if rst_code or (line.rstrip().endswith("::") and not line.strip().startswith("..")):
        language = rst_code.group(2) if rst_code else "python"
        return read_indented(lines, index, language, result)
    heading = ATX_HEADING.match(line) or HTML_HEADING.match(line)
    if heading:
        level = len(heading.group(1)) if heading.group(1).startswith("#") else int(heading.group(1))
        result.headings.append(Heading(level, clean_prose(heading.group(2)), index + 1))
        return index + 1
    if (
        SETEXT_OR_RST_UNDERLINE.match(line)
        and following.strip()
        and SETEXT_OR_RST_UNDERLINE.match(lines[index + 2] if index + 2 < len(lines) else "")
    ):
        result.headings.append(Heading(1, clean_prose(following), index + 2))  # rst over- and underline
        return index + 3
    if line.strip() and SETEXT_OR_RST_UNDERLINE.match(following) and not RST_DIRECTIVE.match(line):
        level = 1 if following.strip()[0] in "=#*" else 2
        result.headings.append(Heading(level, clean_prose(line), index + 1))
        return index + 2
    prose = clean_prose(line)
    if prose and not RST_DIRECTIVE.match(line):
        result.prose.append(ProseLine(prose, index + 1, len(result.headings) - 1))
    return index + 1


def read_fenced(lines: list[str], index: int, marker: str, language: str, result: Outline) -> int:
    end = index + 1
    while end < len(lines) and not lines[end].strip().startswith(marker):
        end += 1
    result.code_blocks.append(CodeBlock(language, "\n".join(lines[index + 1 : end]), index + 1))
    return end + 1


def read_indented(lines: list[str], index: int, language: str, result: Outline) -> int:
    end = index + 1
    body: list[str] = []
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t"))):
        body.append(lines[end])
        end += 1
    if any(part.strip() for part in body):
        result.code_blocks.append(CodeBlock(language, "\n".join(body), index + 1))
    return end
