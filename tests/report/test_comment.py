"""The comment's shape and limits, on reviews built from plain data."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.applications.rubric import RubricContext, build_rubric
from bot.catalog.entry import Entry, Problem
from bot.policies import load_policy
from bot.report.comment import BODY_BUDGET, COMMENT_LIMIT, RunInfo, _entry_section, render_comment
from bot.report.json_report import json_report
from bot.report.verdict import overall_verdict
from bot.review import EntryReview, Review, add_catalog_rubrics
from bot.schemas import load_schema
from bot.sticky import REVIEW
from bot.verdicts import evaluate_entry
from tests.criteria import sample

RUN = RunInfo("https://github.com/org/catalog/actions/runs/1", "https://example.org/checks.md", None)


def review_of(entries: list[EntryReview]) -> Review:
    policy = load_policy("pytorch-2019")
    review = Review("org/catalog", 1, "a" * 40, "b" * 40, policy, datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    review.entries = entries
    return review


def invalid_entry(index: int, problems: int = 3) -> EntryReview:
    policy = load_policy("pytorch-2019")
    entry = Entry(
        file=f"catalog/p{index}.yml",
        line=1,
        name=f"project-{index}",
        repository=None,
        categories=["core"],
        change="added",
        problems=[
            Problem(f"catalog/p{index}.yml", n + 1, 3, "description", "x" * 280, fix="y" * 180)
            for n in range(problems)
        ],
    )
    return EntryReview(entry, None, evaluate_entry(policy, None, entry.problems, entry.name or ""))


def test_every_verdict_survives_when_the_body_would_be_too_long():
    review = review_of([invalid_entry(n, problems=60) for n in range(120)])
    body = render_comment(review, RUN)
    assert len(body) < COMMENT_LIMIT
    assert body.startswith(REVIEW.marker)
    assert body.count("⛔ invalid entry") >= 120  # the verdict line of every entry is kept
    assert "Details were left out" in body
    assert REVIEW.decode_state(body)["sha"] == "a" * 40


def test_short_reviews_keep_their_details():
    body = render_comment(review_of([invalid_entry(1)]), RUN)
    assert "Details were left out" not in body
    assert "`catalog/p1.yml:1:3` `description`" in body
    assert overall_verdict(review_of([invalid_entry(1)])) == "invalid"


def test_since_the_last_review_names_changed_checks():
    first = review_of([invalid_entry(1)])
    previous = REVIEW.decode_state(render_comment(first, RUN))
    assert previous is not None
    key = next(iter(previous["entries"]))
    previous["entries"][key]["checks"] = {"TEST-001": "fail"}
    body = render_comment(first, RunInfo(RUN.run_url, RUN.docs_url, previous))
    assert "**Since the last review**" in body


# --- what a submitter reads (issue 9: the comment) ----------------------------------------------------------


def reviewed_entry(**fact_changes) -> EntryReview:
    """A valid entry whose repository has a short README and no CODEOWNERS or SECURITY file."""
    from tests.criteria.sample import facts, files

    policy = load_policy("pytorch-2019")
    entry = Entry(
        file="catalog/demo.yml",
        line=1,
        name="demo",
        repository="https://github.com/skorch-dev/skorch",
        categories=["core"],
        change="added",
    )
    repo = facts(
        tree=["README.md", "LICENSE", "CONTRIBUTING.md"],
        root_files=["README.md", "LICENSE", "CONTRIBUTING.md"],
        community_files={"README": "README.md", "CONTRIBUTING": "CONTRIBUTING.md"},
        files=files(README_md="# demo\n\nA tiny library.\n"),
        **fact_changes,
    )
    return EntryReview(entry, repo, evaluate_entry(policy, repo, [], "demo"))


def test_the_verdict_is_said_once_at_the_top():
    review = review_of([reviewed_entry()])
    body = render_comment(review, RUN)
    verdict_text = {
        "passed": "✅ passed",
        "needs-work": "⚠️ needs work",
        "fail": "❌ fails required checks",
        "incomplete": "❔ incomplete",
    }[overall_verdict(review)]
    headline = body.splitlines()[2]
    assert headline.startswith("### Ecosystem review · `catalog/demo.yml` · ") and verdict_text in headline
    assert body.count(verdict_text) == 1


def test_info_checks_never_show_a_red_cross_nor_count_as_failures():
    body = render_comment(review_of([reviewed_entry()]), RUN)
    codeowners = next(line for line in body.splitlines() if "`COMM-005`" in line)
    assert "(info)" in codeowners and "ℹ️" in codeowners and "❌" not in codeowners
    summary = next(line for line in body.splitlines() if line.startswith("<details><summary>All "))
    assert "info findings" in summary
    failing = [
        o for o in review_of([reviewed_entry()]).entries[0].verdict.checks if o.result.status == "fail"
    ]
    real_failures = sum(1 for o in failing if o.severity != "info")
    assert (f"{real_failures} fail" in summary) == (real_failures > 0)


def test_codeowners_advice_names_the_file_github_reads():
    body = render_comment(review_of([reviewed_entry()]), RUN)
    assert "Add CODEOWNERS to the repository root" in body
    assert "CODEOWNERS.md" not in body


def test_each_item_to_fix_shows_the_finding_next_to_the_advice():
    item = reviewed_entry()
    body = render_comment(review_of([item]), RUN)
    to_fix = body.split("**To fix**", 1)[1].split("<details>", 1)[0]
    flagged = [o for o in item.verdict.to_fix() if o.result.fix]
    assert flagged, "the constructed repository must have something to fix"
    for outcome in flagged:
        line = next(line for line in to_fix.splitlines() if f"`{outcome.check_id}`" in line)
        assert "**Fix:**" in line
        finding_words = [w for w in outcome.result.summary.split() if w.isalpha() and len(w) > 3]
        assert any(word in line for word in finding_words), (outcome.result.summary, line)


def test_a_criterion_row_names_what_it_leaves_out():
    from bot.criteria.model import CheckOutcome, Result
    from bot.policies.model import Criterion
    from bot.verdicts import criterion_result

    titles = ["CI configured", "CI runs tests", "Tests present", "CI green at HEAD", "Uses PyTorch"]
    outcomes = [
        CheckOutcome(f"T-{n}", title, "well-tested", "required", Result("pass", f"finding {n}"), "u")
        for n, title in enumerate(titles)
    ]
    row = criterion_result(Criterion("well-tested", "Well tested", "", ()), outcomes)
    assert row.summary.startswith("finding 0; finding 1; finding 2; also ")
    assert "CI green at HEAD" in row.summary and "Uses PyTorch" in row.summary
    assert " more" not in row.summary
    three = criterion_result(Criterion("well-tested", "Well tested", "", ()), outcomes[:3])
    assert three.summary == "finding 0; finding 1; finding 2"


def test_vet_and_the_comment_link_to_the_same_checks_reference():
    from bot import DOCS_URL
    from bot.config import parse_config

    policy = load_policy("pytorch-2019")
    config = parse_config(None, ".github/ecosystem-bot.yml")
    assert config.docs_url is None  # the config names no other reference: the policy's applies
    assert policy.docs_url == DOCS_URL
    verdict = reviewed_entry().verdict
    assert all(o.docs_url.startswith(DOCS_URL + "#") for o in verdict.checks)


# ---- the Working Group's rubric in a catalog PR's comment (pytorch-tac-v1) --------------------------------


def rubric_entry(index: int, note: str = "") -> EntryReview:
    """An entry vetted under pytorch-tac-v1 from hand-built facts, with its rubric (no I/O)."""
    policy = load_policy("pytorch-tac-v1")
    entry = Entry(
        file=f"catalog/p{index}.yml",
        line=1,
        name=f"project-{index}",
        repository=f"https://github.com/{sample.REPO}",
        categories=[],
        change="added",
    )
    repo = sample.facts(stars=150, root_files=["LICENSE", "README.md"])
    verdict = evaluate_entry(policy, repo, [], entry.name or "")
    rubric = build_rubric(verdict, repo, policy, RubricContext(observed="2026-11-26"))
    if note:
        rubric.rows[0].note = note
    return EntryReview(entry, repo, verdict, rubric)


def rubric_review_of(entries: list[EntryReview]) -> Review:
    review = review_of(entries)
    review.policy = load_policy("pytorch-tac-v1")
    return review


def rubric_rows(section: str) -> list[str]:
    return re.findall(
        r"^\| (.+?) \| (?:✅ Pass|⚠️ Caution|❌ Fail|❓ Needs human judgment) \| .* \|$", section, re.M
    )


def test_an_entry_under_the_rubric_policy_shows_its_19_rows_lean_and_sidecar():
    item = rubric_entry(1)
    body = render_comment(rubric_review_of([item]), RUN)
    assert item.rubric is not None
    assert rubric_rows(body) == [row.criterion for row in item.rubric.rows] and len(item.rubric.rows) == 19
    assert "| Stars (≥ 200) | ❌ Fail | 150 stars (at least 200 required) |" in body
    assert f"**Suggested lean: {item.rubric.lean}** — " in body
    assert "_A human on the Ecosystem Working Group decides" in body
    assert "<details><summary>Verification sidecar" in body
    assert "| | Criterion | What we found |" not in body


def test_a_long_rubric_review_leaves_out_the_sidecars_first_and_keeps_every_table_and_lean():
    entries = [rubric_entry(n, note="x" * 280) for n in range(14)]
    full = "\n".join(_section(item) for item in entries)
    assert len(full) > BODY_BUDGET  # with the details the comment would not fit
    body = render_comment(rubric_review_of(entries), RUN)
    assert len(body) < COMMENT_LIMIT
    assert "Details were left out" in body and "Verification sidecar" not in body
    assert len(rubric_rows(body)) == 14 * 19
    assert body.count("**Suggested lean: ") == 14


def _section(item: EntryReview) -> str:
    return _entry_section(item, rubric_review_of([item]), RUN, details=True)


def test_rubric_notes_from_a_repository_are_inert_in_the_pr_comment():
    body = render_comment(
        rubric_review_of([rubric_entry(1, note="<img src=x> @alice [a](javascript:x) | y")]), RUN
    )
    assert "| PyTorch Support | " in body
    assert "| \\<img src=x> @\u200balice \\[a\\](javascript:x) \\| y |" in body  # inert, one cell
    assert "@alice" not in body
    assert re.search(r"(?<!\\)\]\(javascript", body) is None and re.search(r"(?<!\\)<img", body) is None


def test_the_pr_report_and_the_application_report_describe_the_rubric_alike():
    assert load_schema("report")["$defs"]["rubric"] == load_schema("application-report")["$defs"]["rubric"]


def test_add_catalog_rubrics_only_under_the_rubric_policy_and_only_for_readable_repositories():
    under_2019 = review_of([rubric_entry(1)])
    under_2019.entries[0].rubric = None
    add_catalog_rubrics(under_2019, {}, "http://127.0.0.1:9/pypi")
    assert under_2019.entries[0].rubric is None
    unreadable = rubric_entry(2)
    unreadable.rubric = None
    assert unreadable.facts is not None
    unreadable.facts.available = False
    review = rubric_review_of([unreadable])
    add_catalog_rubrics(review, {}, "http://127.0.0.1:9/pypi")
    assert review.entries[0].rubric is None  # its section says the repository could not be read


def test_a_waiver_that_no_longer_applies_is_said_next_to_its_check():
    from datetime import date

    from bot.policies.model import Waiver

    policy = load_policy("pytorch-2019")
    expired = Waiver("demo", "COMM-009", "young project", "alice", date(2020, 1, 31))
    policy = type(policy)(**{**policy.__dict__, "waivers": (expired,)})
    item = reviewed_entry(stars=3)
    item = EntryReview(item.entry, item.facts, evaluate_entry(policy, item.facts, [], "demo"))
    body = render_comment(review_of([item]), RUN)
    row = next(line for line in body.splitlines() if "COMM-009" in line and line.startswith("|"))
    assert "waiver approved by alice expired on 2020-01-31; no longer applies" in row
    assert "waived:" not in row
    report = json_report(review_of([item]))
    check = next(c for c in report["entries"][0]["checks"] if c["id"] == "COMM-009")
    assert check["status"] != "pass"
    assert check["waiver_note"] == "waiver approved by alice expired on 2020-01-31; no longer applies"
