"""Where GitHub's API is: GITHUB_API_URL and GITHUB_GRAPHQL_URL, as GitHub sets them for a step.

Standard library only: `python -m bot run` reads these before it imports anything else
(bot.early_connection).
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_API_URL = "https://api.github.com"


def api_url(environ: Mapping[str, str]) -> str:
    return environ.get("GITHUB_API_URL") or DEFAULT_API_URL


def graphql_url(environ: Mapping[str, str]) -> str:
    return environ.get("GITHUB_GRAPHQL_URL") or f"{api_url(environ).rstrip('/')}/graphql"
