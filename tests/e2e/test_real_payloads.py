"""Payloads GitHub really sent (@octokit/webhooks-examples, pinned), fed straight to the Action."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.simulator import Simulator
from bot.simulator.event_fixture import BOT_TOKEN, fixture_from_event
from bot.simulator.events import write_event
from tests.published import webhook_examples

ENTRY = Path("examples/catalog/catalog/skorch.yml").read_text(encoding="utf-8")


def run_real(
    sim: Simulator, event_name: str, payload: dict, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    event = write_event(tmp_path / "event.json", payload)  # the example, unchanged
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))},
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": payload["repository"]["full_name"],
        "GITHUB_API_URL": sim.url,
        "GITHUB_GRAPHQL_URL": sim.graphql_url,
        "GITHUB_WORKSPACE": str(tmp_path),
        "INPUT_GITHUB-TOKEN": BOT_TOKEN,
        "ECOSYSTEM_BOT_PYPI_URL": sim.pypi_url,
        "ECOSYSTEM_BOT_ANACONDA_URL": sim.anaconda_url,
        "ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_real_pull_request_opened_payload_gets_a_review(tmp_path: Path):
    example = webhook_examples("pull_request", "opened")[0]
    with Simulator(fixture_from_event(example, head_files={"catalog/skorch.yml": ENTRY})) as sim:
        done = run_real(sim, "pull_request", example, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        repo, number = example["repository"]["full_name"], example["number"]
        bodies = [c["body"] for c in sim.comments(repo, number)]
        assert len(bodies) == 1
        assert "`catalog/skorch.yml`" in bodies[0]
        # the linked repository is not in this world: facts are unknown, never a pass or a fail
        assert "❔" in bodies[0]
        assert "review: incomplete" in sim.state.issue_labels(repo, number)


def test_real_issue_comment_payload_without_recheck_is_ignored(tmp_path: Path):
    example = webhook_examples("issue_comment", "created")[0]
    with Simulator(fixture_from_event(example)) as sim:
        done = run_real(sim, "issue_comment", example, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "ignored" in done.stdout
        assert len(done.stdout.strip().splitlines()) == 1  # one log line
