"""The one GitHub client: one `requests` session for GraphQL, REST reads and writes (PyGithub for fallback reads).

Every request is counted (per route) and retried the same way: server errors, timeouts and
dropped connections are retried with exponential back-off; rate limits honour `retry-after`,
else wait for the reset when `x-ratelimit-remaining` is 0, else back off from 60 s. A wait
longer than `max_wait` raises `RateLimited` instead, so a review can report "could not check"
rather than stall or pretend.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests

from bot.github_pool import github_session

if TYPE_CHECKING:
    from github import Github

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({500, 502, 503, 504})
READ_ONLY_MESSAGE = "Resource not accessible by integration"


class GitHubError(Exception):
    """A GitHub request failed after retries; `status` is the last HTTP status (0: no answer)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RateLimited(GitHubError):
    def __init__(self, message: str, reset_at: float | None) -> None:
        super().__init__(message, 403)
        self.reset_at = reset_at


class ReadOnlyToken(GitHubError):
    """The token may read but not write (a fork PR under `pull_request`)."""


@dataclass
class GraphQLResponse:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RestResponse:
    status: int
    json: Any
    headers: Mapping[str, str]


@dataclass
class RequestStats:
    """Requests sent, per route (`GET /repos/{owner}/{repo}/…`), retries included."""

    by_route: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, method: str, url: str) -> None:
        with self.lock:
            self.by_route[f"{method.upper()} {route_of(url)}"] += 1

    @property
    def total(self) -> int:
        return sum(self.by_route.values())

    def summary(self) -> str:
        parts = ", ".join(f"{route} ×{n}" for route, n in sorted(self.by_route.items()))
        return f"{self.total} GitHub API requests ({parts})" if parts else "0 GitHub API requests"


_ROUTE_PARTS = [
    (re.compile(r"^/repos/[^/]+/[^/]+"), "/repos/{owner}/{repo}"),
    (re.compile(r"/(pulls|issues)/\d+"), r"/\1/{number}"),
    (re.compile(r"/comments/\d+"), "/comments/{id}"),
    (re.compile(r"/collaborators/[^/]+"), "/collaborators/{user}"),
    (re.compile(r"/git/trees/[^/?]+"), "/git/trees/{sha}"),
    (re.compile(r"/labels/[^/?]+$"), "/labels/{name}"),
]


def route_of(url: str) -> str:
    """`http://h/api/repos/a/b/pulls/3/files?page=2` → `/repos/{owner}/{repo}/pulls/{number}/files`."""
    path = re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0]
    path = re.sub(r"^/api/v3", "", path)
    for pattern, replacement in _ROUTE_PARTS:
        path = pattern.sub(replacement, path)
    return path


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    backoff: float = 1.0  # first wait after a server error, doubled each time
    secondary_wait: float = 60.0  # first wait after a secondary rate limit without retry-after
    max_wait: float = 120.0  # longer waits raise RateLimited


