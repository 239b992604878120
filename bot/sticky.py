"""The rule every sticky post of the bot follows: the review comment on a PR, the review comment on
an application issue, the replies to /recheck and the audit's tracking issue.

A post is the bot's when it carries the post's hidden marker AND was written by the bot's login:
anyone can paste a marker, so a human's post that carries one is never edited, closed or deleted.
"""

from __future__ import annotations


def same_login(graphql_or_rest_login: str | None, bot_login: str) -> bool:
    """GraphQL shows the bot `github-actions[bot]` as `github-actions`; compare both forms."""
    if not graphql_or_rest_login:
        return False
    return graphql_or_rest_login.removesuffix("[bot]").lower() == bot_login.removesuffix("[bot]").lower()


def is_bot_post(body: str, author: str | None, marker: str, bot_login: str) -> bool:
    """True when the post (comment or issue) carries `marker` and `bot_login` wrote it."""
    return marker in body and same_login(author, bot_login)
