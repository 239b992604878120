"""The simulator's HTTP server: routing, tokens, rate limits, ETags, latency, faults and the request log."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import shutil
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.simulator import graphql_api, registries, rest_issue_writes, rest_issues, rest_repository
from bot.simulator.access import Redirect
from bot.simulator.faults import Fault, FaultPlan, FaultReply, graphql_rate_limited_body, reply_for
from bot.simulator.fixture import load_state
from bot.simulator.ratelimit import Budget, Budgets
from bot.simulator.routing import HttpError, Request, Response, Route, RouteTable
from bot.simulator.shapes import comment_json, error_body
from bot.simulator.state import State, Token
from bot.simulator.tls import Certificates, make_certificates

GRAPHQL_ROUTE = "POST /graphql"
RATE_LIMIT_ROUTE = "GET /rate_limit"
REGISTRIES = ("pypi", "anaconda")  # served at /pypi/… and /anaconda/…, each on a port of its own
ANONYMOUS_LIMIT = 60
REPOSITORY_BY_ID = re.compile(r"^/repositories/(\d+)(/.*)?$")


@dataclass
class RequestRecord:
    method: str
    route: str  # templated, e.g. "GET /repos/{owner}/{repo}/pulls/{number}/files"; "POST /graphql"
    path: str  # as requested, with the query string
    status: int  # 0 when the connection was reset or timed out without an answer
    latency_s: float
    graphql_cost: int | None
    login: str | None  # identity of the token, None when anonymous
    received_at: float = 0.0  # time.time() when the request arrived, to see what ran in parallel
    operation: str | None = None  # a GraphQL request's operation name ("PullRequestContext", …)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes | None
    fault: str | None = None  # connection-reset | timeout


class Simulator:
    """A stateful GitHub (REST subset + GraphQL) and package registries on 127.0.0.1."""

    def __init__(
        self, state: dict[str, Any] | State, host: str = "127.0.0.1", port: int = 0, *, tls: bool = False
    ):
        self.state: State = state if isinstance(state, State) else load_state(state)
        self.host = host
        self.port = port
        self.tls = tls  # HTTPS with a CA made at start: pass `ca_bundle` as REQUESTS_CA_BUNDLE
        self.certificates: Certificates | None = None
        self.latency = 0.0
        self.connection_latency = 0.0  # added once per new connection, before its TLS handshake
        self.connections = 0  # connections accepted since the last clear_requests()
        self._connections_lock = threading.Lock()
        self.route_latency: dict[str, float] = {}
        self.timeout_delay = 11.0  # how long a "timeout" fault stalls before closing the connection
        self.faults = FaultPlan()
        self.requests: list[RequestRecord] = []
        self.budgets = Budgets()
        self.verbose = False
        self._stopping = threading.Event()
        # Each registry on a port of its own, as PyPI and anaconda.org are hosts of their own: a
        # client's pools, and the connections it opens, are per host and port (0: a free one).
        self.registry_ports = {registry: 0 for registry in REGISTRIES}
        self._servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
        self._request_ids = itertools.count(1)
        self._routes = RouteTable()
        for table in (
            rest_repository.routes,
            rest_issues.routes,
            rest_issue_writes.routes,
            registries.routes,
            graphql_api.routes,
        ):
            self._routes.routes.extend(table.routes)

    # ---- lifecycle ----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self._base_url(self.port)

    def _base_url(self, port: int) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{port}"

    @property
    def ca_bundle(self) -> str | None:
        """The CA certificate file a client must trust (TLS only; made by start())."""
        return str(self.certificates.ca_bundle) if self.certificates else None

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    def registry_url(self, registry: str) -> str:
        return f"{self._base_url(self.registry_ports[registry])}/{registry}"

    @property
    def pypi_url(self) -> str:
        return self.registry_url("pypi")

    @property
    def anaconda_url(self) -> str:
        return self.registry_url("anaconda")

    def start(self) -> Simulator:
        """Listen for GitHub on `port` and for each registry on its own (kept across a restart).
        Every port answers every route: the ports only stand for the world's separate hosts."""
        self._stopping.clear()
        if self.tls:
            self.certificates = self.certificates or make_certificates(self.host)
        try:
            self.port = self._listen(self.port, "github-simulator")
            for registry in REGISTRIES:
                self.registry_ports[registry] = self._listen(
                    self.registry_ports[registry], f"{registry}-simulator"
                )
        except OSError:
            self.stop()
            raise
        self.state.api_url = self.url
        return self

    def _listen(self, port: int, name: str) -> int:
        """Serve on `port` in a thread of its own; the port bound."""
        simulator = self

        class Handler(RequestHandler):
            sim = simulator

        server = ThreadingHTTPServer((self.host, port), Handler)
        server.daemon_threads = True
        if self.certificates is not None:
            # The handshake happens in each connection's thread (RequestHandler.setup), not in accept().
            server.socket = self.certificates.server_context().wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )
        thread.start()
        self._servers.append((server, thread))
        return int(server.server_address[1])

    def stop(self) -> None:
        self._stopping.set()
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()
        if self.certificates is not None:
            shutil.rmtree(self.certificates.folder, ignore_errors=True)
            self.certificates = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- the world as the REST API shows it, for tests ------------------------------------------
    def comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        """The comments on issue or PR `number` as REST lists them: id, user.login, body, timestamps."""
        with self.state.lock:
            target = self.state.repo(repo)
            return [comment_json(self.state, target, c) for c in target.issues[number].comments]

    def add_comment(self, repo: str, number: int, login: str, body: str) -> dict[str, Any]:
        """A comment by `login` on issue or PR `number`, returned as REST shows it."""
        with self.state.lock:
            comment = self.state.add_comment(repo, number, login, body)
            return comment_json(self.state, self.state.repo(repo), comment)

    # ---- knobs for tests --------------------------------------------------------------------
    def inject(
        self,
        route: str,
        kind: str,
        times: int = 1,
        status: int | None = None,
        retry_after: int | None = None,
        delay: float | None = None,
    ) -> None:
        """The next `times` requests to `route` ("GET /repos/{owner}/{repo}", or "*") fail with `kind`."""
        self._check_route(route)
        self.faults.add(Fault(route, kind, times, status, retry_after, delay))

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_latency(self, seconds: float, route: str | None = None) -> None:
        """Delay every request (route None) or those of one templated route."""
        if route is not None:
            self._check_route(route)
        if route is None:
            self.latency = seconds
        else:
            self.route_latency[route] = seconds

    def set_connection_latency(self, seconds: float) -> None:
        """Delay every new connection once (a TCP and TLS handshake's round trips), before its first request."""
        self.connection_latency = seconds

    def clear_requests(self) -> None:
        self.requests.clear()
        with self._connections_lock:
            self.connections = 0

    def connection_opened(self) -> None:
        with self._connections_lock:
            self.connections += 1
        self._sleep(self.connection_latency)

    def _check_route(self, route: str) -> None:
        """A typo in a route would make a fault or latency silently never apply."""
        seen = {record.route for record in self.requests}  # unmatched paths log as "GET /the/path"
        if route != "*" and route not in self.routes() and route not in seen:
            known = "\n  ".join(self.routes())
            raise ValueError(f"unknown route {route!r}; use '*' or one of:\n  {known}")

    def routes(self) -> list[str]:
        return [route.name for route in self._routes.routes] + [RATE_LIMIT_ROUTE]

    # ---- one request --------------------------------------------------------------------------
    def answer(
        self, method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> tuple[Answer, RequestRecord]:
        started = time.monotonic()
        parsed = urllib.parse.urlsplit(raw_path)
        path = self._canonical_path(parsed.path)
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        found = self._routes.match(method, path)
        route_name = (
            found[0].name if found else (RATE_LIMIT_ROUTE if path == "/rate_limit" else f"{method} {path}")
        )
        token, auth_error = self._token(headers)
        self._sleep(self.latency + self.route_latency.get(route_name, 0.0))
        request = Request(method, path, query, headers, body, self.state, token, found[1] if found else {})
        request_id = f"SIM0:{next(self._request_ids):06X}"
        answer, cost = self._answer(request, found[0] if found else None, route_name, auth_error, request_id)
        answer.headers.setdefault("x-github-request-id", request_id)
        record = RequestRecord(
            method=method,
            route=route_name,
            path=raw_path,
            status=answer.status,
            latency_s=time.monotonic() - started,
            graphql_cost=cost,
            login=token.login if token else None,
            received_at=time.time() - (time.monotonic() - started),
            operation=_operation_name(body) if route_name == "POST /graphql" else None,
        )
        return answer, record

    def _canonical_path(self, path: str) -> str:
        """/repositories/{id}/… (where a rename redirects to) is served as /repos/{owner}/{name}/…."""
        match = REPOSITORY_BY_ID.match(path)
        if match:
            with self.state.lock:
                for repo in self.state.repositories.values():
                    if repo.id == int(match.group(1)):
                        return f"/repos/{repo.full_name}{match.group(2) or ''}"
        return path

    def _token(self, headers: dict[str, str]) -> tuple[Token | None, bool]:
        """The token of `Authorization: token X` / `Bearer X`; (None, True) for an unknown token."""
        value = headers.get("authorization", "").strip()
        if not value:
            return None, False
        scheme, _, secret = value.partition(" ")
        if scheme.lower() not in {"token", "bearer"}:
            return None, True
        token = self.state.tokens.get(secret.strip())
        return token, token is None

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def _budget(self, token: Token | None, resource: str) -> Budget:
        if token is None:
            return self.budgets.get("anonymous", resource, ANONYMOUS_LIMIT if resource == "core" else 0)
        limit = token.graphql_limit if resource == "graphql" else token.rest_limit
        return self.budgets.get(token.value, resource, limit)

    def _answer(
        self, request: Request, route: Route | None, route_name: str, auth_error: bool, request_id: str
    ) -> tuple[Answer, int | None]:
        is_registry = route_name.split(" ", 1)[1].startswith(("/pypi/", "/anaconda/"))
        is_graphql = route_name == GRAPHQL_ROUTE
        resource = "graphql" if is_graphql else "core"
        budget = self._budget(request.token, resource)
        limit_headers = {} if is_registry else budget.headers(resource)
        if auth_error and not is_registry:
            return self._json(401, error_body("Bad credentials", 401), limit_headers), None
        fault = self.faults.take(route_name)
        if fault is not None and fault.kind not in ("graphql-partial-error", "lost-answer"):
            return self._fault(fault, request_id, is_graphql, limit_headers), None
        if route_name == RATE_LIMIT_ROUTE:
            return self._json(200, self._rate_limit_body(request.token), limit_headers), None
        if is_graphql and request.token is None:
            message = "This endpoint requires you to be authenticated."
            docs = "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"
            return self._json(401, error_body(message, 401, docs), {}), None
        if not is_registry and budget.remaining <= 0:
            return self._exhausted(budget, resource, is_graphql), None
        if route is None:
            return self._json(404, error_body("Not Found", 404), limit_headers), None
        request.context["partial_error"] = fault is not None and fault.kind == "graphql-partial-error"
        spent = False
        try:
            with self.state.lock:
                # read, report and spend the budget in one step, as GitHub does: two queries answered
                # at once never both report the points the other already spent
                request.context.update(remaining=budget.remaining, reset=budget.reset, limit=budget.limit)
                response = route.handler(request)
                if is_graphql and not is_registry and response.graphql_cost is not None:
                    self.budgets.spend(budget, response.graphql_cost)
                    spent = True
        except Redirect as redirect:
            response = Response(301, redirect.body, {"Location": redirect.location})
        except HttpError as error:
            response = Response(error.status, error.body)
        except Exception as error:  # a simulator bug: answer 500 and say so, do not drop the connection
            traceback.print_exc(file=sys.stderr)
            response = Response(
                500, error_body(f"GitHub simulator error: {type(error).__name__}: {error}", 500)
            )
        cost = response.graphql_cost
        if not is_registry:
            etag = self._etag(response) if request.method == "GET" and response.status == 200 else None
            if etag and etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
                return Answer(304, {**budget.headers(resource), "ETag": etag}, None), cost
            if not spent:
                self.budgets.spend(budget, 0 if is_graphql else 1)
            response.headers.update(budget.headers(resource))
            if etag:
                response.headers["ETag"] = etag
        answer = self._json(response.status, response.body, response.headers)
        if fault is not None and fault.kind == "lost-answer":
            answer.fault = fault.kind  # done, but the client never hears of it
        return answer, cost

    @staticmethod
    def _etag(response: Response) -> str:
        data = (
            response.body
            if isinstance(response.body, bytes)
            else json.dumps(response.body, sort_keys=True).encode()
        )
        digest = hashlib.sha256(data).hexdigest()
        return f'W/"{digest[:40]}"'

    @staticmethod
    def _json(status: int, body: Any, headers: dict[str, str]) -> Answer:
        if status in (204, 304) or body is None:
            return Answer(status, dict(headers), None)
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        return Answer(status, {"Content-Type": "application/json; charset=utf-8", **headers}, data)

    def _fault(
        self, fault: Fault, request_id: str, is_graphql: bool, limit_headers: dict[str, str]
    ) -> Answer:
        reply: FaultReply = reply_for(fault, request_id, is_graphql)
        if reply.kind in {"connection-reset", "timeout"}:
            if reply.kind == "timeout":
                self._sleep(fault.delay if fault.delay is not None else self.timeout_delay)
            return Answer(0, {}, None, fault=reply.kind)
        return self._json(reply.status, reply.body, {**limit_headers, **(reply.headers or {})})

    def _exhausted(self, budget: Budget, resource: str, is_graphql: bool) -> Answer:
        """Primary limit used up: 403 for REST, 200 with a RATE_LIMITED error for GraphQL."""
        headers = budget.headers(resource)
        if is_graphql:
            return self._json(200, graphql_rate_limited_body(), headers)
        message = "API rate limit exceeded for installation ID 1."
        docs = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
        return self._json(403, error_body(message, 403, docs), headers)

    def _rate_limit_body(self, token: Token | None) -> dict[str, Any]:
        core = self._budget(token, "core").as_json()
        graphql = self._budget(token, "graphql").as_json()
        resources = {
            "core": core,
            "graphql": graphql,
            "search": {"limit": 30, "used": 0, "remaining": 30, "reset": core["reset"]},
        }
        return {"resources": resources, "rate": core}

    def record(self, record: RequestRecord) -> None:
        self.requests.append(record)


class RequestHandler(BaseHTTPRequestHandler):
    sim: Simulator
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as a real server has: the head and the body go out in two writes, and with Nagle's
    # algorithm the body would wait for the client's delayed ACK (40 ms on Linux) on every answer.
    disable_nagle_algorithm = True
    server_version = "GitHub.com"
    sys_version = ""
    _handshake_failed = False

    def setup(self) -> None:
        self.sim.connection_opened()
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.do_handshake()
            except (OSError, ValueError):  # a client that gave up or does not trust the CA
                self._handshake_failed = True
        super().setup()

    def handle(self) -> None:
        if not self._handshake_failed:
            super().handle()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        method = "GET" if self.command == "HEAD" else self.command  # HEAD: GET's headers, no body
        answer, record = self.sim.answer(method, self.path, headers, body)
        record.method = self.command
        self.sim.record(record)
        if answer.fault is not None:
            self._break_connection()
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.body is not None:
            self.send_header("Content-Length", str(len(answer.body)))
        elif answer.status not in (204, 304):
            self.send_header("Content-Length", "0")
        self.end_headers()
        if answer.body is not None and self.command != "HEAD":
            self.wfile.write(answer.body)

    def _break_connection(self) -> None:
        """Close with a TCP reset, as a dropped connection looks to the client."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _serve

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        if self.sim.verbose:
            super().log_message(format, *args)


_OPERATION = re.compile(r"^\s*(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)\s*[({]", re.MULTILINE)
_COMMENT = re.compile(r"#[^\n]*")


def _operation_name(body: bytes | None) -> str | None:
    """The operation a GraphQL request names (its `operationName`, else its first `query Name`)."""
    try:
        document = json.loads(body or b"{}")
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("operationName"), str):
        return str(document["operationName"])
    match = _OPERATION.search(_COMMENT.sub("", str(document.get("query") or "")))
    return match.group(1) if match else None
