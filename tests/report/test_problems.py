"""How `validate` prints problems: the workflow commands escape what would end a field or a line."""

from __future__ import annotations

from bot.catalog.entry import Entry, Problem
from bot.report.problems import as_github, as_text

PROBLEMS = [
    Problem("cat/a,b:c.yml", 3, 7, "x.y", "bad 100%\nvalue: a,b", fix="do\r\nthis", severity="error"),
    Problem("cat/b.yml", 1, 1, "", "warn", None, "warning"),
]
ENTRIES = [
    Entry("cat/a.yml", 1, "a", None, ["c"], "added"),
    Entry("cat/r.yml", 4, None, "https://x", [], "removed"),
]


def test_a_workflow_command_keeps_each_problem_on_one_line_with_its_place() -> None:
    assert as_github(ENTRIES, PROBLEMS).split("\n") == [
        "::error file=cat/a%2Cb%3Ac.yml,line=3,col=7,title=catalog%3A x.y::bad 100%25%0Avalue: a,b — fix: do%0D%0Athis",
        "::warning file=cat/b.yml,line=1,col=1,title=catalog::warn",
        "1 entry checked, 1 removed: 1 error(s), 1 warning(s), 0 note(s)",
    ]


def test_the_text_names_the_place_the_field_the_fix_and_what_was_removed() -> None:
    problems = [Problem("cat/a.yml", 3, 7, "x.y", "bad value", fix="use a URL"), PROBLEMS[1]]
    assert as_text(ENTRIES, problems).split("\n") == [
        "cat/a.yml:3:7: error: bad value [x.y]",
        "    fix: use a URL",
        "cat/b.yml:1:1: warning: warn",
        "cat/r.yml:4: removed: https://x",
        "1 entry checked, 1 removed: 1 error(s), 1 warning(s), 0 note(s)",
    ]
