"""Match a license file's text to an SPDX id with a confidence score (askalono, via `pyaskalono`).

A checkout has no GitHub detection, so the text itself is matched. A score below
`MIN_SCORE` means "needs human review", never a guess: on real files askalono scores plain
texts 1.0, an MIT text with an extra preamble line 0.94, and an Apache text with
non-commercial additions 0.61. A short non-commercial clause appended to a long permissive
text can still score high, so a permissive match whose text speaks of "non-commercial"
use is also sent to a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.licenses import PERMISSIVE, UNKNOWN, classify
from bot.facts.model import LicenseFacts

MIN_SCORE = 0.9

_NON_COMMERCIAL = re.compile(r"\bnon-?\s?commercial", re.IGNORECASE)


@dataclass(frozen=True)
class TextMatch:
    spdx: str | None  # None: not confident enough
    score: float
    best_guess: str | None  # askalono's best candidate, even when rejected
    note: str | None = None


def match_license_text(text: str) -> TextMatch:
    """The SPDX id of a license text, or None with the reason when it is not a confident match."""
    if not text.strip():
        return TextMatch(None, 0.0, None, "the license file is empty")
    try:
        import askalono  # type: ignore[import-untyped]  # imported here: only local checkouts need it
    except ImportError:
        return TextMatch(None, 0.0, None, "license text matching is not installed (pip install pyaskalono)")
    try:
        found = askalono.identify(text)
    except Exception as error:  # the Rust binding raises plain exceptions on odd input
        return TextMatch(None, 0.0, None, f"the license text could not be matched ({type(error).__name__})")
    name, score = str(found.name), float(found.score)
    if score < MIN_SCORE:
        return TextMatch(None, score, name, f"best match {name} scores only {score:.2f} (< {MIN_SCORE:.2f})")
    if classify(name) == PERMISSIVE and "NC" not in name.split("-") and _NON_COMMERCIAL.search(text):
        return TextMatch(
            None, score, name, f"matches {name} ({score:.2f}) but the text mentions non-commercial use"
        )
    return TextMatch(name, score, name)


def license_from_files(texts: dict[str, str]) -> LicenseFacts | None:
    """LicenseFacts from the license files' texts (path → text); None when there is no license file.

    Several confidently matched files are combined with AND (the most restrictive reading):
    the files alone cannot tell a dual-license choice from licenses that all apply.
    """
    if not texts:
        return None
    matches = {path: match_license_text(text) for path, text in texts.items()}
    first = next(iter(matches))
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
        )
    ids = sorted({m.spdx for m in matches.values() if m.spdx})
    expression = " AND ".join(ids)
    return LicenseFacts(
        spdx=expression,
        tier=classify(expression),
        source="license-file",
        file=first,
        confidence=round(min(m.score for m in matches.values()), 4),
        note=None if len(matches) == 1 else f"combined from {', '.join(matches)}",
    )
