"""Requests, responses and the route table: templated routes such as "GET /repos/{owner}/{repo}"."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.shapes import error_body
from bot.simulator.state import State, Token


@dataclass
class Request:
    method: str
    path: str  # without the query string
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    state: State
    token: Token | None
    params: dict[str, str] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)  # e.g. the GraphQL budget before this request

    def json(self) -> Any:
        import json

        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise HttpError(400, "Problems parsing JSON") from error

    def int_query(self, name: str, default: int, maximum: int | None = None) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            return default
        value = max(value, 1)
        return min(value, maximum) if maximum else value


@dataclass
class Response:
    status: int = 200
    body: Any = None  # JSON-able, or bytes sent as is
    headers: dict[str, str] = field(default_factory=dict)
    graphql_cost: int | None = None


class HttpError(Exception):
    """An error answer in GitHub's shape: {"message", "documentation_url", "status"}."""

    def __init__(self, status: int, message: str, docs: str = "https://docs.github.com/rest", **extra: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.body = error_body(message, status, docs, **extra)


Handler = Callable[[Request], Response]


@dataclass
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


def compile_template(template: str) -> re.Pattern[str]:
    """`{path}` matches the rest of the path (slashes included); other `{x}` match one segment."""
    regex = ""
    for piece in re.split(r"(\{[a-z_]+\})", template):
        if piece == "{path}":
            regex += r"(?P<path>.+)"
        elif piece.startswith("{"):
            regex += rf"(?P<{piece[1:-1]}>[^/]+)"
        else:
            regex += re.escape(piece)
    return re.compile(f"^{regex}/?$")


class RouteTable:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, compile_template(template), handler))
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for this request; a path that matches with another method is 404 too."""
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found:
                return route, {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
        return None


def paginate(
    request: Request, items: list[Any], default_per_page: int = 30
) -> tuple[list[Any], dict[str, str]]:
    """The page GitHub would return, and its Link header (next, last, first, prev)."""
    per_page = request.int_query("per_page", default_per_page, 100)
    page = request.int_query("page", 1)
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    links = []

    def url(number: int) -> str:
        query = dict(request.query)
        query.update({"per_page": str(per_page), "page": str(number)})
        return f"{request.state.api_url}{request.path}?{urllib.parse.urlencode(query)}"

    if page < last:
        links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
    if page > 1:
        links = [f'<{url(page - 1)}>; rel="prev"', *links, f'<{url(1)}>; rel="first"']
    return chunk, ({"Link": ", ".join(links)} if links else {})
