"""Strings from an entry shown inside a message: quoted, and cut short so a hostile value
cannot flood a comment or a terminal."""

from __future__ import annotations


def clipped(value: object, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = 80) -> str:
    """`'value'` as repr shows it (escapes included), at most about `limit` characters."""
    return repr(clipped(value, limit))
