"""Server behaviour shared by all routes: tokens, rate-limit budget, ETags, latency, the request log."""

from __future__ import annotations

import time

import requests

from bot.simulator import RequestRecord
from tests.simulator.conftest import ALICE, github, session


def test_rate_limit_headers_count_down_per_token(sim):
    bot, alice = session(), session(ALICE)
    first = bot.get(f"{sim.url}/repos/acme/catalog")
    second = bot.get(f"{sim.url}/repos/acme/catalog/labels")
    other = alice.get(f"{sim.url}/repos/acme/catalog")
    assert first.headers["x-ratelimit-limit"] == "5000"
    assert (first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]) == (
        "4999",
        "4998",
    )
    assert second.headers["x-ratelimit-used"] == "2" and second.headers["x-ratelimit-resource"] == "core"
    assert other.headers["x-ratelimit-remaining"] == "4999"
    assert int(first.headers["x-ratelimit-reset"]) > time.time()
    limits = bot.get(f"{sim.url}/rate_limit").json()  # not counted, like GitHub
    assert limits["resources"]["core"]["remaining"] == 4998 and limits["rate"]["used"] == 2


def test_exhausted_budget_is_403_until_reset(sim):
    tiny = session("tiny-token")  # rest_limit: 3
    statuses = [tiny.get(f"{sim.url}/repos/acme/catalog").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 403]
    refused = tiny.get(f"{sim.url}/repos/acme/catalog")
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert refused.json()["message"].startswith("API rate limit exceeded")


def test_etag_and_304_not_counted(sim, api):
    first = api.get(f"{sim.url}/repos/acme/catalog/pulls/1")
    etag = first.headers["ETag"]
    again = api.get(f"{sim.url}/repos/acme/catalog/pulls/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"]
    sim.state.add_comment("acme/catalog", 1, "carol", "changes the PR's comment count")
    changed = api.get(f"{sim.url}/repos/acme/catalog/pulls/1", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_unknown_token_is_401_and_no_token_is_anonymous(sim):
    bad = requests.get(f"{sim.url}/repos/acme/catalog", headers={"Authorization": "token nope"})
    assert bad.status_code == 401 and bad.json()["message"] == "Bad credentials"
    anonymous = requests.get(f"{sim.url}/repos/acme/catalog")
    assert anonymous.status_code == 200 and anonymous.headers["x-ratelimit-limit"] == "60"
    bearer = requests.get(f"{sim.url}/repos/acme/catalog", headers={"Authorization": "Bearer bot-token"})
    assert bearer.headers["x-ratelimit-limit"] == "5000"


def test_unknown_route_is_404(sim, api):
    response = api.get(f"{sim.url}/repos/acme/catalog/no-such-thing")
    assert response.status_code == 404 and response.json()["message"] == "Not Found"


def test_latency_global_and_per_route(sim, api):
    sim.latency = 0.2
    started = time.monotonic()
    api.get(f"{sim.url}/repos/acme/catalog")
    assert time.monotonic() - started >= 0.2
    sim.latency = 0
    sim.set_latency(0.3, "GET /repos/{owner}/{repo}/labels")
    started = time.monotonic()
    api.get(f"{sim.url}/repos/acme/catalog")
    fast = time.monotonic() - started
    api.get(f"{sim.url}/repos/acme/catalog/labels")
    slow = time.monotonic() - started - fast
    assert fast < 0.2 <= 0.3 <= slow
    assert sim.requests[-1].latency_s >= 0.3 > sim.requests[-2].latency_s


def test_request_log_records_route_status_login_and_cost(sim, api):
    sim.clear_requests()
    api.get(f"{sim.url}/repos/acme/catalog/pulls/1/files?per_page=5")
    session(ALICE).post(f"{sim.url}/repos/acme/catalog/issues/1/comments", json={"body": "hi"})
    api.post(f"{sim.url}/graphql", json={"query": '{ repository(owner: "acme", name: "catalog") { name } }'})
    api.get(f"{sim.url}/repos/nobody/nothing")
    assert [(r.method, r.route, r.status, r.login) for r in sim.requests] == [
        ("GET", "GET /repos/{owner}/{repo}/pulls/{number}/files", 200, "github-actions[bot]"),
        ("POST", "POST /repos/{owner}/{repo}/issues/{number}/comments", 201, "alice"),
        ("POST", "POST /graphql", 200, "github-actions[bot]"),
        ("GET", "GET /repos/{owner}/{repo}", 404, "github-actions[bot]"),
    ]
    assert sim.requests[0].path == "/repos/acme/catalog/pulls/1/files?per_page=5"
    assert [r.graphql_cost for r in sim.requests] == [None, None, 1, None]
    assert all(isinstance(r, RequestRecord) and r.latency_s >= 0 for r in sim.requests)


def test_pygithub_requests_are_logged(sim):
    sim.clear_requests()
    github(sim).get_repo("acme/catalog").get_pull(1)
    assert [r.route for r in sim.requests] == [
        "GET /repos/{owner}/{repo}",
        "GET /repos/{owner}/{repo}/pulls/{number}",
    ]


def test_head_gets_headers_without_a_body(sim, api):
    response = api.head(f"{sim.url}/repos/acme/catalog")
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) > 0
    assert (
        api.get(f"{sim.url}/repos/acme/catalog").json()["full_name"] == "acme/catalog"
    )  # connection still fine


