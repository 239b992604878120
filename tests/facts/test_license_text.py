"""A license file's text → SPDX id with a score; doubtful texts go to a human, never a guess."""

from __future__ import annotations

from pathlib import Path

from bot.criteria.registry import all_checks
from bot.facts.license_text import MIN_SCORE, license_from_files, match_license_text, readme_license_section
from bot.facts.model import RepoFacts

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
    assert license_facts.needs_review  # which license covers what is for a reviewer


APACHE = (COMMON / "Apache-2.0").read_text()
END = "END OF TERMS AND CONDITIONS"
APACHE_TERMS_ONLY = APACHE[: APACHE.index(END) + len(END)] + "\n"  # no optional appendix


def lic_002(license_text: dict[str, str], readme: str | None = None) -> tuple[str, str]:
    facts = RepoFacts("acme/x", "https://github.com/acme/x", "2026-11-26T12:00:00Z")
    facts.license = license_from_files(license_text, readme)
    result = all_checks()["LIC-002"].evaluate(facts, {"allowed_licenses": ["Apache-2.0", "MIT"]})
    return result.status, result.summary


def test_apache_terms_without_the_optional_appendix_are_apache() -> None:
    match = match_license_text(APACHE_TERMS_ONLY)
    assert (match.spdx, match.note) == ("Apache-2.0", "the Apache-2.0 text without its optional appendix")
    assert lic_002({"LICENSE": APACHE_TERMS_ONLY})[0] == "pass"


def test_apache_terms_with_non_commercial_additions_still_go_to_a_reviewer() -> None:
    restricted = APACHE_TERMS_ONLY.replace(
        END, "10. Use. The Work may be used for non-commercial purposes only.\n\n   " + END
    )
    match = match_license_text(restricted)
    assert match.spdx is None
    status, summary = lic_002({"LICENSE": restricted}, "# x\n\n## License\n\nFree for research.\n")
    assert status == "manual" and "non-commercial" in summary
    # a GPL text without its "How to apply" part is not completed into Apache
    gpl = (COMMON / "GPL-3").read_text()
    assert match_license_text(gpl[: gpl.index(END) + len(END)]).spdx != "Apache-2.0"


def test_mit_and_apache_files_in_the_dual_convention_are_a_choice() -> None:
    files = {"LICENSE-MIT": MIT, "LICENSE-APACHE": APACHE}
    license_facts = license_from_files(files)
    assert license_facts is not None
    assert (license_facts.spdx, license_facts.tier, license_facts.needs_review) == (
        "Apache-2.0 OR MIT",
        "permissive",
        False,
    )
    readme = "# x\n\nLicensed under either of MIT or Apache-2.0, at your option.\n"
    told = license_from_files({"LICENSE": MIT, "COPYING": APACHE}, readme)
    assert told is not None and told.spdx == "Apache-2.0 OR MIT"
    silent = license_from_files({"LICENSE": MIT, "COPYING": APACHE}, "# x\n")
    assert silent is not None and (silent.spdx, silent.needs_review) == ("Apache-2.0 AND MIT", True)


def test_a_second_license_for_part_of_the_project_goes_to_a_reviewer_with_the_readme() -> None:
    readme = (
        "# tool\n\nIntro.\n\n## License\n\nThe core is Apache 2.0; the studio/ folder is GPL-3.0.\n\n"
        "## Thanks\n\nEveryone.\n"
    )
    gpl = (COMMON / "GPL-3").read_text()
    status, summary = lic_002({"LICENSE": APACHE, "COPYING": gpl}, readme)
    assert status == "manual"
    assert summary.startswith("a reviewer reads the license (Apache-2.0 AND GPL-3.0-only)")
    assert readme_license_section(readme) == "The core is Apache 2.0; the studio/ folder is GPL-3.0."
    # one copyleft file is simply not permissive, whatever the README says
    assert lic_002({"COPYING": gpl}, readme) == (
        "fail",
        "GPL-3.0-only (strong-copyleft) is not an allowed license",
    )


def test_readme_license_section_in_restructuredtext() -> None:
    readme = (
        "Tool\n====\n\nIntro.\n\nLicense\n-------\n\nBSD-3-Clause, see LICENSE.\n\nCredits\n-------\n\nUs.\n"
    )
    assert readme_license_section(readme) == "BSD-3-Clause, see LICENSE."
    assert readme_license_section("# x\n\nNo such section.\n") is None
