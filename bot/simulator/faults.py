"""Injected faults: what GitHub sends when things go wrong, on demand, per route or for all ("*")."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from bot.simulator.shapes import error_body
from bot.simulator.state import Json

KINDS = (
    "status",
    "secondary-rate-limit",
    "retry-after",
    "rate-limit-exhausted",
    "connection-reset",
    "timeout",
    "malformed-json",
    "graphql-partial-error",
    "lost-answer",  # the request is carried out, then the connection drops before the answer
)
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
SECONDARY_DOCS = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
PRIMARY_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
STATUS_MESSAGES = {
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    route: str  # "GET /repos/{owner}/{repo}" or "*"
    kind: str
    times: int = 1
    status: int | None = None
    retry_after: int | None = None
    delay: float | None = None  # timeout: how long the server stalls before closing

    def matches(self, route: str) -> bool:
        return self.times > 0 and (self.route == "*" or self.route == route)


@dataclass
class FaultReply:
    """What the server does instead of answering: a status with headers and body, or a broken socket."""

    kind: str
    status: int = 0
    headers: dict[str, str] | None = None
    body: Json | bytes | None = None


class FaultPlan:
    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        if fault.kind not in KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; known: {', '.join(KINDS)}")
        with self.lock:
            self.faults.append(fault)

    def take(self, route: str) -> Fault | None:
        """The first pending fault for this route, used up once."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(route):
                    fault.times -= 1
                    return fault
        return None

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()


def reply_for(fault: Fault, request_id: str, is_graphql: bool) -> FaultReply:
    """GitHub's answer for a fault (the GraphQL partial error is applied after execution instead)."""
    if fault.kind == "status":
        status = fault.status or 502
        message = STATUS_MESSAGES.get(status, "Server Error")
        return FaultReply("status", status, {}, error_body(message, status))
    if fault.kind in {"secondary-rate-limit", "retry-after"}:
        status = fault.status or (403 if fault.kind == "secondary-rate-limit" else 429)
        headers: dict[str, str] = {}
        retry_after = (
            fault.retry_after
            if fault.retry_after is not None
            else (60 if fault.kind == "retry-after" else None)
        )
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        body = error_body(SECONDARY_MESSAGE.format(request_id=request_id), status, SECONDARY_DOCS)
        return FaultReply(fault.kind, status, headers, body)
    if fault.kind == "rate-limit-exhausted":
        wait = fault.retry_after if fault.retry_after is not None else 60
        reset = str(math.ceil(time.time() + wait))
        headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}
        if is_graphql:
            return FaultReply(fault.kind, 200, headers, graphql_rate_limited_body())
        status = fault.status or 403
        body = error_body("API rate limit exceeded for installation ID 1.", status, PRIMARY_DOCS)
        return FaultReply(fault.kind, status, headers, body)
    if fault.kind == "malformed-json":
        return FaultReply(fault.kind, fault.status or 200, {}, b'{"message": "truncated respo')
    return FaultReply(fault.kind)  # connection-reset, timeout: handled on the socket


def graphql_rate_limited_body() -> Json:
    """GraphQL's primary limit: HTTP 200, no data, an error of type RATE_LIMITED."""
    message = "API rate limit already exceeded for installation ID 1."
    return {"data": None, "errors": [{"type": "RATE_LIMITED", "message": message}]}
