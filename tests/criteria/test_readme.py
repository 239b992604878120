"""README outlines from the real parsers: what is prose, what is a heading, what is a link."""

from __future__ import annotations

import re
import time
from pathlib import Path

from bot.criteria.readers.readme_outline import ReadmeOutline, parse_readme, read_readme_outline
from bot.criteria.readme import INSTALL_COMMAND, MAX_README_CHARS
from tests.criteria.sample import blob, facts, files, run

LICENSE_COMMENT = """<!---
Copyright 2021 The Example Team. All rights reserved.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS.
-->
"""
BADGES = """[![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/project/x)
[![CI](https://github.com/o/x/actions/workflows/ci.yml/badge.svg)](https://github.com/o/x/actions)
"""
# 27 words when one-letter words count ("a" twice), 25 without them
TWENTY_SEVEN = (
    "**Thing** is a high-performance dimensionality reduction library built on PyTorch. It provides GPU and "
    "multi-GPU accelerated DR methods in a unified framework with a simple, scikit-learn-compatible API."
)


def readme(text: str, path: str = "README.md"):
    return facts(files=files(**{path.replace(".", "_"): text}), root_files=[path])


def test_html_comment_and_badges_are_not_an_introduction():
    only_markup = LICENSE_COMMENT + "\n" + BADGES + '\n<p align="center"><img src="logo.png"></p>\n'
    parts = parse_readme(only_markup)
    assert parts.intro_words() == []
    assert run("UTIL-001", readme(only_markup)).status == "fail"
    # the same markup before a real first paragraph: only the paragraph is the introduction
    with_intro = only_markup + "\n" + TWENTY_SEVEN + "\n"
    result = run("UTIL-001", readme(with_intro))
    assert result.summary == "README has an introduction (27 words)"
    assert result.evidence[0].value.startswith("Thing is a high-performance")


def test_one_letter_words_count():
    text = f"# Thing\n\n{TWENTY_SEVEN}\n\n## Key features\n\n| a | b |\n|---|---|\n| fast | small |\n"
    assert run("UTIL-001", readme(text), min_intro_words=27).status == "pass"
    short = run("UTIL-001", readme(text), min_intro_words=28)
    assert short.status == "warn"
    assert short.summary == "README introduction has 27 words (at least 28 expected)"


def test_reference_style_links_and_badges_are_not_prose():
    text = (
        "[![][release-shield]][release-link] [![][stars-shield]][stars-link]\n\n"
        "[release-shield]: https://img.shields.io/github/release/o/x\n"
        "[release-link]: https://github.com/o/x/releases\n"
        "[stars-shield]: https://img.shields.io/github/stars/o/x\n"
        "[stars-link]: https://github.com/o/x/stargazers\n"
    )
    parts = parse_readme(text)
    assert parts.paragraphs == ()
    assert [link.url for link in parts.links] == [
        "https://github.com/o/x/releases",
        "https://github.com/o/x/stargazers",
    ]
    assert all(link.image_only for link in parts.links)
    assert run("UTIL-007", readme(text)).status == "fail"  # a release badge is not a word about releases


def test_a_line_before_a_code_fence_is_not_a_heading():
    text = "# Thing\n\nFor a Homebrew-managed setup, run:\n```\nbrew install thing\n```\n"
    parts = parse_readme(text)
    assert [heading.text for heading in parts.headings] == ["Thing"]
    assert parts.code_blocks[0].text == "brew install thing\n"
    assert run("UTIL-002", readme(text)).summary == "no install instructions in README.md"


def test_fence_languages_from_info_strings():
    text = '```Python title="x.py"\na\n```\n\n```{code-block} bash\nb\n```\n\n~~~\nc\n~~~\n\n    indented\n'
    assert [b.language for b in parse_readme(text).code_blocks] == ["python", "bash", "", ""]


def test_setext_heading_is_still_a_heading():
    parts = parse_readme("Thing\n=====\n\nIntro.\n\nInstallation\n------------\n\npip install thing\n")
    assert [(h.level, h.text, h.line) for h in parts.headings] == [(1, "Thing", 1), (2, "Installation", 6)]


