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
addresses, timeouts, other 4xx (401, 403, 429: often bot protection) and 5xx. When EVERY host
of a `check_links` call fails to resolve (or resolution fails temporarily), the runner has no
network: each of them is None, "could not check", never "does not answer".
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


class Refused(Exception):
    """The URL may not be fetched; `ok` is what the LinkCheck reports."""

    def __init__(self, note: str, ok: bool | None = None, unresolved: bool = False) -> None:
        super().__init__(note)
        self.note = note
        self.ok = ok
        self.unresolved = unresolved  # the host name could not be resolved


def check_links(
    urls: Iterable[str], policy: LinkPolicy = LinkPolicy(), workers: int = 4
) -> dict[str, LinkCheck]:
    """Check each distinct URL (a few at a time); the result maps every URL given to its LinkCheck."""
    distinct = list(dict.fromkeys(u for u in urls if isinstance(u, str) and u))
    if not distinct:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(distinct)))) as pool:
        probes = list(pool.map(lambda url: _probe(url, policy), distinct))
    if all(unresolved for _, unresolved in probes):  # no name resolves at all: no network, not dead links
        offline = (
            "no host name resolved: the runner seems to have no network, so the links could not be checked"
        )
        return {
            url: LinkCheck(url, None, None, f"{check.note}; {offline}")
            for url, (check, _) in zip(distinct, probes, strict=True)
        }
    return {url: check for url, (check, _) in zip(distinct, probes, strict=True)}


def check_link(url: str, policy: LinkPolicy = LinkPolicy()) -> LinkCheck:
    return _probe(url, policy)[0]


def _probe(url: str, policy: LinkPolicy) -> tuple[LinkCheck, bool]:
    """The URL's LinkCheck, and whether it failed because its host name did not resolve."""
    current = url.strip()
    try:
        for _ in range(policy.max_redirects + 1):
            status, location = _request(current, policy)
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            return _outcome(url, status, current), False
        return LinkCheck(url, None, None, f"more than {policy.max_redirects} redirects"), False
    except Refused as refused:
        return LinkCheck(url, refused.ok, None, refused.note), refused.unresolved


def _outcome(url: str, status: int, final: str) -> LinkCheck:
    moved = f" (after redirects, at {final})" if final != url.strip() else ""
    if 200 <= status < 300:
        return LinkCheck(url, True, status, f"answered {status}{moved}")
    if status in BROKEN:
        return LinkCheck(url, False, status, f"answered {status}: the page does not exist{moved}")
    if status >= 500:
        return LinkCheck(url, None, status, f"answered {status}: a server error, try again later{moved}")
    return LinkCheck(url, None, status, f"answered {status}{moved}; it may refuse automated requests")


def _request(url: str, policy: LinkPolicy) -> tuple[int, str | None]:
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
    except socket.gaierror as error:
        if error.errno == socket.EAI_AGAIN:  # no name server answered: the runner's network, not the link
            raise Refused(f"the host {host} could not be resolved now", unresolved=True) from None
        raise Refused(f"the host {host} does not resolve", ok=False, unresolved=True) from None
    except (UnicodeError, OSError):
        raise Refused(f"the host {host} does not resolve", ok=False, unresolved=True) from None
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
