"""bot.criteria.license_terms: SPDX expressions on the judgement side, read with the facts' one index."""

from __future__ import annotations

from spdx_tools.common.spdx_licensing import spdx_licensing as spdx_tools_index

from bot.criteria.license_terms import is_allowed, licensing, normalise, same_license
from bot.facts.licenses import classify, spdx_licensing


def test_the_judgement_and_the_facts_share_one_spdx_license_index():
    """One index, built once (it takes about 20 ms and a few MB): the checks' parse and the facts'
    classification read the same license-expression `Licensing`, spdx-tools' own."""
    assert licensing() is spdx_licensing() is spdx_tools_index


def test_expressions_read_alike_on_both_sides():
    assert normalise("GPL-3.0") == "GPL-3.0-only"
    assert same_license("MIT OR Apache-2.0", "Apache-2.0 OR MIT") is True
    assert is_allowed("MIT AND GPL-3.0-only", ["MIT"]) is False
    assert classify("MIT OR GPL-3.0-only") == "permissive"
    assert classify("MIT AND GPL-3.0-only") == "strong-copyleft"
