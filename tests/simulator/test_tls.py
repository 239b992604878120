"""The simulator over TLS: a CA made at start, trusted by the bot through REQUESTS_CA_BUNDLE; connections counted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from bot.commands.demo import CATALOG_REPO, demo_state, run_action
from bot.simulator import Simulator
from bot.simulator.events import pull_request_event


def test_a_review_over_tls_trusts_the_simulators_ca_and_its_connections_are_counted(tmp_path: Path):
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(demo_state(now), tls=True) as sim:
        assert sim.url.startswith("https://") and sim.ca_bundle
        sim.set_connection_latency(0.01)
        sim.clear_requests()
        run = run_action(sim, "pull_request_target", pull_request_event(sim.state, CATALOG_REPO, 1), tmp_path)
        assert run.exit_code == 0, run.stdout + run.stderr
        assert len(sim.comments(CATALOG_REPO, 1)) == 1
        # Kept-alive connections carry several requests each: one to GitHub (the one `python -m bot
        # run` opened at launch: were it not taken, the simulator would count a 4th), one per registry.
        assert sim.connections == 3 < len(sim.requests)


def test_a_client_that_does_not_trust_the_ca_is_refused():
    with Simulator(demo_state(datetime.now(UTC)), tls=True) as sim:
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{sim.url}/repos/{CATALOG_REPO}", timeout=10)
        trusted = requests.get(f"{sim.url}/repos/{CATALOG_REPO}", timeout=10, verify=sim.ca_bundle)
        assert trusted.status_code == 200
        assert sim.connections == 2
