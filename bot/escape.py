"""Make untrusted strings inert in a GitHub comment: no pings, references, links, HTML or markup.

Everything from an entry, a linked repository or a commenter passes through `inert` (plain text),
`code` (a code span) or `link` (a link to a host we link on purpose) before it reaches markdown.

GitHub decodes character references *before* it looks for @mentions, #references and autolinks,
so `&#64;team` would still ping. Instead, a zero-width space (U+200B) is put right after `@` and
`#`, inside `www.` and `://`, and after `GH-`: it is a character of its own, not a reference, so it
survives decoding, and no mention, reference or autolink can span it. Markdown punctuation gets a
backslash only where it could start markup, so the raw text (e-mail notifications, the step log)
stays readable. Invisible and direction-changing characters are removed; lone surrogates become
U+FFFD before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from urllib.parse import quote, urlsplit, urlunsplit

BREAK = "\u200b"  # zero-width space: not a login, number or host character, and not an entity

# Lone surrogates (from JSON "\ud800" or surrogate-escaped file names) cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Invisible characters that are not in category Cf/Cc: Hangul fillers, the combining grapheme
# joiner, Khmer inherent vowels, line/paragraph separators.
_INVISIBLE_EXTRA = frozenset("\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u2028\u2029")
_WHITESPACE = re.compile(r"\s+")
# The ASCII characters `is_invisible` names: the control characters (category Cc); in running text
# tab, newline and carriage return are spacing instead.
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")
_ASCII_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Markup that could start anywhere in a line; `_` only where it can open or close emphasis.
_MARKUP = re.compile(r"[\\`*\[\]<|~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Where GitHub would start a mention, an issue reference or an autolink.
_BREAK_AFTER = re.compile(r"[@#]|(?i:\bgh-)|(?i:\bwww)(?=\.)|:(?=//)")


def printable(text: object) -> str:
    """The text with lone surrogates replaced by U+FFFD: safe to encode as UTF-8 anywhere."""
    return _SURROGATE.sub("\ufffd", str(text))


def is_invisible(char: str) -> bool:
    """Format (Cf: bidi controls, zero-width characters, soft hyphen, U+061C, the tag block) and
    control (Cc) characters, and the invisible letters GitHub would show as nothing."""
    return unicodedata.category(char) in ("Cf", "Cc") or char in _INVISIBLE_EXTRA or _is_tag(char)


def _is_tag(char: str) -> bool:
    return 0xE0000 <= ord(char) <= 0xE007F


def has_invisible(text: str) -> bool:
    """Whether `is_invisible` names a character of the text."""
    if text.isascii():  # the common case, without a look at each character
        return _ASCII_CONTROL.search(text) is not None
    return any(is_invisible(c) for c in text)


def visible(text: object) -> str:
    """One line: surrogates replaced, invisible characters removed, whitespace runs as one space."""
    value = printable(text)
    if value.isascii():  # of ASCII, only the control characters are invisible (a comment has thousands)
        value = _ASCII_INVISIBLE.sub("", value)
    else:
        value = "".join(c for c in value if c in "\n\t\r" or not is_invisible(c))
    return _WHITESPACE.sub(" ", value).strip()


def _shorten(value: str, limit: int) -> str:
    return value[: limit - 1].rstrip() + "…" if len(value) > limit else value


def inert(text: object, limit: int = 200) -> str:
    """One line of plain text, at most `limit` characters of the original (then "…")."""
    value = _shorten(visible(text), limit)
    value = _MARKUP.sub(lambda m: "\\" + m.group(0), value)
    value = _ENTITY.sub(lambda m: "\\&", value)
    return _BREAK_AFTER.sub(lambda m: m.group(0) + BREAK, value)


def code(text: object, limit: int = 120) -> str:
    """A code span for an untrusted value (e.g. a file path): nothing inside is linked or decoded.

    The fence is one backtick longer than the longest run inside, so the value cannot end it; `|`
    is escaped so that it cannot split a table cell (GFM removes that backslash in tables)."""
    value = _shorten(visible(text), limit).replace("|", "\\|")
    if not value:
        return "` `"
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# Hosts the comment links to on purpose; anything else is shown as text, never as a link.
LINK_HOSTS = frozenset({"github.com", "pypi.org", "anaconda.org"})


def safe_url(url: str | None, hosts: Collection[str] = LINK_HOSTS) -> str | None:
    """The URL, percent-quoted so that no character can end a markdown link or split a table cell,
    when it is https on one of `hosts` (http only for a loopback host, i.e. the simulator); else None."""
    if not url:
        return None
    try:
        parts = urlsplit(printable(url).strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    loopback = host == "127.0.0.1"
    if parts.scheme not in (("http", "https") if loopback else ("https",)) or host not in hosts:
        return None
    if parts.username is not None or parts.password is not None or has_invisible(url):
        return None
    netloc = host + (f":{port}" if port else "")
    path = quote(parts.path, safe="/%:@!$&'*+,;=-._~")
    query = quote(parts.query, safe="=&%/:@!$'*+,;-._~")
    fragment = quote(parts.fragment, safe="%/:@!$'*+,;=-._~")
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def link(text: object, url: str | None, hosts: Collection[str] = LINK_HOSTS, limit: int = 200) -> str:
    """`[text](url)` for a URL on a host we link on purpose; otherwise just the inert text."""
    label = inert(text, limit)
    target = safe_url(url, hosts)
    return f"[{label}]({target})" if target and label else label
