"""The connection to GitHub, opened while the Action is still importing the bot.

A review's first request waits for two things that need not wait for each other: the imports before
it (about a quarter of a second of CPU, `requests` half of it) and the TCP and TLS handshakes with
GitHub (network round trips). `start()`, the first thing `python -m bot run` does, opens the
connection in a thread with the standard library alone. The GitHub client's connection pool adopts
it for its first connection (`take()`, from bot.github_pool) only if it is the connection the pool would
have made: the same host and port, verified against the same CA bundle, with the certificate and
the host name checked, and no proxy. Otherwise the pool connects as it always does, so a failure
reads as it always has: the early attempt's own errors are never shown.

Standard library only (and certifi, where requests finds its CA bundle: bot.ca_bundle).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.ca_bundle import ca_bundle
from bot.github_urls import graphql_url

# As the GitHub client's default timeout (bot.github): a slower handshake would fail there too.
HANDSHAKE_TIMEOUT_S = 15.0
PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass
class EarlyConnection:
    """One connection being opened (or opened) in the background, for `take()` to hand over."""

    host: str
    port: int
    ca_bundle: str
    deadline: float  # time.monotonic() by which the handshake has ended, or failed
    done: threading.Event = field(default_factory=threading.Event)
    sock: ssl.SSLSocket | None = None  # set when the handshake succeeded
    abandoned: bool = False  # nobody will take it: closed as soon as it exists


_pending: list[EarlyConnection] = []  # at most one; taken once
_lock = threading.Lock()  # guards _pending
_sockets = threading.Lock()  # guards each EarlyConnection's sock and abandoned


def start(environ: Mapping[str, str], timeout: float = HANDSHAKE_TIMEOUT_S) -> EarlyConnection | None:
    """Open the connection to GitHub's API in the background, unless a proxy is configured or the
    API is not HTTPS; its connect and TLS handshake end within `timeout` seconds, or fail. Returns
    what `take()` will hand over (None when nothing was started)."""
    url = urllib.parse.urlsplit(graphql_url(environ))
    if url.scheme != "https" or not url.hostname or any(environ.get(name) for name in PROXY_VARIABLES):
        return None
    try:
        port = url.port or 443
    except ValueError:  # a malformed port: the client reports it when it sends
        return None
    early = EarlyConnection(url.hostname, port, ca_bundle(environ), time.monotonic() + timeout)
    with _lock:
        _discard_pending()
        _pending.append(early)
    # A daemon thread: a run that ends before it needs GitHub (an event it ignores) does not wait
    # for the handshake. It imports nothing, so ending mid-way is safe.
    threading.Thread(target=_open, args=(early,), name="early-connection", daemon=True).start()
    return early


def take(host: str, port: int, ca_bundle: str) -> ssl.SSLSocket | None:
    """The early connection if it is to `host`:`port`, verified against `ca_bundle`, and its
    handshake succeeded (waiting for it to end, at most until its deadline); None otherwise.
    Handed over once: one not handed over is closed."""
    with _lock:
        if not _pending:
            return None
        early = _pending.pop()
    if (early.host, early.port, early.ca_bundle) != (host, port, ca_bundle) or not early.done.wait(
        max(0.0, early.deadline - time.monotonic())
    ):
        _abandon(early)
        return None
    return early.sock


def _open(early: EarlyConnection) -> None:
    sock: ssl.SSLSocket | None = None
    try:
        context = ssl.create_default_context(cafile=early.ca_bundle)  # certificate and host name checked
        context.set_alpn_protocols(["http/1.1"])
        raw = socket.create_connection((early.host, early.port), timeout=_remaining(early))
        try:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            raw.settimeout(_remaining(early))  # the handshake ends by the deadline too
            sock = context.wrap_socket(raw, server_hostname=early.host.rstrip("."))
        except BaseException:
            raw.close()
            raise
    except Exception:  # whatever it was, the pool connects again and reports what goes wrong then
        sock = None
    finally:
        with _sockets:
            early.sock = sock
            if early.abandoned and sock is not None:
                sock.close()
        early.done.set()


def _remaining(early: EarlyConnection) -> float:
    return max(0.001, early.deadline - time.monotonic())


def discard() -> None:
    """Close the early connection if nobody took it (at once, or as soon as its handshake ends)."""
    with _lock:
        _discard_pending()


def _discard_pending() -> None:
    while _pending:
        _abandon(_pending.pop())


def _abandon(early: EarlyConnection) -> None:
    with _sockets:
        early.abandoned = True
        if early.sock is not None:
            early.sock.close()
