"""Do the URLs an entry claims (homepage, documentation, tutorials) answer?

Every hop is checked before anything is sent: the host is resolved and every address must be
public (no private, loopback, link-local, shared, multicast, reserved or unspecified address),
so a self-hosted runner cannot be pointed at internal services. The request then goes to the
very address that was checked (the connection is pinned to it; TLS still verifies the host
name), so a DNS answer that changes between check and connect cannot slip through. Redirects
are followed by hand, each target checked the same way.

`allow_loopback=True` is for the GitHub simulator, the demo and tests ONLY: it lets 127.0.0.0/8
and ::1 through; private and link-local addresses stay refused.

Outcomes (`LinkCheck.ok`): True when the final answer is 2xx; False for 404/410, a host that
does not resolve, a refused connection or a bad certificate; None (could not tell) for refused
addresses, timeouts, other 4xx (401, 403, 429: often bot protection) and 5xx.

Budget: at most `max_probes` URLs per entry are probed, all at once, under one overall deadline
(`deadline` seconds). A server that answers one byte at a time (slow-loris) is cut off at the
deadline: its socket is shut down from outside, and its URL reads "could not tell".
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError, NewConnectionError, SSLError, TimeoutError

from bot.facts.model import LinkCheck

USER_AGENT = "ecosystem-bot link check (+https://github.com/ecosystem-bot)"
BROKEN = {404, 410}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class LinkPolicy:
    timeout: float = 5.0  # seconds, for connecting and for reading, per hop
    max_redirects: int = 5
    allow_loopback: bool = False  # the simulator, the demo and tests only
    max_probes: int = 5  # URLs probed per entry; the rest are reported as not checked
    deadline: float = 20.0  # seconds for all of an entry's probes together


class Refused(Exception):
    """The URL may not be fetched; `ok` is what the LinkCheck reports."""

    def __init__(self, note: str, ok: bool | None = None) -> None:
        super().__init__(note)
        self.note = note
        self.ok = ok


@dataclass
class _Probe:
    """One URL's probe, which the caller can cut off: it shuts down every socket the probe opened."""

    cancelled: bool = False
    connections: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def track(self, pool: urllib3.HTTPConnectionPool) -> None:
        make = pool._new_conn

        def new_conn() -> Any:
            connection = make()
            with self.lock:
                self.connections.append(connection)
            return connection

        pool._new_conn = new_conn  # type: ignore[method-assign]

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            sockets = [getattr(c, "sock", None) for c in self.connections]
        for sock in sockets:
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


def check_links(urls: Iterable[str], policy: LinkPolicy = LinkPolicy()) -> dict[str, LinkCheck]:
    """Probe the first `max_probes` distinct URLs at once, within `deadline` seconds in all; the
    result maps every URL given to its LinkCheck (those over the limit are not checked)."""
    distinct = list(dict.fromkeys(u for u in urls if isinstance(u, str) and u))
    if not distinct:
        return {}
    chosen, skipped = distinct[: max(0, policy.max_probes)], distinct[max(0, policy.max_probes) :]
    results = {
        url: LinkCheck(url, None, None, f"not checked: only the first {policy.max_probes} links are probed")
        for url in skipped
    }
    if chosen:
        results.update(_probe_all(chosen, policy))
    return {url: results[url] for url in distinct}


def _probe_all(urls: list[str], policy: LinkPolicy) -> dict[str, LinkCheck]:
    probes = {url: _Probe() for url in urls}
    pool = ThreadPoolExecutor(max_workers=len(urls), thread_name_prefix="link-probe")
    futures: dict[str, Future[LinkCheck]] = {
        url: pool.submit(check_link, url, policy, probes[url]) for url in urls
    }
    wait(futures.values(), timeout=policy.deadline)
    late = {url for url, future in futures.items() if not future.done()}
    # Cut the late ones off; a socket opened meanwhile is shut down on the next round.
    give_up = time.monotonic() + policy.timeout + 1
    while any(not futures[url].done() for url in late) and time.monotonic() < give_up:
        for url in late:
            probes[url].cancel()
        wait([futures[url] for url in late], timeout=0.05)
    pool.shutdown(wait=False, cancel_futures=True)
    note = f"no complete answer within {policy.deadline:g} s (the time allowed for an entry's links)"
    return {url: LinkCheck(url, None, None, note) if url in late else futures[url].result() for url in urls}


