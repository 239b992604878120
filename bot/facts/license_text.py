"""Match a license file's text to an SPDX id with a confidence score (askalono, via `pyaskalono`).

A checkout has no GitHub detection, so the text itself is matched. A score below
`MIN_SCORE` means "needs human review", never a guess: on real files askalono scores plain
texts 1.0, an MIT text with an extra preamble line 0.94, and an Apache text with
non-commercial additions 0.61. A short non-commercial clause appended to a long permissive
text can still score high, so a permissive match whose text speaks of "non-commercial"
use is also sent to a human.

The Apache-2.0 text ends its terms with "END OF TERMS AND CONDITIONS" and an optional appendix
(how to apply the license). Without the appendix askalono prefers a modified Apache text (Pixar);
such a text is matched again with the standard appendix restored, and is Apache-2.0 when that
matches. Two files in the MIT/Apache dual-license convention (`LICENSE-MIT` and `LICENSE-APACHE`,
or a README saying "MIT or Apache-2.0") are `MIT OR Apache-2.0`. Other files with different
licenses, or a file that did not match, go to a reviewer with the README's license section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.licenses import PERMISSIVE, UNKNOWN, classify
from bot.facts.model import LicenseFacts

MIN_SCORE = 0.9

_NON_COMMERCIAL = re.compile(r"\bnon-?\s?commercial", re.IGNORECASE)
_APACHE_2 = re.compile(r"Apache License\s+Version 2\.0", re.IGNORECASE)
_END_OF_TERMS = "END OF TERMS AND CONDITIONS"
APACHE_APPENDIX = """

   APPENDIX: How to apply the Apache License to your work.

      To apply the Apache License to your work, attach the following
      boilerplate notice, with the fields enclosed by brackets "[]"
      replaced with your own identifying information. (Don't include
      the brackets!)  The text should be enclosed in the appropriate
      comment syntax for the file format. We also recommend that a
      file or class name and description of purpose be included on the
      same "printed page" as the copyright notice for easier
      identification within third-party archives.

   Copyright [yyyy] [name of copyright owner]

   Licensed under the Apache License, Version 2.0 (the "License");
   you may not use this file except in compliance with the License.
   You may obtain a copy of the License at

       http://www.apache.org/licenses/LICENSE-2.0

   Unless required by applicable law or agreed to in writing, software
   distributed under the License is distributed on an "AS IS" BASIS,
   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   See the License for the specific language governing permissions and
   limitations under the License.
"""
_DUAL_MIT_APACHE = re.compile(
    r"\bMIT\b[\w\s,()-]{0,20}?\b(?:or|/)\s+(?:the\s+)?Apache|Apache[\w\s,.()-]{0,30}?\b(?:or|/)\s+(?:the\s+)?MIT\b",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
SECTION_CHARS = 600


@dataclass(frozen=True)
class TextMatch:
    spdx: str | None  # None: not confident enough
    score: float
    note: str | None = None


def _identify(text: str) -> tuple[str, float]:
    import askalono  # type: ignore[import-untyped]  # imported here: only local checkouts need it

    found = askalono.identify(text)
    return str(found.name), float(found.score)


def _apache_without_appendix(text: str) -> TextMatch | None:
    """Apache-2.0 when the text is the Apache 2.0 terms ending at "END OF TERMS AND CONDITIONS"
    with nothing after it, and matches Apache-2.0 once the optional appendix is restored."""
    if not _APACHE_2.search(text) or not text.rstrip().endswith(_END_OF_TERMS):
        return None
    try:
        name, score = _identify(text.rstrip() + APACHE_APPENDIX)
    except Exception:  # the Rust binding raises plain exceptions on odd input
        return None
    if name != "Apache-2.0" or score < MIN_SCORE:
        return None
    return TextMatch(name, score, "the Apache-2.0 text without its optional appendix")


def match_license_text(text: str) -> TextMatch:
    """The SPDX id of a license text, or None with the reason when it is not a confident match."""
    if not text.strip():
        return TextMatch(None, 0.0, "the license file is empty")
    try:
        name, score = _identify(text)
    except ImportError:
        return TextMatch(None, 0.0, "license text matching is not installed (pip install pyaskalono)")
    except Exception as error:  # the Rust binding raises plain exceptions on odd input
        return TextMatch(None, 0.0, f"the license text could not be matched ({type(error).__name__})")
    if name != "Apache-2.0":
        apache = _apache_without_appendix(text)
        if apache is not None:
            name, score = "Apache-2.0", apache.score
            if not _NON_COMMERCIAL.search(text):
                return apache
    if score < MIN_SCORE:
        return TextMatch(None, score, f"best match {name} scores only {score:.2f} (< {MIN_SCORE:.2f})")
    if classify(name) == PERMISSIVE and "NC" not in name.split("-") and _NON_COMMERCIAL.search(text):
        return TextMatch(
            None, score, f"matches {name} ({score:.2f}) but the text mentions non-commercial use"
        )
    return TextMatch(name, score)


def readme_license_section(readme: str | None) -> str | None:
    """The text under the README's license heading (Markdown or reStructuredText), shortened."""
    if not readme:
        return None
    lines = readme.splitlines()
    start = level = None
    for index, line in enumerate(lines):
        atx = _HEADING.match(line)
        underlined = index + 1 < len(lines) and _RST_UNDERLINE.match(lines[index + 1]) and line.strip()
        title = atx.group(2) if atx else line.strip() if underlined else None
        if title is None:
            continue
        if start is not None:
            if atx is None or len(atx.group(1)) <= (level or 6):
                return _shorten(lines[start:index])
            continue
        if re.search(r"licen[cs]", title, re.IGNORECASE):
            start, level = index + (1 if atx else 2), len(atx.group(1)) if atx else 1
    return _shorten(lines[start:]) if start is not None else None


