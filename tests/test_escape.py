import re

import pytest

from bot.escape import code, inert

HOSTILE = [
    "@someone please look",
    "<img src=x onerror=alert(1)>",
    "<!-- ecosystem-bot:review -->",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/t.png)",
    "see #12 and org/repo#3",
    "**bold** _it_ `code` ~~s~~ | cell |",
    "line1\nline2\r\n# heading",
    "\u202eevil\u202c text\u200b",
    "https://github.com/a/b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inert_text_has_no_active_markup(text):
    out = inert(text)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"[<>@#\[\]*_`~|]", out.replace("&#", ""))
    assert "](" not in out and "![" not in out and "javascript:" not in out
    assert "\u202e" not in out and "\u200b" not in out


def test_inert_keeps_plain_words_readable():
    assert inert("A scikit-learn compatible library") == "A scikit-learn compatible library"
    assert inert("skorch") == "skorch"


def test_inert_truncates_long_text():
    out = inert("x" * 100_000, limit=300)
    assert out.endswith("…") and len(out) == 300


def test_code_cannot_be_broken_out_of():
    assert code("a`b|c") == "`a'b\\|c`"
