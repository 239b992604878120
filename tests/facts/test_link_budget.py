"""Issue 13: link probes are bounded: at most `max_probes` per entry, all under one deadline."""

from __future__ import annotations

import threading
import time

from bot.facts.links import LinkPolicy, check_links
from tests.hostile_servers import slow_loris_server


def test_a_slow_loris_homepage_is_cut_off_at_the_deadline():
    policy = LinkPolicy(timeout=1.0, allow_loopback=True, deadline=2.0)
    with slow_loris_server() as server:
        started = time.monotonic()
        results = check_links([f"{server}/", f"{server}/docs"], policy)
        elapsed = time.monotonic() - started
    assert 2.0 <= elapsed < 4.0  # the deadline, plus the time to cut the sockets
    assert {r.ok for r in results.values()} == {None}  # could not tell: never a pass, never a fail
    assert all("no complete answer within 2 s" in (r.note or "") for r in results.values())
    assert not [t for t in threading.enumerate() if t.name.startswith("link-probe")]


def test_only_the_first_links_are_probed_the_rest_are_named_as_not_checked():
    urls = [f"http://127.0.0.1:9/tutorial-{n}" for n in range(500)]
    policy = LinkPolicy(timeout=0.5, allow_loopback=True, max_probes=3, deadline=5.0)
    started = time.monotonic()
    results = check_links(urls, policy)
    assert time.monotonic() - started < 2.0
    assert list(results) == urls
    probed = [u for u, r in results.items() if not (r.note or "").startswith("not checked")]
    assert probed == urls[:3]
    assert results[urls[3]].ok is None
    assert results[urls[3]].note == "not checked: only the first 3 links are probed"
