"""Make untrusted strings inert in a GitHub comment: no pings, links, images, HTML or markup.

Everything from an entry, a linked repository or a commenter passes through `inert` before it
reaches markdown. The result is one line, shown as plain text wherever it is placed (table cell,
heading, list item).
"""

from __future__ import annotations

import re

# Invisible and direction-changing characters can hide text or make a line read differently.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_WHITESPACE = re.compile(r"\s+")
# Characters that start markup, links, mentions, references or HTML; replaced by numeric
# character references, which GitHub renders as the character itself and never interprets.
_ACTIVE = {c: f"&#{ord(c)};" for c in "&<>@#[]*_`~|\\:$"}
_ACTIVE_TABLE = str.maketrans(_ACTIVE)


def inert(text: object, limit: int = 200) -> str:
    """One line of plain text, at most `limit` characters of the original (then "…")."""
    value = _INVISIBLE.sub("", str(text))
    value = _WHITESPACE.sub(" ", value).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value.translate(_ACTIVE_TABLE)


def code(text: object, limit: int = 120) -> str:
    """Inline code for an untrusted value (e.g. a file path): backticks cannot break out."""
    value = _INVISIBLE.sub("", str(text))
    value = _WHITESPACE.sub(" ", value).strip()
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    value = value.replace("`", "'").replace("|", "\\|")
    return f"`{value}`" if value else "``"