def test_latency_overlaps_for_concurrent_requests(sim):
    """Latency is waited outside the state lock, so parallel clients are not serialised."""
    from concurrent.futures import ThreadPoolExecutor

    sim.latency = 0.3
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(
            pool.map(lambda _: session().get(f"{sim.url}/repos/acme/catalog").status_code, range(6))
        )
    elapsed = time.monotonic() - started
    assert statuses == [200] * 6
    assert 0.3 <= elapsed < 1.2  # serialised it would take 1.8 s


def test_a_simulator_bug_answers_500_instead_of_dropping_the_connection(sim, api):
    sim.state.issue("acme/catalog", 1).pull.head_sha = "0" * 40  # a state no fixture can produce
    response = api.get(f"{sim.url}/repos/acme/catalog/pulls/1/files")
    assert response.status_code == 500 and response.json()["message"].startswith(
        "GitHub simulator error: KeyError"
    )
    assert api.get(f"{sim.url}/repos/acme/catalog").status_code == 200


def test_an_answer_is_not_held_back_by_nagles_algorithm(sim, api):
    """The head and the body of an answer go out in two writes; with Nagle's algorithm on, the
    second waits for the client's delayed ACK (40 ms on Linux), a stall github.com does not have and
    that every benchmark would count on every request. Sequential requests on one kept-alive
    connection therefore take about a millisecond each, not 40."""
    api.get(f"{sim.url}/repos/acme/catalog")  # the connection is open from here on
    times = []
    for _ in range(15):
        started = time.monotonic()
        api.get(f"{sim.url}/repos/acme/catalog")
        times.append(time.monotonic() - started)
    assert sorted(times)[len(times) // 2] < 0.025, times


def test_each_registry_is_a_host_of_its_own_as_pypi_and_anaconda_org_are(sim):
    """One kept-alive session asking GitHub, PyPI and anaconda.org in turn opens three connections,
    as against the world; it would reuse one were the registries served where GitHub is."""
    hosts = {requests.utils.urlparse(url).netloc for url in (sim.url, sim.pypi_url, sim.anaconda_url)}
    assert len(hosts) == 3
    client = session()
    sim.clear_requests()
    answers = [
        client.get(f"{sim.url}/repos/acme/catalog"),
        client.get(f"{sim.pypi_url}/torchwidget/json"),
        client.get(f"{sim.anaconda_url}/package/conda-forge/torchwidget"),
        client.get(f"{sim.pypi_url}/torchwidget/json"),
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert answers[1].json()["info"]["version"] == answers[2].json()["latest_version"] == "1.2.0"
    assert sim.connections == 3


def test_a_restarted_simulator_keeps_its_registries_where_they_were(sim):
    before = (sim.url, sim.pypi_url, sim.anaconda_url)
    sim.stop()
    sim.start()
    assert (sim.url, sim.pypi_url, sim.anaconda_url) == before
    assert session().get(f"{sim.anaconda_url}/package/conda-forge/torchwidget").status_code == 200
