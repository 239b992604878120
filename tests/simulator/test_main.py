"""python -m bot.simulator serves a state file until stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import requests


def test_standalone_serves_the_state_file():
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.simulator", "--state", "bot/simulator/example-state.yml", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("GitHub simulator at http://127.0.0.1:")
        url = first.split(" at ", 1)[1].strip()
        response = requests.get(
            f"{url}/repos/widgets/torchwidget", headers={"Authorization": "token bot-token"}
        )
        assert response.json()["full_name"] == "widgets/torchwidget"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert process.returncode == 0


def test_bad_state_file_exits_2_with_a_message(tmp_path):
    bad = tmp_path / "state.yml"
    bad.write_text("repositories: [{name: nope}]\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot.simulator", "--state", str(bad)],
        capture_output=True, text=True, timeout=30, env={**os.environ},
    )  # fmt: skip
    assert result.returncode == 2
    assert "repositories[0].name: 'nope' must be owner/name" in result.stderr
    assert "Traceback" not in result.stderr
