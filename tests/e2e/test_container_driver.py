"""The container driver's own logic: reading $GITHUB_OUTPUT, masking run times, spotting differences."""

from pathlib import Path

from tests.e2e.container_driver import (
    GitHubDirs,
    RunOutcome,
    differences,
    normalise_text,
    read_outputs,
    unreadable_output_files,
)


def outcome(where: str, **changes: object) -> RunOutcome:
    base = RunOutcome(
        where=where,
        exit_code=0,
        seconds=1.0,
        comments=["<!-- ecosystem-bot:review -->\nReviewed `abc1234` at 2026-01-15 12:00 UTC"],
        labels=["category: data", "review: passed"],
        outputs={"verdict": "passed", "report": "/github/workspace/ecosystem-bot-report.json"},
        summary="### Ecosystem review",
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def test_read_outputs_reads_plain_and_multiline_values(tmp_path: Path) -> None:
    path = tmp_path / "set_output"
    path.write_text('verdict=needs work\nentries<<EOF_1\n["a.yml",\n "b.yml"]\nEOF_1\nempty=\n')
    assert read_outputs(path) == {"verdict": "needs work", "entries": '["a.yml",\n "b.yml"]', "empty": ""}


def test_normalise_text_masks_times_but_keeps_shas_and_links() -> None:
    text = "Reviewed `abc1234` at 2026-01-15 12:00 UTC · [run](https://github.com/o/r/actions/runs/4242) · 1.25 s"
    assert normalise_text(text) == (
        "Reviewed `abc1234` at <time> · [run](https://github.com/o/r/actions/runs/4242) · <duration>"
    )


def test_runs_that_differ_only_in_time_and_workspace_path_agree(tmp_path: Path) -> None:
    host = outcome(
        "in-process",
        comments=["<!-- ecosystem-bot:review -->\nReviewed `abc1234` at 2026-01-15 12:03 UTC"],
        outputs={"verdict": "passed", "report": f"{tmp_path}/workspace/ecosystem-bot-report.json"},
    )
    assert differences(host, outcome("container"), GitHubDirs.at(tmp_path)) == []


def test_a_different_comment_label_or_exit_code_is_reported(tmp_path: Path) -> None:
    host = outcome(
        "in-process",
        outputs={"verdict": "passed", "report": f"{tmp_path}/workspace/ecosystem-bot-report.json"},
    )
    container = outcome(
        "container",
        exit_code=1,
        comments=["<!-- ecosystem-bot:review -->\nReviewed `fff0000` at 2026-01-15 12:00 UTC"],
        labels=["review: passed"],
    )
    found = differences(host, container, GitHubDirs.at(tmp_path))
    assert [line.split(":")[0] for line in found] == [
        "exit code",
        "PR comments differ (in-process 1, container 1)",
        "labels",
    ]
    assert "Reviewed `fff0000`" in found[1]


def test_a_report_path_only_the_container_can_see_is_unreadable(tmp_path: Path) -> None:
    dirs = GitHubDirs.create(tmp_path, None)
    (dirs.workspace / "ecosystem-bot-report.json").write_text("{}")
    relative = {"report": "ecosystem-bot-report.json"}
    inside = {"report": "/home/runner/work/_temp/ecosystem-bot-report.json"}
    missing = {"report": "gone.json"}
    assert unreadable_output_files(relative, dirs, in_container=True) == []
    assert unreadable_output_files(inside, dirs, in_container=True) == [
        "report=/home/runner/work/_temp/ecosystem-bot-report.json (a path inside the container; "
        "later steps cannot see it)"
    ]
    assert unreadable_output_files(missing, dirs, in_container=False) == [
        "report=gone.json (no such file after the run)"
    ]
