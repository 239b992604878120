"""Link checks against a real HTTP server on 127.0.0.1 (allowed only with allow_loopback)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from bot.facts.links import LinkPolicy, check_link, check_links, refusal

LOOPBACK = LinkPolicy(timeout=0.5, allow_loopback=True)


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self) -> None:
        Handler.seen.append(f"{self.command} {self.path} host={self.headers.get('Host')}")
        routes = {
            "/ok": (200, None),
            "/gone": (404, None),
            "/broken": (503, None),
            "/to-ok": (302, "/ok"),
            "/to-metadata": (302, "http://169.254.169.254/latest/meta-data/"),
            "/to-private": (301, "http://10.1.2.3/admin"),
            "/loop": (302, "/loop"),
        }
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/no-head" and self.command == "HEAD":
            status, location = 405, None
        elif self.path == "/no-head":
            status, location = 200, None
        else:
            status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = answer
    do_GET = answer


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_that_answers_is_ok(server: str) -> None:
    link = check_link(f"{server}/ok", LOOPBACK)
    assert (link.ok, link.status) == (True, 200)


def test_a_missing_page_is_not_ok(server: str) -> None:
    link = check_link(f"{server}/gone", LOOPBACK)
    assert (link.ok, link.status) == (False, 404)
    assert "does not exist" in (link.note or "")


def test_a_server_error_is_unknown_not_a_failure(server: str) -> None:
    link = check_link(f"{server}/broken", LOOPBACK)
    assert (link.ok, link.status) == (None, 503)


def test_redirects_are_followed(server: str) -> None:
    link = check_link(f"{server}/to-ok", LOOPBACK)
    assert (link.ok, link.status) == (True, 200)
    assert f"at {server}/ok" in (link.note or "")


def test_a_redirect_to_the_cloud_metadata_address_is_refused(server: str) -> None:
    link = check_link(f"{server}/to-metadata", LOOPBACK)
    assert link.ok is None
    assert link.note == "refused: 169.254.169.254 is a link-local address"


def test_a_redirect_to_a_private_address_is_refused(server: str) -> None:
    link = check_link(f"{server}/to-private", LOOPBACK)
    assert link.note == "refused: 10.1.2.3 is a private address"


def test_endless_redirects_stop(server: str) -> None:
    link = check_link(f"{server}/loop", LOOPBACK)
    assert (link.ok, link.note) == (None, "more than 5 redirects")


def test_get_is_used_when_head_is_not_allowed(server: str) -> None:
    Handler.seen.clear()
    link = check_link(f"{server}/no-head", LOOPBACK)
    assert (link.ok, link.status) == (True, 200)
    assert [s.split(" host=")[0] for s in Handler.seen] == ["HEAD /no-head", "GET /no-head"]


def test_a_slow_server_times_out_quickly(server: str) -> None:
    started = time.perf_counter()
    link = check_link(f"{server}/slow", LinkPolicy(timeout=0.3, allow_loopback=True))
    assert time.perf_counter() - started < 1.2
    assert (link.ok, link.note) == (None, "no answer within 0.3 s")


def test_loopback_is_refused_without_the_test_setting_and_nothing_is_sent(server: str) -> None:
    Handler.seen.clear()
    link = check_link(f"{server}/ok", LinkPolicy(timeout=0.5))
    assert link.ok is None
    assert link.note == "refused: 127.0.0.1 is a loopback address"
    assert Handler.seen == []


def test_a_name_resolving_to_loopback_is_refused() -> None:
    link = check_link("http://localhost/", LinkPolicy(timeout=0.5))
    assert link.note is not None and link.note.startswith("refused: localhost resolves to ")
    assert link.note.endswith("a loopback address")


@pytest.mark.parametrize(
    ("url", "note"),
    [
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:10.0.0.1]/", "refused: ::ffff:10.0.0.1 is a private address"),
        ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is a private address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is not a public address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://user:pw@example.org/", "refused: the URL carries a user name or password"),
    ],
)
def test_non_public_addresses_are_refused_before_connecting(url: str, note: str) -> None:
    assert check_link(url, LinkPolicy(timeout=0.5)).note == note
    if url != "http://[::1]/":  # the test setting lets loopback through, and nothing else
        assert check_link(url, LOOPBACK).note == note


def test_non_web_addresses_fail() -> None:
    link = check_link("javascript:alert(1)")
    assert (link.ok, link.note) == (False, "not a web address (http or https)")


def test_an_unknown_host_fails() -> None:
    link = check_link("https://no-such-host.invalid/", LinkPolicy(timeout=0.5))
    assert (link.ok, link.note) == (False, "the host no-such-host.invalid does not resolve")


def test_every_host_failing_to_resolve_means_no_network_not_dead_links() -> None:
    urls = ["https://no-such-host.invalid/", "https://docs.no-such-host.invalid/guide"]
    results = check_links(urls, LinkPolicy(timeout=0.5))
    assert [r.ok for r in results.values()] == [None, None]
    assert all("the runner seems to have no network" in r.note for r in results.values())


def test_one_unresolvable_host_among_answering_ones_still_fails(server: str) -> None:
    results = check_links(["http://no-such-host.invalid/", f"{server}/ok"], LOOPBACK)
    assert {u: r.ok for u, r in results.items()} == {
        "http://no-such-host.invalid/": False,
        f"{server}/ok": True,
    }
    assert results["http://no-such-host.invalid/"].note == "the host no-such-host.invalid does not resolve"


def test_check_links_returns_one_result_per_distinct_url(server: str) -> None:
    results = check_links([f"{server}/ok", f"{server}/gone", f"{server}/ok", ""], LOOPBACK)
    assert {u: r.ok for u, r in results.items()} == {f"{server}/ok": True, f"{server}/gone": False}


def test_public_addresses_are_allowed() -> None:
    import ipaddress

    assert refusal(ipaddress.ip_address("140.82.112.3")) is None
    assert refusal(ipaddress.ip_address("2606:50c0:8000::153")) is None
