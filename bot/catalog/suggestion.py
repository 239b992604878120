"""Did-you-mean suggestions for misspelt field names and category ids."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def comparable(text: str) -> str:
    """`Domain Framework ` → `domain-framework`: case, spaces and underscores do not matter."""
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, or None when nothing is close."""
    options = list(choices)
    by_form = {comparable(c): c for c in options}
    key = comparable(word)
    if key in by_form:
        return by_form[key]
    singular = {k.rstrip("s"): c for k, c in by_form.items()}
    if key.rstrip("s") in singular:
        return singular[key.rstrip("s")]
    found = difflib.get_close_matches(key, list(by_form), n=1, cutoff=0.55)
    return by_form[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A fix text like "did you mean `domain-frameworks`?", or None."""
    match = closest(word, choices)
    return f"did you mean `{match}`?" if match is not None else None
