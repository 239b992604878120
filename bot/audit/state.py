"""The audit state inside the tracking issue's body: compressed JSON in an HTML comment.

`<!-- ecosystem-bot:audit-state BASE64 -->`: zlib-compressed JSON, base64 encoded. The base64
alphabet has no `-` or `>`, so the text can never close the comment early, and compression keeps
a thousand-entry state well under GitHub's 65,536-character body limit.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any

from bot.audit.model import previous_state

STATE_PREFIX = "<!-- ecosystem-bot:audit-state "
_STATE = re.compile(re.escape(STATE_PREFIX) + r"([A-Za-z0-9+/=]*) -->")
MAX_STATE_BYTES = 4 * 1024 * 1024  # refuse to inflate more than this (a hostile edit of the body)


def encode_audit_state(state: Mapping[str, Any]) -> str:
    text = json.dumps(state, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return f"{STATE_PREFIX}{base64.b64encode(zlib.compress(text, 9)).decode('ascii')} -->"


def decode_audit_state(body: str) -> dict[str, Any] | None:
    """The last state comment in `body`, or None when there is none or it cannot be read."""
    found = _STATE.findall(body)
    if not found:
        return None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(found[-1], validate=True), MAX_STATE_BYTES)
        if inflater.unconsumed_tail:
            return None
        return previous_state(json.loads(raw.decode("utf-8")))
    except (binascii.Error, zlib.error, ValueError):
        return None
