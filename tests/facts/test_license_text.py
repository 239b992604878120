"""A license file's text → SPDX id with a score; doubtful texts go to a human, never a guess."""

from __future__ import annotations

from pathlib import Path

from bot.facts.license_text import MIN_SCORE, license_from_files, match_license_text

DATA = Path(__file__).parent / "data"
COMMON = Path("/usr/share/common-licenses")  # Debian's base-files ships these texts

MIT = """MIT License

Copyright (c) 2024 Example Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def test_plain_mit_text() -> None:
    match = match_license_text(MIT)
    assert match.spdx == "MIT"
    assert match.score >= 0.99


def test_mit_with_a_preamble_line_still_matches() -> None:
    match = match_license_text("This project is released under the following license.\n\n" + MIT)
    assert match.spdx == "MIT"
    assert MIN_SCORE <= match.score < 1.0


def test_cc_by_nc_is_not_reported_as_cc_by() -> None:
    license_facts = license_from_files({"LICENSE": (DATA / "CC-BY-NC-4.0.txt").read_text()})
    assert license_facts is not None
    assert (license_facts.spdx, license_facts.tier) == ("CC-BY-NC-4.0", "not-open-source")


def test_gpl_and_apache_texts() -> None:
    assert match_license_text((COMMON / "GPL-3").read_text()).spdx == "GPL-3.0-only"
    assert match_license_text((COMMON / "Apache-2.0").read_text()).spdx == "Apache-2.0"


def test_apache_with_non_commercial_terms_needs_a_human() -> None:
    text = (COMMON / "Apache-2.0").read_text() + (
        "\nADDITIONAL TERMS: this software may be used for non-commercial research purposes only.\n"
    )
    license_facts = license_from_files({"LICENSE": text})
    assert license_facts is not None
    assert (license_facts.spdx, license_facts.tier) == (None, "unknown")
    assert "needs human review" in (license_facts.note or "")


def test_unrecognisable_text_is_unknown_with_its_score() -> None:
    license_facts = license_from_files({"LICENSE.md": "All rights reserved. Do not copy.\n"})
    assert license_facts is not None
    assert (license_facts.spdx, license_facts.tier, license_facts.file) == (None, "unknown", "LICENSE.md")
    assert license_facts.confidence is not None and license_facts.confidence < MIN_SCORE


def test_no_license_file_is_none() -> None:
    assert license_from_files({}) is None


def test_two_files_are_combined_restrictively() -> None:
    license_facts = license_from_files({"LICENSE-MIT": MIT, "LICENSE-GPL": (COMMON / "GPL-3").read_text()})
    assert license_facts is not None
    assert (license_facts.spdx, license_facts.tier) == ("GPL-3.0-only AND MIT", "strong-copyleft")