class Lanes:
    """At most `limit` requests in flight at once. The session's pool keeps each connection alive and
    hands it to the next request, so at most `limit` connections are ever opened: one per lane."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._busy = 0
        self._changed = threading.Condition()

    @property
    def limit(self) -> int:
        return self._limit

    def resize(self, limit: int) -> None:
        with self._changed:
            self._limit = max(1, limit)
            self._changed.notify_all()

    @contextlib.contextmanager
    def lane(self) -> Iterator[None]:
        """Wait for a free lane (each request is bounded by the client's timeout, so the wait is too)."""
        with self._changed:
            self._changed.wait_for(lambda: self._busy < self._limit)
            self._busy += 1
        try:
            yield
        finally:
            with self._changed:
                self._busy -= 1
                self._changed.notify_all()


MAX_CONNECTIONS = 16  # lanes of a client unless told otherwise (the audit's parallel queries)

# PyGithub opens every connection through these classes: they send through the newest client's
# session and lanes, and its stats count them. (One client per run; PyGithub's requester is used only
# from one thread, for the fallback reads.)
_pygithub_stats: list[RequestStats] = [RequestStats()]
_pygithub_client: list[GitHubClient | None] = [None]


_PYGITHUB_IMPORT = threading.Lock()


def load_pygithub() -> None:
    """Import PyGithub once (about 0.2 s; the first requests do not need it). The Action calls this in
    the background; the lock keeps two threads from importing it at the same time."""
    with _PYGITHUB_IMPORT:
        _count_pygithub_requests()


@functools.cache
def _count_pygithub_requests() -> None:
    from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass, Requester

    class ThroughClient:
        """Sends through the newest client's session and lanes, and counts in its stats."""

        verb: str
        url: str
        session: requests.Session

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if _pygithub_client[0] is not None:
                self.session = _pygithub_client[0].session

        def getresponse(self) -> Any:
            client = _pygithub_client[0]
            _pygithub_stats[0].add(self.verb, self.url)
            with client.lanes.lane() if client is not None else contextlib.nullcontext():
                return super().getresponse()  # type: ignore[misc]  # the PyGithub class it is mixed into

    class CountingHTTP(ThroughClient, HTTPRequestsConnectionClass):
        pass

    class CountingHTTPS(ThroughClient, HTTPSRequestsConnectionClass):
        pass

    Requester.injectConnectionClasses(CountingHTTP, CountingHTTPS)


class GitHubClient:
    """REST (through PyGithub's requester) and GraphQL with one retry policy and one counter."""

    def __init__(
        self,
        token: str,
        api_url: str = "https://api.github.com",
        graphql_url: str | None = None,
        *,
        timeout: float = 15.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.graphql_url = graphql_url or f"{self.api_url}/graphql"
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.stats = RequestStats()
        self._etags: dict[str, tuple[str, Any]] = {}
        self._headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "User-Agent": "ecosystem-bot",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        self.session = github_session(MAX_CONNECTIONS)  # GraphQL, REST reads, writes and PyGithub's
        # An auth set (doing nothing) keeps requests from taking credentials from a .netrc file in
        # place of the token's header, as PyGithub does for the session it would otherwise make.
        self.session.auth = _keep_headers
        self.lanes = Lanes(connections)  # at most this many connections: see `Lanes`
        self._token = token
        self._gh: Github | None = None
        self._before_next_request: list[Callable[[], None]] = []

    @property
    def gh(self) -> Github:
        """PyGithub, for the REST fallback reads; built on first use."""
        if self._gh is None:
            load_pygithub()
            from github import Auth, Github

            _pygithub_stats[0] = self.stats
            _pygithub_client[0] = self
            self._gh = Github(
                auth=Auth.Token(self._token),
                base_url=self.api_url,
                timeout=int(self.timeout),
                retry=0,  # retries are ours (`_with_retries`), so they are counted and bounded alike
                per_page=100,
                lazy=True,
            )
        return self._gh

    def before_next_request(self, callback: Callable[[], None]) -> None:
        """Call `callback` once, when the next request through the session has its lane and is about
        to leave, in the thread that sends it (the Action's warm-up waits for the facts' first one)."""
        self._before_next_request.append(callback)

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP request through the session, in a free lane."""
        with self.lanes.lane():
            while self._before_next_request:
                try:
                    callback = self._before_next_request.pop()
                except IndexError:  # another thread took it
                    break
                callback()
            return self.session.request(method, url, **kwargs)

    # --- REST -------------------------------------------------------------------------------------------

    def rest(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        use_etag: bool = False,
        before_retry: Callable[[], Any] | None = None,
    ) -> RestResponse:
        """One REST request; 4xx come back as a status, not an exception. `before_retry`, when given,
        is asked before the request is sent again: an answer other than None is taken as the result.

        Reads that run in parallel (the facts' REST calls) go through requests directly:
        PyGithub's requester shares one connection per instance and is not safe across threads.
        """
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        cache_key = f"{url}?{sorted((params or {}).items())}"
        headers: dict[str, str] = {}
        cached = self._etags.get(cache_key) if use_etag else None
        if cached:
            headers["If-None-Match"] = cached[0]

        attempts = 0

        def send() -> RestResponse:
            nonlocal attempts
            attempts += 1
            if attempts > 1 and before_retry is not None:
                done = before_retry()
                if done is not None:
                    log.warning(
                        "%s %s: the write had happened, its answer was lost; not sent again", method, path
                    )
                    return RestResponse(200, done, {})
            self.stats.add(method, url)
            reply = self._send(
                method,
                url,
                params=params,
                json=body,
                headers={**self._headers, **headers},
                timeout=self.timeout,
            )
            lowered = {k.lower(): v for k, v in reply.headers.items()}
            return RestResponse(reply.status_code, _parse_json(reply.text) if reply.text else None, lowered)

        response: RestResponse = self._with_retries(f"{method} {route_of(url)}", send)
        if response.status == 304 and cached:
            return RestResponse(200, cached[1], response.headers)
        if use_etag and response.status == 200 and "etag" in response.headers:
            self._etags[cache_key] = (response.headers["etag"], response.json)
        return response

    def rest_get(self, path: str, params: Mapping[str, Any] | None = None) -> RestResponse:
        return self.rest("GET", path, params=params, use_etag=True)

    def rest_write(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None,
        *,
        tolerate: tuple[int, ...] = (),
        already_done: Callable[[], Any] | None = None,
    ) -> Any:
        """A write through the one session, under the retry policy; returns the JSON answer (None for a
        tolerated status).

        Writes are sent one at a time, as GitHub's secondary-rate-limit guidance asks, with no pause
        between them: PyGithub's default second between two writes was most of a review's wall time.
        A malformed answer is retried like other transient failures. For a write that is not
        idempotent (creating a comment), `already_done` is asked before every retry: when the answer
        was lost but GitHub did the write, it returns what was written, and nothing is sent again.
        """
        response = self.rest(
            method, path, body=dict(body) if body is not None else None, before_retry=already_done
        )
        if response.status < 300:
            return response.json
        if response.status in tolerate:
            return None
        raise _error_for(f"{method} {route_of(self.api_url + path)}", response)

    def pygithub(self, what: str, call: Callable[[], Any]) -> Any:
        """Run a PyGithub call under the retry policy; its errors become GitHubError subclasses."""

        load_pygithub()
        from github import GithubException

        def send() -> Any:
            try:
                return call()
            except GithubException as error:
                headers = {k.lower(): v for k, v in (error.headers or {}).items()}
                return RestResponse(error.status, error.data, headers)

        result = self._with_retries(what, send)
        if isinstance(result, RestResponse):
            raise _error_for(what, result)
        return result

    # --- GraphQL ----------------------------------------------------------------------------------------

    def graphql(self, query: str, variables: Mapping[str, Any] | None = None) -> GraphQLResponse:
        """POST a query; partial errors come back in `.errors` next to the data, as GitHub sends them."""

        def send() -> RestResponse:
            self.stats.add("POST", self.graphql_url)
            reply = self._send(
                "POST",
                self.graphql_url,
                json={"query": query, "variables": dict(variables or {})},
                headers=self._headers,
                timeout=self.timeout,
            )
            headers = {k.lower(): v for k, v in reply.headers.items()}
            return RestResponse(reply.status_code, _parse_json(reply.text), headers)

        for attempt in (1, 2):
            response = self._with_retries("POST /graphql", send)
            if response.status != 200 or not isinstance(response.json, dict):
                raise _error_for("POST /graphql", response)
            errors = list(response.json.get("errors") or [])
            if any(error.get("type") in ("RATE_LIMITED", "RATE_LIMIT") for error in errors):
                raise RateLimited("GraphQL rate limit exceeded", _reset_at(response.headers))
            if attempt == 1 and any(_transient(error) for error in errors):
                # "Something went wrong … a timeout": asked once more before it is believed.
                self._wait("POST /graphql", self.retry.backoff, "partial error")
                continue
            break
        data = response.json.get("data")
        if data is None and errors:
            raise GitHubError(f"GraphQL query failed: {errors[0].get('message', errors[0])}", 200)
        return GraphQLResponse(data, errors)

    # --- retry policy -----------------------------------------------------------------------------------

    def _with_retries(self, what: str, send: Callable[[], Any]) -> Any:
        policy = self.retry
        secondary_wait = policy.secondary_wait
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            try:
                response = send()
            except (requests.ConnectionError, requests.Timeout, OSError) as error:
                if last:
                    raise GitHubError(f"{what}: no answer from GitHub ({_short(error)})") from error
                self._wait(what, policy.backoff * 2 ** (attempt - 1), f"no answer ({_short(error)})")
                continue
            if not isinstance(response, RestResponse):
                return response
            if response.status in RETRY_STATUSES and not last:
                self._wait(what, policy.backoff * 2 ** (attempt - 1), f"HTTP {response.status}")
                continue
            if 200 <= response.status < 300 and _malformed(response):
                if last:
                    raise GitHubError(f"{what}: GitHub sent a malformed answer", 200)
                self._wait(what, policy.backoff * 2 ** (attempt - 1), "malformed answer")
                continue
            limited = _rate_limit_wait(response, secondary_wait)
            if limited is None:
                return response
            wait, kind = limited
            if wait > policy.max_wait or last:
                raise RateLimited(
                    f"{what}: {kind}; retrying would mean waiting {wait:.0f} s", _reset_at(response.headers)
                )
            if kind == "secondary rate limit":
                secondary_wait *= 2
            self._wait(what, wait, kind)
        raise AssertionError("unreachable")

    def _wait(self, what: str, seconds: float, why: str) -> None:
        log.warning("%s: %s, retrying in %.1f s", what, why, seconds)
        self.sleep(seconds)


def _keep_headers(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def _parse_json(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return _MALFORMED


_MALFORMED = object()


DEFINITE_GRAPHQL_ERRORS = frozenset({"NOT_FOUND", "FORBIDDEN", "UNPROCESSABLE", "INSUFFICIENT_SCOPES"})


def _transient(error: Any) -> bool:
    """A GraphQL error that may go away when asked again: one without a definite type."""
    return not isinstance(error, dict) or error.get("type") not in DEFINITE_GRAPHQL_ERRORS


def _malformed(response: RestResponse) -> bool:
    return response.json is _MALFORMED


def _reset_at(headers: Mapping[str, str]) -> float | None:
    value = headers.get("x-ratelimit-reset")
    return float(value) if value and value.isdigit() else None


def _rate_limit_wait(response: RestResponse, secondary_wait: float) -> tuple[float, str] | None:
    """How long to wait before retrying a rate-limited response, or None if it is not rate-limited."""
    if response.status not in (403, 429):
        return None
    headers = response.headers
    message = response.json.get("message", "") if isinstance(response.json, dict) else ""
    retry_after = headers.get("retry-after")
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after), "rate limited (retry-after)"
    if headers.get("x-ratelimit-remaining") == "0":
        reset = _reset_at(headers)
        wait = max(0.0, reset - time.time()) + 1 if reset else 60.0
        return wait, "primary rate limit exhausted"
    if response.status == 429 or "secondary rate limit" in message.lower():
        return secondary_wait, "secondary rate limit"
    return None


def _error_for(what: str, response: RestResponse) -> GitHubError:
    message = response.json.get("message") if isinstance(response.json, dict) else None
    text = f"{what}: HTTP {response.status}" + (f" — {message}" if message else "")
    if response.status == 403 and message == READ_ONLY_MESSAGE:
        return ReadOnlyToken(text, 403)
    return GitHubError(text, response.status)


def _short(error: BaseException) -> str:
    return type(error).__name__
