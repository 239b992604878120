"""The Action's background imports (bot.commands.run._warm_up): the first half before the facts are
requested, the rest only once they are, and never a run left waiting, whatever the thread meets.
Each case runs in a fresh interpreter: what is imported is the point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json, sys, time
import bot.commands.run as run
if len(sys.argv) > 1:
    run.PIPELINE_MODULES = (*run.PIPELINE_MODULES, sys.argv[1])
warm_up = run._warm_up("pytorch-2019")
warm_up.ready.wait(60)
from bot.policies.loader import _parsed_policy
time.sleep(0.3)  # time enough for a second half that did not wait to begin
before = "bot.report.comment" in sys.modules
warm_up.reports()
after = all(name in sys.modules for name in run.REPORT_MODULES)
print(json.dumps({"reports_before": before, "reports_after": after,
                  "policies_parsed": _parsed_policy.cache_info().currsize}))
"""


def run_program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_report_modules_load_only_once_the_facts_are_requested():
    done = run_program()
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {"reports_before": False, "reports_after": True, "policies_parsed": 1}


def test_a_failing_first_half_leaves_the_run_to_import_for_itself_without_waiting():
    done = run_program("bot.no_such_module")
    assert done.returncode == 0, done.stderr  # `reports()` returned: the run was not left waiting
    assert "No module named 'bot.no_such_module'" in done.stderr
    assert json.loads(done.stdout)["reports_after"] is False
