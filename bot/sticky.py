"""The bot's sticky posts: the review comment on a PR or an application issue, the replies to
/recheck, and the audit's tracking issue. One module says what makes a post the bot's, how the
hidden state is written into it and read back, and how the bot's own post is found.

A post is the bot's when it carries the post's hidden marker AND was written by the bot's login:
anyone can paste a marker, so a human's post that carries one is never edited, closed or deleted.

Two kinds of post, one parametrised state format (`StickyKind`), both kept as they always were so
that a post written by an older version still decodes:
- the review comment: `<!-- ecosystem-bot:state JSON -->`, the JSON with `-`, `<` and `>` written as
  `\\u` escapes (inside an HTML comment "-->" would end it early);
- the tracking issue: `<!-- ecosystem-bot:audit-state BASE64 -->`, zlib-compressed JSON, base64
  encoded (no `-` or `>` either, and a thousand-entry state stays well under GitHub's 65,536
  characters); inflating stops at MAX_STATE_BYTES (a hostile edit of the body).
A state that is missing, garbled, of another version or of another kind decodes to None.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from bot.github import GitHubClient, GitHubError

MAX_STATE_BYTES = 4 * 1024 * 1024  # the most a compressed state may inflate to
STATE_VERSION = 1


class Post(Protocol):
    """A comment or an issue as read from GitHub: its text and who wrote it."""

    @property
    def body(self) -> str: ...

    @property
    def author(self) -> str | None: ...


P = TypeVar("P", bound=Post)


def same_login(graphql_or_rest_login: str | None, bot_login: str) -> bool:
    """GraphQL shows the bot `github-actions[bot]` as `github-actions`; compare both forms."""
    if not graphql_or_rest_login:
        return False
    return graphql_or_rest_login.removesuffix("[bot]").lower() == bot_login.removesuffix("[bot]").lower()


def is_bot_post(body: str, author: str | None, marker: str, bot_login: str) -> bool:
    """True when the post (comment or issue) carries `marker` and `bot_login` wrote it."""
    return marker in body and same_login(author, bot_login)


def own_posts(posts: Iterable[P], marker: str, bot_login: str) -> list[P]:
    """The posts carrying `marker` that `bot_login` wrote, in the order given."""
    return [post for post in posts if is_bot_post(post.body, post.author, marker, bot_login)]


@dataclass(frozen=True)
class StickyKind:
    """One kind of sticky post: its marker and how its hidden state is written."""

    marker: str
    state_prefix: str
    compressed: bool  # zlib + base64 (the tracking issue) or escaped JSON (the review comment)
    kind: str | None = None  # the state's "kind" field, when its states carry one

    def own(self, posts: Iterable[P], bot_login: str) -> list[P]:
        return own_posts(posts, self.marker, bot_login)

    def encode_state(self, state: Mapping[str, Any]) -> str:
        if self.compressed:
            raw = json.dumps(state, sort_keys=True, separators=(",", ":")).encode("utf-8")
            return f"{self.state_prefix}{base64.b64encode(zlib.compress(raw, 9)).decode('ascii')} -->"
        text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        text = text.replace("-", "\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
        return f"{self.state_prefix}{text} -->"

    def decode_state(self, body: str) -> dict[str, Any] | None:
        """The last state of this kind in `body`, or None when there is none or it cannot be read."""
        try:
            state = self._decode_compressed(body) if self.compressed else self._decode_json(body)
        except (binascii.Error, zlib.error, ValueError):
            return None
        if not isinstance(state, dict) or state.get("v") != STATE_VERSION:
            return None
        if self.kind is not None and state.get("kind") != self.kind:
            return None
        return state

    def _decode_json(self, body: str) -> Any:
        start = body.rfind(self.state_prefix)
        if start < 0:
            return None
        end = body.find(" -->", start)
        return json.loads(body[start + len(self.state_prefix) : end])

    def _decode_compressed(self, body: str) -> Any:
        found = re.findall(re.escape(self.state_prefix) + r"([A-Za-z0-9+/=]*) -->", body)
        if not found:
            return None
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.b64decode(found[-1], validate=True), MAX_STATE_BYTES)
        if inflater.unconsumed_tail:
            return None
        return json.loads(raw.decode("utf-8"))


REVIEW = StickyKind("<!-- ecosystem-bot:review -->", "<!-- ecosystem-bot:state ", compressed=False)
TRACKING = StickyKind(
    "<!-- ecosystem-bot:audit -->", "<!-- ecosystem-bot:audit-state ", compressed=True, kind="audit"
)


def reply_marker(key: str) -> str:
    """The hidden marker of the one reply per `key` (e.g. "refused alice", "cooldown") per PR."""
    return f"<!-- ecosystem-bot:reply {re.sub(r'[^a-z0-9_.-]+', '-', key.lower())} -->"


_LAST_PAGE = re.compile(r'<([^>]+)>;\s*rel="last"')


def find_own_comment(
    client: GitHubClient, repository: str, number: int, marker: str, bot_login: str
) -> dict[str, Any] | None:
    """The bot's comment carrying `marker`, read back through REST: asked before a comment POST is
    sent again after its answer was lost, so that the retry cannot post a second comment."""
    first = client.rest("GET", f"/repos/{repository}/issues/{number}/comments", params={"per_page": 100})
    pages = [first]
    last = _LAST_PAGE.search(first.headers.get("link", ""))
    if last:
        pages.append(client.rest("GET", last.group(1)))  # the newest comments are on the last page
    for page in pages:
        if page.status != 200 or not isinstance(page.json, list):
            raise GitHubError(f"could not list the comments of #{number}: HTTP {page.status}", page.status)
        for comment in reversed(page.json):
            if isinstance(comment, dict) and is_bot_post(
                str(comment.get("body") or ""), rest_author(comment), marker, bot_login
            ):
                return dict(comment)
    return None


def rest_author(item: Any) -> str | None:
    """The login of who wrote a REST comment or issue (`user.login`), None when it does not say."""
    user = item.get("user") if isinstance(item, dict) else None
    login = user.get("login") if isinstance(user, dict) else None
    return str(login) if login else None
