"""Each injected fault answers what GitHub would send: status, headers and body, or a broken socket."""

from __future__ import annotations

import json
import time

import pytest
import requests
from github import GithubException

from tests.simulator.conftest import github, session

PULL = "GET /repos/{owner}/{repo}/pulls/{number}"


def pull(sim, client=None, **kwargs):
    return (client or session()).get(f"{sim.url}/repos/acme/catalog/pulls/1", **kwargs)


def test_status_fault_fails_n_times_then_recovers(sim):
    sim.inject(PULL, "status", times=2, status=502)
    assert [pull(sim).status_code for _ in range(3)] == [502, 502, 200]
    sim.inject("*", "status", status=500)
    failed = session().get(f"{sim.url}/repos/acme/catalog/labels")
    assert failed.status_code == 500 and failed.json()["message"] == "Server Error"


def test_faults_only_hit_their_route(sim):
    sim.inject(PULL, "status", status=503)
    assert session().get(f"{sim.url}/repos/acme/catalog").status_code == 200
    assert pull(sim).status_code == 503


def test_secondary_rate_limit(sim):
    sim.inject(PULL, "secondary-rate-limit", retry_after=30)
    response = pull(sim)
    assert response.status_code == 403
    assert response.json()["message"].startswith("You have exceeded a secondary rate limit")
    assert response.headers["Retry-After"] == "30"
    assert int(response.headers["x-ratelimit-remaining"]) > 0  # not the primary limit
    sim.inject(PULL, "secondary-rate-limit")
    assert "Retry-After" not in pull(sim).headers


def test_retry_after_429(sim):
    sim.inject(PULL, "retry-after", retry_after=2)
    response = pull(sim)
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    assert "secondary rate limit" in response.json()["message"]


def test_primary_rate_limit_exhausted(sim):
    sim.inject(PULL, "rate-limit-exhausted", retry_after=5)
    response = pull(sim)
    assert response.status_code == 403
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert 0 < int(response.headers["x-ratelimit-reset"]) - time.time() <= 6
    assert response.json()["message"].startswith("API rate limit exceeded")


def test_primary_rate_limit_on_graphql_is_a_rate_limited_error(sim):
    sim.inject("POST /graphql", "rate-limit-exhausted", retry_after=5)
    response = session().post(f"{sim.url}/graphql", json={"query": "{ rateLimit { remaining } }"})
    assert response.status_code == 200 and response.json()["errors"][0]["type"] == "RATE_LIMITED"
    assert response.json()["data"] is None
    assert response.headers["x-ratelimit-remaining"] == "0"


def test_connection_reset(sim):
    sim.inject(PULL, "connection-reset")
    with pytest.raises(requests.ConnectionError):
        pull(sim)
    assert pull(sim).status_code == 200
    assert [r.status for r in sim.requests[-2:]] == [0, 200]


def test_timeout(sim):
    sim.inject(PULL, "timeout", delay=1.0)
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout):
        pull(sim, timeout=0.3)
    assert time.monotonic() - started < 1.0
    assert pull(sim, timeout=5).status_code == 200


def test_malformed_json(sim):
    sim.inject(PULL, "malformed-json")
    response = pull(sim)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


def test_graphql_partial_error(sim):
    sim.inject("POST /graphql", "graphql-partial-error")
    query = '{ a: repository(owner: "acme", name: "catalog") { name } b: repository(owner: "widgets", name: "torchwidget") { name } }'
    body = session().post(f"{sim.url}/graphql", json={"query": query}).json()
    assert body["data"] == {"a": None, "b": {"name": "torchwidget"}}
    assert body["errors"][0]["path"] == ["a"] and "Something went wrong" in body["errors"][0]["message"]


def test_pygithub_sees_injected_status(sim):
    sim.inject("GET /repos/{owner}/{repo}", "status", status=502)
    with pytest.raises(GithubException) as raised:
        github(sim).get_repo("acme/catalog")
    assert raised.value.status == 502


def test_unknown_fault_kind_is_refused(sim):
    with pytest.raises(ValueError, match="unknown fault kind"):
        sim.inject(PULL, "gremlins")


def test_unknown_route_is_refused_with_the_known_ones(sim):
    with pytest.raises(
        ValueError, match=r"unknown route 'GET /repos/\{owner\}/\{repo\}/pull/\{number\}'"
    ) as raised:
        sim.inject("GET /repos/{owner}/{repo}/pull/{number}", "status")
    assert PULL in str(raised.value)
    with pytest.raises(ValueError, match="unknown route"):
        sim.set_latency(1.0, "GET /nowhere")
