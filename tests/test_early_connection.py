"""The connection to GitHub opened at launch (bot.early_connection): the GitHub client's first
connection is that one when it is the connection the client would have made, and its own otherwise.
Against the simulator over TLS, whose connections are counted as it accepts them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import early_connection
from bot.commands.demo import CATALOG_REPO, demo_state, run_action
from bot.github import GitHubClient, GitHubError, RetryPolicy
from bot.simulator import Simulator
from bot.simulator.events import pull_request_event

STATE = {
    "users": [{"login": "github-actions[bot]", "type": "Bot"}, {"login": "alice"}],
    "tokens": {"bot-token": "github-actions[bot]"},
    "repositories": [
        {
            "name": "org/repo",
            "commits": [{"message": "init", "author": "alice", "files": {"README.md": "# repo\n"}}],
        }
    ],
}
QUERY = 'query { repository(owner: "org", name: "repo") { nameWithOwner } }'
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(STATE, tls=True) as simulator:
        yield simulator


@pytest.fixture(autouse=True)
def nothing_left_over() -> Iterator[None]:
    early_connection.discard()
    yield
    early_connection.discard()


def environ_for(sim: Simulator, bundle: str | None = None, **more: str) -> dict[str, str]:
    """What GitHub sets for a step (the API's URLs), and the CA bundle the client trusts."""
    return {
        "GITHUB_API_URL": sim.url,
        "GITHUB_GRAPHQL_URL": sim.graphql_url,
        "REQUESTS_CA_BUNDLE": bundle or sim.ca_bundle or "",
        **more,
    }


def started(environ: dict[str, str]) -> early_connection.EarlyConnection:
    early = early_connection.start(environ)
    assert early is not None
    assert early.done.wait(10)
    return early


def client_trusting(bundle: str | None, monkeypatch: pytest.MonkeyPatch, sim: Simulator) -> GitHubClient:
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    if bundle is None:
        monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    else:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", bundle)
    no_wait = RetryPolicy(attempts=2, backoff=0.0)
    return GitHubClient("bot-token", sim.url, sim.graphql_url, timeout=5, retry=no_wait, sleep=lambda _: None)


def test_the_clients_first_connection_is_the_one_opened_at_launch(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
):
    early = started(environ_for(sim))
    assert early.sock is not None
    assert sim.connections == 1  # the handshake is done before the client exists
    client = client_trusting(sim.ca_bundle, monkeypatch, sim)
    assert client.graphql(QUERY).data == {"repository": {"nameWithOwner": "org/repo"}}
    assert client.rest_get("/repos/org/repo").json["full_name"] == "org/repo"
    assert len(sim.requests) == 2
    assert sim.connections == 1  # the client opened none of its own


def test_a_connection_opened_to_another_host_is_closed_and_not_used(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
):
    with Simulator(STATE, tls=True) as other:
        early = started(environ_for(other))
        client = client_trusting(sim.ca_bundle, monkeypatch, sim)
        assert client.rest_get("/repos/org/repo").status == 200
        assert sim.connections == 1 and other.connections == 1
        assert early.sock is not None and early.sock.fileno() == -1  # closed: nobody will take it


def test_a_connection_still_opening_when_the_client_needs_another_is_closed_once_open(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
):
    with Simulator(STATE, tls=True) as other:
        other.set_connection_latency(0.5)  # its handshake is still under way when the client connects
        early = early_connection.start(environ_for(other))
        assert early is not None
        client = client_trusting(sim.ca_bundle, monkeypatch, sim)
        assert client.rest_get("/repos/org/repo").status == 200
        assert early.done.wait(10) and early.sock is not None
        assert early.sock.fileno() == -1  # closed as soon as it was open: nobody will take it


def test_a_handshake_slower_than_its_deadline_is_given_up_and_the_client_connects_itself(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
):
    sim.set_connection_latency(1.0)  # each new connection: 1 s before the TLS handshake
    early = early_connection.start(environ_for(sim), timeout=0.3)
    assert early is not None
    client = client_trusting(sim.ca_bundle, monkeypatch, sim)
    assert client.rest_get("/repos/org/repo").status == 200
    assert early.done.is_set() and early.sock is None  # it gave up by its deadline
    assert sim.connections == 2


def test_a_connection_checked_against_another_bundle_is_not_used(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # The same CA under another name: the early handshake succeeds, but the client verifies against
    # a file the early connection was not checked with, so it connects on its own.
    assert sim.ca_bundle
    copy = shutil.copy(sim.ca_bundle, tmp_path / "copy.pem")
    early = started(environ_for(sim, bundle=str(copy)))
    assert early.sock is not None
    client = client_trusting(sim.ca_bundle, monkeypatch, sim)
    assert client.rest_get("/repos/org/repo").status == 200
    assert sim.connections == 2
    assert early.sock.fileno() == -1  # closed: nobody will take it


def test_an_untrusted_server_fails_as_it_would_without_the_early_connection(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
):
    # Neither the early connection nor the client trusts the simulator's CA (certifi's bundle): the
    # early handshake fails quietly and the client's own attempts give the usual error.
    environ = environ_for(sim)
    del environ["REQUESTS_CA_BUNDLE"]
    early = started(environ)
    assert early.sock is None
    client = client_trusting(None, monkeypatch, sim)
    with pytest.raises(
        GitHubError, match=r"^GET /repos/\{owner\}/\{repo\}: no answer from GitHub \(SSLError\)$"
    ):
        client.rest_get("/repos/org/repo")
    assert sim.requests == []


@pytest.mark.parametrize(
    "environ",
    [
        {"GITHUB_API_URL": "http://127.0.0.1:9"},  # no TLS: nothing to gain
        {"HTTPS_PROXY": "http://proxy.internal:3128"},  # the client goes through the proxy
        {"https_proxy": "http://proxy.internal:3128"},
        {"ALL_PROXY": "socks5://proxy.internal:1080"},
        {"GITHUB_GRAPHQL_URL": "https://api.github.com:notaport/graphql"},  # the client reports it
    ],
)
def test_nothing_is_opened_early_without_tls_behind_a_proxy_or_to_a_malformed_url(environ: dict[str, str]):
    assert early_connection.start(environ) is None
    assert early_connection.take("api.github.com", 443, "any") is None


def test_the_early_start_imports_neither_requests_nor_the_rest_of_the_bot():
    # Its worth is to start before those imports: importing them first would cancel it.
    script = (
        "import sys, bot.early_connection; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('requests', 'urllib3', 'github', 'yaml') "
        "or m in ('bot.github', 'bot.cli', 'bot.commands')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_ca_bundle_that_does_not_exist_ends_in_one_error_line_and_no_traceback(tmp_path: Path):
    # Both the early attempt and the client fail to load it: the early one says nothing, the run
    # ends with the client's error as an annotation.
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now), tls=True) as sim:
        run = run_action(
            sim,
            "pull_request_target",
            pull_request_event(sim.state, CATALOG_REPO, 1),
            tmp_path,
            extra_env={
                "REQUESTS_CA_BUNDLE": str(tmp_path / "missing.pem"),
                "ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01",
            },
        )
        assert run.exit_code == 2
        assert [line for line in run.stdout.splitlines() if line.startswith("::error::")] != []
        assert "Traceback" not in run.stderr and "Exception in thread" not in run.stderr
        assert sim.connections == 0 and sim.requests == []
