"""The GitHub client against the simulator: retries, rate limits and counting, as a run would meet them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.github import GitHubClient, GitHubError, RateLimited, ReadOnlyToken, RetryPolicy, route_of
from bot.simulator import Simulator

STATE = {
    "users": [{"login": "github-actions[bot]", "type": "Bot"}, {"login": "alice"}],
    "tokens": {
        "bot-token": "github-actions[bot]",
        "ro-token": {"login": "github-actions[bot]", "read_only": True},
    },
    "repositories": [
        {
            "name": "org/repo",
            "commits": [{"message": "init", "author": "alice", "files": {"README.md": "# repo\n"}}],
            "issues": [{"number": 1, "title": "An issue", "author": "alice"}],
        }
    ],
}
QUERY = 'query { repository(owner: "org", name: "repo") { nameWithOwner } }'


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(STATE) as simulator:
        yield simulator


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(sim: Simulator, token: str = "bot-token", **policy: float) -> tuple[GitHubClient, Sleeps]:
    sleeps = Sleeps()
    retry = RetryPolicy(**policy) if policy else RetryPolicy()
    return GitHubClient(token, sim.url, sim.graphql_url, timeout=2, retry=retry, sleep=sleeps), sleeps


def test_server_errors_are_retried_with_growing_back_off(sim: Simulator):
    client, sleeps = client_for(sim)
    sim.inject("GET /repos/{owner}/{repo}", "status", times=2, status=502)
    response = client.rest_get("/repos/org/repo")
    assert response.status == 200 and response.json["full_name"] == "org/repo"
    assert sleeps == [1.0, 2.0]
    assert client.stats.by_route["GET /repos/{owner}/{repo}"] == 3


def test_persistent_server_errors_end_in_a_clear_error(sim: Simulator):
    client, _ = client_for(sim)
    sim.inject("POST /graphql", "status", times=10, status=503)
    with pytest.raises(GitHubError, match=r"POST /graphql: HTTP 503"):
        client.graphql(QUERY)
    assert client.stats.by_route["POST /graphql"] == 4


def test_retry_after_is_honoured(sim: Simulator):
    client, sleeps = client_for(sim)
    sim.inject("GET /repos/{owner}/{repo}", "retry-after", retry_after=3)
    assert client.rest_get("/repos/org/repo").status == 200
    assert sleeps == [3.0]


def test_secondary_rate_limit_backs_off_from_60_seconds(sim: Simulator):
    client, sleeps = client_for(sim)
    sim.inject("GET /repos/{owner}/{repo}", "secondary-rate-limit", times=2)
    assert client.rest_get("/repos/org/repo").status == 200
    assert sleeps == [60.0, 120.0]


def test_exhausted_rate_limit_waits_for_the_reset_or_gives_up(sim: Simulator):
    client, sleeps = client_for(sim)
    sim.inject("GET /repos/{owner}/{repo}", "rate-limit-exhausted", retry_after=5)
    assert client.rest_get("/repos/org/repo").status == 200
    assert len(sleeps) == 1 and 4 <= sleeps[0] <= 7

    impatient, _ = client_for(sim, max_wait=10)
    sim.inject("GET /repos/{owner}/{repo}", "rate-limit-exhausted", retry_after=3600)
    with pytest.raises(RateLimited, match="primary rate limit exhausted") as raised:
        impatient.rest_get("/repos/org/repo")
    assert raised.value.reset_at is not None


def test_dropped_connection_and_malformed_answer_are_retried(sim: Simulator):
    client, sleeps = client_for(sim, backoff=0.01)
    sim.inject("POST /graphql", "connection-reset")
    sim.inject("GET /repos/{owner}/{repo}", "malformed-json")
    assert client.graphql(QUERY).data == {"repository": {"nameWithOwner": "org/repo"}}
    assert client.rest_get("/repos/org/repo").json["full_name"] == "org/repo"
    assert len(sleeps) == 2


def test_graphql_partial_errors_come_back_with_the_data(sim: Simulator):
    client, _ = client_for(sim)
    query = (
        'query { a: repository(owner: "org", name: "repo") { nameWithOwner } '
        'b: repository(owner: "org", name: "gone") { nameWithOwner } }'
    )
    response = client.graphql(query)
    assert response.data == {"a": {"nameWithOwner": "org/repo"}, "b": None}
    assert response.errors and response.errors[0]["type"] == "NOT_FOUND"


def test_read_only_token_is_reported_as_such(sim: Simulator):
    client, _ = client_for(sim, token="ro-token")
    with pytest.raises(ReadOnlyToken, match="Resource not accessible by integration"):
        client.rest_write("POST", "/repos/org/repo/issues/1/comments", {"body": "hi"})


def test_writes_go_through_the_session_and_are_counted(sim: Simulator):
    client, _ = client_for(sim)
    created = client.rest_write("POST", "/repos/org/repo/issues/1/comments", {"body": "hello"})
    assert sim.comments("org/repo", 1)[0]["body"] == "hello"
    assert created["user"]["login"] == "github-actions[bot]"
    assert client.stats.by_route["POST /repos/{owner}/{repo}/issues/{number}/comments"] == 1


def test_etag_makes_a_repeated_read_free(sim: Simulator):
    client, _ = client_for(sim)
    first = client.rest_get("/repos/org/repo")
    second = client.rest_get("/repos/org/repo")
    assert second.json == first.json
    assert [r.status for r in sim.requests if r.route == "GET /repos/{owner}/{repo}"] == [200, 304]


@pytest.mark.parametrize(
    ("url", "route"),
    [
        ("http://h/repos/a/b/pulls/3/files?page=2", "/repos/{owner}/{repo}/pulls/{number}/files"),
        ("https://api.github.com/repos/a/b/issues/comments/9", "/repos/{owner}/{repo}/issues/comments/{id}"),
        ("http://h/repos/a/b/labels/review%3A%20passed", "/repos/{owner}/{repo}/labels/{name}"),
    ],
)
def test_routes_group_requests_for_the_counts(url: str, route: str):
    assert route_of(url) == route


def test_one_lane_sends_graphql_rest_and_pygithub_on_one_connection(sim: Simulator):
    client, _ = client_for(sim)
    client.lanes.resize(1)
    sim.clear_requests()
    with ThreadPoolExecutor(max_workers=4) as pool:  # as a repository's facts are read
        reads = [pool.submit(client.rest_get, f"/repos/org/repo?n={n}") for n in range(3)]
        reads.append(pool.submit(client.graphql, 'query { repository(owner: "org", name: "repo") { id } }'))
        for read in reads:
            read.result()
    stars = client.pygithub("GET repository", lambda: client.gh.get_repo("org/repo").stargazers_count)
    assert stars == sim.state.repo("org/repo").stars  # a read PyGithub sent
    assert len(sim.requests) == 5
    assert sim.connections == 1


def test_wider_lanes_read_at_once_on_their_own_connections(sim: Simulator):
    client, _ = client_for(sim)
    sim.set_latency(0.2)
    sim.clear_requests()
    with ThreadPoolExecutor(max_workers=3) as pool:
        for read in [pool.submit(client.rest_get, f"/repos/org/repo?n={n}") for n in range(3)]:
            read.result()
    assert sim.connections == 3  # the audit's default: up to MAX_CONNECTIONS at once


def test_a_callback_runs_once_as_the_next_request_leaves_in_the_thread_that_sends_it(sim: Simulator):
    client = GitHubClient("bot-token", sim.url, sim.graphql_url)
    client.rest_get("/repos/org/repo")  # before the callback is set: not its request
    seen: list[tuple[int, str]] = []
    client.before_next_request(lambda: seen.append((len(sim.requests), threading.current_thread().name)))
    assert seen == []
    with ThreadPoolExecutor(1, thread_name_prefix="facts") as pool:
        pool.submit(client.graphql, QUERY).result()
    client.rest_get("/repos/org/repo/issues/1")
    assert len(sim.requests) == 3
    assert seen == [(1, "facts_0")]  # once, before the GraphQL request reached GitHub, in its thread