def test_html_links_and_headings_are_read_but_are_not_prose():
    text = (
        '<h1 align="center">Thing</h1>\n\n<p align="center">\n'
        '  <a href="https://thing.readthedocs.io">Docs</a> •\n'
        '  <a href="https://colab.research.google.com/github/o/x/blob/main/intro.ipynb">Try it</a>\n</p>\n\n'
        '<a href="https://o.github.io/tutorials/">Tutorials</a> • <a href="https://o.github.io/blog">Blog</a>\n'
    )
    parts = parse_readme(text)
    assert [link.url for link in parts.links] == [
        "https://thing.readthedocs.io",
        "https://colab.research.google.com/github/o/x/blob/main/intro.ipynb",
        "https://o.github.io/tutorials/",
        "https://o.github.io/blog",
    ]
    assert [h.text for h in parts.html_headings] == ["Thing"]
    assert parts.intro_words() == []  # HTML text, and a paragraph of nothing but links, are not prose


RST = """.. image:: https://img.shields.io/pypi/v/thing.svg
   :target: https://pypi.org/project/thing

|ci| |docs|

=====
Thing
=====

Thing is a small library that does one thing well and lets you get on with the rest of your work today.

.. include:: {secret}

.. raw:: html

   <b>raw words that must not count</b>

.. toctree::

   api

Usage
-----

.. code-block:: python

   import thing
   thing.run()

See the `Colab notebook <https://colab.research.google.com/drive/abc>`_.

.. |ci| image:: https://github.com/o/thing/actions/workflows/ci.yml/badge.svg
.. |docs| image:: https://readthedocs.org/projects/thing/badge/
"""


def test_restructuredtext_outline_from_docutils(tmp_path: Path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETWORD from a file the README must never read\n")
    parts = parse_readme(RST.format(secret=secret), "README.rst")
    assert [(h.level, h.text) for h in parts.headings] == [(1, "Thing"), (2, "Usage")]
    assert parts.intro_words()[:3] == ["Thing", "is", "a"]
    assert len(parts.intro_words()) == 22
    everything = " ".join(p.text for p in parts.paragraphs) + " ".join(b.text for b in parts.code_blocks)
    assert "SECRETWORD" not in everything
    assert "raw words" not in " ".join(p.text for p in parts.paragraphs)
    assert "toctree" not in " ".join(p.text for p in parts.paragraphs)
    assert [(b.language, b.text) for b in parts.code_blocks] == [("python", "import thing\nthing.run()")]
    assert "https://colab.research.google.com/drive/abc" in [link.url for link in parts.links]
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_restructuredtext_code_lines_are_the_source_lines():
    text = "Thing\n=====\n\n.. code-block:: bash\n\n   pip install thing\n   thing --help\n\nUse it::\n\n    import thing\n"
    parts = parse_readme(text, "README.rst")
    assert parts.lines_matching(INSTALL_COMMAND) == [(6, "pip install thing")]
    assert parts.lines_matching(re.compile("import")) == [(11, "import thing")]
    assert run("UTIL-002", readme(text, "README.rst")).evidence[0].url == blob("README.rst", 6)


def test_restructuredtext_that_docutils_rejects_is_unknown_not_a_traceback():
    nested = "".join("  " * depth + "- item\n" for depth in range(300))  # docutils recurses too deep
    result = run("UTIL-001", readme("Thing\n=====\n\n" + nested, "README.rst"))
    assert result.status == "unknown"
    assert result.summary == (
        "could not check: README.rst could not be read: docutils could not parse it "
        "(RecursionError: maximum recursion depth exceeded)"
    )


def test_huge_readme_is_read_up_to_a_bound_in_bounded_time():
    paragraph = "Thing does useful work for you in a few lines of code.\n\n"
    huge = "# Thing\n\n" + paragraph * (3 * MAX_README_CHARS // len(paragraph))
    started = time.monotonic()
    parts = parse_readme(huge)
    rst = parse_readme(
        "Thing\n=====\n\n" + paragraph * (3 * MAX_README_CHARS // len(paragraph)), "README.rst"
    )
    assert time.monotonic() - started < 20
    assert parts.truncated and rst.truncated
    assert parts.paragraphs[-1].line < MAX_README_CHARS // len(paragraph) * 2 + 5


def test_the_outline_is_parsed_once_and_shared_by_the_checks():
    repo = readme("# Thing\n\n" + TWENTY_SEVEN + "\n")
    first, second = read_readme_outline(repo), read_readme_outline(repo)
    assert isinstance(first, ReadmeOutline) and isinstance(second, ReadmeOutline)
    assert first.outline is second.outline
