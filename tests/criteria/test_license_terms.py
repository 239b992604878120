def test_the_judgement_and_the_facts_share_one_spdx_license_index():
    """One index, built once (it takes about 20 ms and a few MB): the checks' parse and the facts'
    classification read the same license-expression `Licensing`, spdx-tools' own."""
    from spdx_tools.common.spdx_licensing import spdx_licensing as spdx_tools_index

    from bot.criteria.license_terms import licensing
    from bot.facts.licenses import spdx_licensing

    assert licensing() is spdx_licensing() is spdx_tools_index
