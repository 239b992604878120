from __future__ import annotations

from bot.audit.model import AuditEntry, AuditResult
from bot.audit.regressions import Risk
from bot.audit.render import render_summary, render_tracking_issue
from bot.escape import LINK_HOSTS
from bot.sticky import TRACKING
from tests.gfm import problems


def result(name: str) -> AuditResult:
    risky = AuditEntry(
        key="catalog/a.yml#1",
        name=name,
        file="catalog/a.yml",
        line=1,
        repository="o/r",
        url="https://github.com/o/r",
        status="at-risk",
        risks=[Risk("archived", "archived on GitHub <script>", "2026-05-01", new=True)],
        deadline="2026-05-31",
    )
    fine = AuditEntry(
        key="catalog/b.yml#2",
        name="Fine",
        file="catalog/b.yml",
        line=1,
        repository="o/f",
        url=None,
        status="ok",
    )
    return AuditResult("pytorch-tac-v1", "2026-06-01", 30, [risky, fine])


def test_hostile_names_stay_inert_in_the_issue_and_the_summary() -> None:
    hostile = "@everyone <img src=x> | [click](http://evil) -->"
    for text in (
        render_tracking_issue(result(hostile), "<!-- state -->", None),
        render_summary(result(hostile)),
    ):
        assert problems(text.replace("<!-- state -->", ""), LINK_HOSTS) == []
        row = next(line for line in text.splitlines() if "everyone" in line)
        assert "[click](" not in row


def test_issue_lists_only_entries_at_risk_with_since_and_deadline() -> None:
    body = render_tracking_issue(result("Risky"), "<!-- state -->", "https://example.test/run/1")
    assert body.startswith(TRACKING.marker)
    assert "| Risky | `o/r` | archived (new): archived on GitHub" in body
    assert "| 2026-05-01 | 2026-05-31 |" in body and "Fine" not in body
    assert body.rstrip().endswith("<!-- state -->")