def _shorten(lines: list[str]) -> str | None:
    text = " ".join(" ".join(lines).split())
    if not text:
        return None
    return text if len(text) <= SECTION_CHARS else text[: SECTION_CHARS - 1].rstrip() + "…"


def _dual_mit_apache(matches: dict[str, TextMatch], readme: str | None) -> bool:
    """MIT and Apache-2.0 files in the dual-license convention: named LICENSE-MIT and
    LICENSE-APACHE…, or a README that offers "MIT or Apache-2.0"."""
    if sorted({m.spdx or "" for m in matches.values()}) != ["Apache-2.0", "MIT"]:
        return False
    suffixes = {
        path.upper().split(".")[0].partition("-")[2] or path.upper().partition("_")[2] for path in matches
    }
    named = "MIT" in suffixes and any(s.startswith("APACHE") for s in suffixes)
    return named or bool(readme and _DUAL_MIT_APACHE.search(readme))


def license_from_files(texts: dict[str, str], readme: str | None = None) -> LicenseFacts | None:
    """LicenseFacts from the license files' texts (path → text) and the README's text; None when
    there is no license file.

    A file that does not match confidently, or several files with different licenses outside the
    MIT/Apache dual convention, need a reviewer (`needs_review`, with the README's license section);
    their licenses are still combined with AND (the most restrictive reading) for the record.
    """
    if not texts:
        return None
    matches = {path: match_license_text(text) for path, text in texts.items()}
    first = next(iter(matches))
    section = readme_license_section(readme)
    doubtful = {path: m for path, m in matches.items() if m.spdx is None}
    if doubtful:
        path, match = next(iter(doubtful.items()))
        return LicenseFacts(
            spdx=None,
            tier=UNKNOWN,
            source="license-file",
            file=path,
            confidence=round(match.score, 4),
            note=f"{path}: {match.note}: needs human review",
            needs_review=True,
            readme_section=section,
        )
    ids = sorted({m.spdx for m in matches.values() if m.spdx})
    dual = _dual_mit_apache(matches, readme)
    expression = " OR ".join(ids) if dual else " AND ".join(ids)
    notes = [m.note for m in matches.values() if m.note]
    mixed = len(ids) > 1 and not dual
    if len(matches) > 1:
        how = "the MIT/Apache dual-license convention" if dual else "several licenses, a reviewer decides"
        notes.append(
            f"combined from {', '.join(matches)} ({how})"
            if len(ids) > 1
            else f"combined from {', '.join(matches)}"
        )
    return LicenseFacts(
        spdx=expression,
        tier=classify(expression),
        source="license-file",
        file=first,
        confidence=round(min(m.score for m in matches.values()), 4),
        note="; ".join(notes) or None,
        needs_review=mixed,
        readme_section=section if mixed else None,
    )
