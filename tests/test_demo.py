"""`make demo` runs `python -m bot demo`: it must keep working offline, end to end."""

import subprocess
import sys


def test_demo_reviews_the_example_and_updates_the_same_comment_on_recheck():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "### Ecosystem review · `catalog/skorch.yml`" in out
    assert "==> Labels on PR #1: New, category: domain frameworks, review: passed" in out
    assert "==> Reactions on alice's /recheck: eyes" in out
    assert "updated in place" in out
