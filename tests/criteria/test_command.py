from pathlib import Path

from bot.cli import main

DOCS = Path(__file__).parents[2] / "docs" / "checks.md"


def test_committed_checks_reference_equals_the_generated_one(capsys):
    assert main(["checks", "--format", "markdown"]) == 0
    generated = capsys.readouterr().out
    assert DOCS.read_text("utf-8") == generated, (
        "docs/checks.md is stale: run `python -m bot checks --format markdown > docs/checks.md`"
    )


def test_reference_shows_each_policys_thresholds_and_anchors(capsys):
    main(["checks", "--policy", "pytorch-tac-v1", "--format", "markdown"])
    out = capsys.readouterr().out
    assert (
        "| [`MAINT-005`](#maint-005) | Commits in the last 90 days | required — 13 (must): ≥ 30 in 90 days | `min_commits`: 30 |"
        in out
    )
    assert '<a id="maint-005"></a>' in out
    assert "Re-review: every 6 months, with 30 days to fix." in out


def test_text_format_for_the_terminal(capsys):
    assert main(["checks", "--policy", "pytorch-2019"]) == 0
    out = capsys.readouterr().out
    assert "  Well tested [well-tested]" in out
    assert "    COMM-009     recommended  Stars  (min_stars=100)" in out


def test_unknown_policy_is_a_clear_error(capsys):
    assert main(["checks", "--policy", "nope"]) == 2
    assert "error: unknown policy 'nope'" in capsys.readouterr().err
