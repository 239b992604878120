"""The README's outline, parsed once per README text and shared by every check that reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from bot.criteria import layout, readme_markdown
from bot.criteria.model import Result
from bot.criteria.readme import Outline, ReadmeParseError, bounded, is_restructuredtext
from bot.criteria.results import unknown
from bot.facts.model import RepoFacts

NO_README_FIX = "Add a README.md that says what the project does, how to install it and how to use it."


@dataclass(frozen=True)
class ReadmeOutline:
    path: str
    outline: Outline


def parse_readme(text: str, path: str = "README.md") -> Outline:
    """Parse a README: reStructuredText for `.rst`/`.rest`/`.txt`, Markdown otherwise.

    Raises ReadmeParseError when the parser fails on the text."""
    return _parse(text, is_restructuredtext(path))


@lru_cache(maxsize=16)
def _parse(text: str, restructured: bool) -> Outline:
    head, truncated = bounded(text.replace("\r\n", "\n"))
    if restructured:
        from bot.criteria import readme_rst  # docutils: only for a reST README

        return replace(readme_rst.parse(head), truncated=truncated)
    parsed = readme_markdown.parse(head)
    return replace(parsed, truncated=truncated)


def read_readme_outline(facts: RepoFacts) -> ReadmeOutline | Result:
    """The README and its outline, or the result to give when there is none or it cannot be read."""
    file = layout.readme(facts)
    if file is not None and file.text is not None:
        try:
            return ReadmeOutline(file.path, parse_readme(file.text, file.path))
        except ReadmeParseError as error:
            return unknown(f"{file.path} could not be read: {error}")
    if file is not None:
        return unknown(f"{file.path} could not be read as text")
    if layout.readme_known_missing(facts):
        return Result("fail", "no README in the repository root", fix=NO_README_FIX)
    return unknown("the README could not be read")