def check_link(url: str, policy: LinkPolicy = LinkPolicy(), probe: _Probe | None = None) -> LinkCheck:
    current = url.strip()
    try:
        for _ in range(policy.max_redirects + 1):
            if probe is not None and probe.cancelled:
                raise Refused(f"no complete answer within {policy.deadline:g} s")
            status, location = _request(current, policy, probe)
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            return _outcome(url, status, current)
        return LinkCheck(url, None, None, f"more than {policy.max_redirects} redirects")
    except Refused as refused:
        return LinkCheck(url, refused.ok, None, refused.note)


def _outcome(url: str, status: int, final: str) -> LinkCheck:
    moved = f" (after redirects, at {final})" if final != url.strip() else ""
    if 200 <= status < 300:
        return LinkCheck(url, True, status, f"answered {status}{moved}")
    if status in BROKEN:
        return LinkCheck(url, False, status, f"answered {status}: the page does not exist{moved}")
    if status >= 500:
        return LinkCheck(url, None, status, f"answered {status}: a server error, try again later{moved}")
    return LinkCheck(url, None, status, f"answered {status}{moved}; it may refuse automated requests")


def _request(url: str, policy: LinkPolicy, probe: _Probe | None = None) -> tuple[int, str | None]:
    """One hop: check the address, send HEAD (GET when HEAD is not allowed) to exactly that address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("not a valid URL", ok=False) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise Refused("not a web address (http or https)", ok=False)
    if parts.username is not None or parts.password is not None:
        raise Refused("refused: the URL carries a user name or password")
    host = _ascii_host(parts.hostname)
    port = port or (443 if scheme == "https" else 80)
    address = _public_address(host, port, policy)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    pool = _pool(scheme, address, port, host, policy)
    if probe is not None:
        probe.track(pool)
    try:
        for method in ("HEAD", "GET"):
            response = pool.urlopen(
                method,
                target,
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": "*/*"},
                redirect=False,
                retries=False,
                preload_content=False,
                timeout=urllib3.Timeout(connect=policy.timeout, read=policy.timeout),
            )
            response.close()  # the body is not needed
            if method == "HEAD" and response.status in (403, 405, 501):
                continue  # some servers refuse HEAD; ask again with GET
            return response.status, response.headers.get("Location")
        return response.status, response.headers.get("Location")
    except MaxRetryError as error:
        raise _connection_problem(error.reason, policy) from None
    except HTTPError as error:
        raise _connection_problem(error, policy) from None
    finally:
        pool.close()


def _connection_problem(error: object, policy: LinkPolicy) -> Refused:
    if isinstance(error, NewConnectionError):  # a subclass of TimeoutError in urllib3 2
        return Refused("the connection was refused", ok=False)
    if isinstance(error, TimeoutError):
        return Refused(f"no answer within {policy.timeout:g} s")
    if isinstance(error, SSLError):
        return Refused("the TLS certificate is not valid for the host", ok=False)
    return Refused(f"could not connect: {type(error).__name__}")


def _ascii_host(hostname: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise Refused("the host name is not valid", ok=False) from None


def _public_address(host: str, port: int, policy: LinkPolicy) -> str:
    """The first address of the host, after checking that EVERY address it resolves to is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise Refused(f"the host {host} does not resolve", ok=False) from None
    addresses = sorted(dict.fromkeys(str(info[4][0]) for info in infos), key=lambda a: ":" in a)  # IPv4 first
    for text in addresses:
        reason = refusal(ipaddress.ip_address(text.split("%")[0]), policy.allow_loopback)
        if reason:
            shown = f"{host} is" if host.strip("[]") == text else f"{host} resolves to {text},"
            raise Refused(f"refused: {shown} {reason}")
    if not addresses:
        raise Refused(f"the host {host} does not resolve", ok=False)
    return addresses[0]


def refusal(ip: IPAddress, allow_loopback: bool = False) -> str | None:
    """Why the bot must not connect to `ip`, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


def _pool(scheme: str, address: str, port: int, host: str, policy: LinkPolicy) -> urllib3.HTTPConnectionPool:
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            maxsize=1,
        )
    return urllib3.HTTPConnectionPool(address, port, maxsize=1)
