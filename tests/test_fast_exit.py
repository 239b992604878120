"""The Action's process leaves without the interpreter's teardown only when nothing is left to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROGRAM = """
import sys, threading, time
from pathlib import Path
from bot.fast_exit import exit_now

def late_write():
    time.sleep(float(sys.argv[2]))
    Path(sys.argv[1]).write_text("written")

threading.Thread(target=late_write).start()
print("the run's last line", flush=False)
exit_now(3, grace=0.1)
"""


def run(tmp_path: Path, delay: float) -> tuple[subprocess.CompletedProcess[str], Path]:
    target = tmp_path / "late.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(target), str(delay)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    return done, target


def test_a_thread_still_working_is_waited_for_as_at_a_normal_exit(tmp_path: Path) -> None:
    done, target = run(tmp_path, 1.0)  # outlives the grace: the normal exit waits for it
    assert done.returncode == 3
    assert target.read_text() == "written"
    assert done.stdout == "the run's last line\n"


def test_with_nothing_left_to_do_the_output_is_flushed_and_the_code_kept(tmp_path: Path) -> None:
    done, target = run(tmp_path, 0.0)  # ends within the grace: joined, then the fast exit
    assert done.returncode == 3
    assert target.read_text() == "written"
    assert done.stdout == "the run's last line\n"
