"""Issue 2, "what must be shown": the Action's behaviour as a catalog maintainer and a submitter see it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import requests
import yaml

from bot.commands.demo import CATALOG_REPO
from bot.escape import LINK_HOSTS
from bot.simulator.events import issue_comment_event, plain_issue_comment_event, workflow_dispatch_event
from bot.sticky import REVIEW
from tests.e2e.conftest import BOT, World, make_world
from tests.gfm import problems

SKORCH = "catalog/skorch.yml"


def entry(**changes: object) -> str:
    data = yaml.safe_load(Path("examples/catalog/catalog/skorch.yml").read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def test_open_gives_one_comment_and_labels_and_reruns_keep_it_so(world: World):
    first = world.open_pr()
    assert first.exit_code == 0, first.stdout + first.stderr
    comment = world.review_comment()
    assert comment["body"].startswith(REVIEW.marker)
    assert "### Ecosystem review · `catalog/skorch.yml` · ✅ passed" in comment["body"]
    assert "| ✅ | Well tested |" in comment["body"]
    assert "[skorch-dev/skorch](https://github.com/skorch-dev/skorch)" in comment["body"]
    assert "/recheck" in comment["body"]
    labels = world.labels()
    assert labels == ["New", "category: domain frameworks", "review: passed"]
    assert "verdict<<" in first.outputs and "passed" in first.outputs
    assert "Ecosystem review" in first.summary

    world.push({"README.md": "# changed\n"})
    second = world.open_pr(action="synchronize")
    assert second.exit_code == 0
    updated = world.review_comment()
    assert updated["id"] == comment["id"]
    assert "Since the last review" in updated["body"]

    for _ in range(10):
        assert world.open_pr(action="synchronize").exit_code == 0
    assert len(world.bot_comments()) == 1
    assert world.review_comment()["id"] == comment["id"]
    assert world.labels() == labels


def test_recheck_by_the_author_reacts_and_updates_the_same_comment(world: World):
    world.open_pr()
    before = world.review_comment()
    comment, run = world.recheck("alice", "Updated the README.\n/recheck\n")
    assert comment["id"] > 2**31 and before["id"] > 2**31  # github.com's ids: beyond GraphQL's 32-bit Int
    assert run.exit_code == 0, run.stdout + run.stderr
    assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes"]
    after = world.review_comment()
    assert after["id"] == before["id"]
    assert after["body"] != before["body"]  # new time and "since the last review"
    assert "Since the last review" in after["body"]


def test_recheck_by_a_maintainer_is_allowed(world: World):
    world.open_pr()
    comment, run = world.recheck("maintainer")
    assert run.exit_code == 0
    assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes"]


def test_recheck_by_a_read_only_stranger_is_refused_with_a_reply(world: World):
    world.open_pr()
    before = world.review_comment()
    world.sim.clear_requests()
    comment, run = world.recheck("stranger")
    assert run.exit_code == 0
    assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == ["eyes", "confused"]
    replies = [c for c in world.bot_comments() if REVIEW.marker not in c["body"]]
    assert len(replies) == 1
    assert "did not recheck" in replies[0]["body"]
    assert "author or someone with write access" in replies[0]["body"]
    assert "@stranger" not in replies[0]["body"]  # no ping
    assert world.review_comment() == before  # no review ran
    assert not any("/dependency-graph/sbom" in r.path for r in world.sim.requests)


def test_recheck_on_a_closed_pr_is_refused(world: World):
    world.open_pr()
    world.sim.state.issue(CATALOG_REPO, 1).state = "closed"
    comment, run = world.recheck("alice")
    assert run.exit_code == 0
    assert "confused" in world.sim.state.reactions(CATALOG_REPO, comment["id"])
    assert any("is closed" in c["body"] for c in world.bot_comments() if REVIEW.marker not in c["body"])


def test_comments_that_are_not_a_recheck_are_ignored(world: World):
    world.open_pr()
    before = world.review_comment()
    cases = [
        ("alice", "```\n/recheck\n```"),
        ("alice", "> /recheck"),
    ]
    for login, body in cases:
        comment, run = world.recheck(login, body)
        assert run.exit_code == 0
        assert "ignored" in run.stdout
        assert world.sim.state.reactions(CATALOG_REPO, comment["id"]) == []
    edited = world.comment("alice", "/recheck")
    run = world.run(
        "issue_comment", issue_comment_event(world.sim.state, CATALOG_REPO, 1, edited, action="edited")
    )
    assert run.exit_code == 0 and "ignored" in run.stdout
    bot = world.comment("github-actions[bot]", "/recheck")
    run = world.run("issue_comment", issue_comment_event(world.sim.state, CATALOG_REPO, 1, bot))
    assert run.exit_code == 0 and "ignored" in run.stdout
    assert world.review_comment() == before


def test_comment_on_a_plain_issue_is_ignored(tmp_path: Path):
    for world in make_world(tmp_path):
        issue_comment = {"id": 1, "body": "/recheck", "user": {"login": "alice", "type": "User"}}
        payload = plain_issue_comment_event(world.sim.state, CATALOG_REPO, 2, issue_comment)
        run = world.run("issue_comment", payload)
        assert run.exit_code == 0
        assert "not a pull request" in run.stdout
        assert world.bot_comments() == []


def test_workflow_dispatch_reviews_the_given_pr(world: World):
    run = world.run("workflow_dispatch", workflow_dispatch_event(CATALOG_REPO, {"pr": "1"}))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert world.review_comment()


def test_other_events_exit_0_with_a_notice(world: World):
    run = world.run("push", {"repository": {"full_name": CATALOG_REPO}})
    assert run.exit_code == 0
    assert "not one ecosystem-bot reviews" in run.stdout
    assert world.bot_comments() == []


def test_deleted_fork_pr_is_reviewed(tmp_path: Path):
    for world in make_world(tmp_path, fork=None):
        run = world.open_pr()
        assert run.exit_code == 0, run.stdout + run.stderr
        assert "✅ passed" in world.review_comment()["body"]


def test_read_only_token_writes_the_step_summary_and_explains(world: World):
    run = world.open_pr(token="readonly-token")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert world.bot_comments() == []
    assert "Ecosystem review" in run.summary and "Well tested" in run.summary
    assert "pull_request_target" in run.stdout
    assert "Resource not accessible by integration" in run.stdout


def test_human_comment_with_the_marker_is_never_edited(world: World):
    fake = world.comment("stranger", f"{REVIEW.marker}\nI am not the bot")
    world.open_pr()
    comments = world.sim.comments(CATALOG_REPO, 1)
    assert next(c for c in comments if c["id"] == fake["id"])["body"] == f"{REVIEW.marker}\nI am not the bot"
    assert world.review_comment()["id"] != fake["id"]


def test_duplicate_bot_comment_is_deleted_and_a_deleted_one_recreated(world: World):
    world.open_pr()
    original = world.review_comment()
    duplicate = world.comment("github-actions[bot]", f"{REVIEW.marker}\nstale duplicate")
    world.open_pr(action="synchronize")
    ids = [c["id"] for c in world.bot_comments()]
    assert ids == [original["id"]] and duplicate["id"] not in ids

    issue = world.sim.state.issue(CATALOG_REPO, 1)
    issue.comments = [c for c in issue.comments if c.id != original["id"]]  # a human deleted it
    world.open_pr(action="synchronize")
    recreated = world.review_comment()
    assert recreated["id"] != original["id"]
    assert "Ecosystem review" in recreated["body"]


def test_changed_category_swaps_the_label_and_leaves_others_alone(world: World):
    world.open_pr()
    assert "category: domain frameworks" in world.labels()
    added = requests.post(
        f"{world.sim.url}/repos/{CATALOG_REPO}/issues/1/labels",
        json={"labels": ["my-own-label"]},
        headers={"Authorization": "token maintainer-token"},
        timeout=10,
    )
    assert added.status_code == 200
    world.push({SKORCH: entry(category="visualization")})
    world.sim.clear_requests()
    run = world.open_pr(action="synchronize")
    assert run.exit_code == 0
    labels = world.labels()
    assert "category: visualization" in labels
    assert "category: domain frameworks" not in labels
    assert "my-own-label" in labels and "New" in labels
    # One request sets them all, after creating the one label the repository lacked.
    label_writes = [r.route for r in world.sim.requests if r.method != "GET" and "labels" in r.route]
    assert label_writes == [
        "POST /repos/{owner}/{repo}/labels",
        "PUT /repos/{owner}/{repo}/issues/{number}/labels",
    ]
    world.sim.clear_requests()
    assert world.open_pr(action="synchronize").exit_code == 0
    assert not [r.route for r in world.sim.requests if "labels" in r.route]  # already right: nothing sent
    assert world.labels() == labels


def test_pr_that_no_longer_touches_an_entry_gets_its_comment_updated(world: World):
    world.open_pr()
    world.push({SKORCH: None})
    run = world.open_pr(action="synchronize")
    assert run.exit_code == 0
    body = world.review_comment()["body"]
    assert "no catalog entries changed" in body
    assert not [label for label in world.labels() if label.startswith(("review:", "category:"))]


def test_hostile_strings_come_out_inert(tmp_path: Path):
    hostile = entry(
        name="@everyone <img src=x onerror=alert(1)>",
        description="<!-- ecosystem-bot:review --> [x](javascript:alert(1)) ![i](https://evil.example/p.png) "
        + "A" * 100_000,
        tags=["@someone", "<script>alert(1)</script>"],
    )
    for world in make_world(tmp_path, entry_text=hostile):
        run = world.open_pr()
        assert run.exit_code in (0, 1), run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert len(body) < 65_536
        assert problems(body, LINK_HOSTS) == []
        assert "](https://evil.example" not in body
        assert body.count(REVIEW.marker) == 1
        assert re.search(r"ecosystem-bot:state \{.*\} -->", body)


def test_every_call_failing_once_with_502_gives_the_same_result(tmp_path: Path):
    results = []
    now = datetime.now(UTC).replace(microsecond=0)  # one clock: both worlds have the same commits
    for faulty in (False, True):
        for world in make_world(tmp_path / str(faulty), now=now):
            if faulty:
                for route in {r.route for r in _routes_of_a_review(tmp_path / "probe")}:
                    world.sim.inject(route, "status", times=1, status=502)
            run = world.open_pr(extra_env={"ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01"})
            assert run.exit_code == 0, run.stdout + run.stderr
            results.append((_without_times(world.review_comment()["body"]), world.labels()))
    assert results[0][1] == results[1][1]
    assert results[0][0].splitlines() == results[1][0].splitlines()


def _routes_of_a_review(tmp_path: Path):
    for world in make_world(tmp_path):
        world.sim.clear_requests()
        world.open_pr()
        return list(world.sim.requests)
    return []


def _without_times(body: str) -> str:
    body = re.sub(r"at \d{4}-\d\d-\d\d \d\d:\d\d UTC", "at TIME", body)
    return re.sub(r"last commit [^;|]*", "last commit WHEN", body)


def test_graphql_failing_persistently_gives_unknown_rows_and_incomplete(tmp_path: Path):
    for world in make_world(tmp_path):
        world.sim.inject("POST /graphql", "status", times=1000, status=502)
        env = {"ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01"}
        run = world.open_pr(extra_env=env)
        body = world.review_comment()["body"]
        assert "❔" in body
        assert "review: incomplete" in world.labels()
        assert run.exit_code == 0  # fail-on: invalid
        strict = world.open_pr(extra_env={**env, "INPUT_FAIL-ON": "fail"})
        assert strict.exit_code == 1


def test_comment_post_failing_persistently_exits_non_zero_and_leaves_no_comment(world: World):
    world.sim.inject("POST /repos/{owner}/{repo}/issues/{number}/comments", "status", times=1000, status=502)
    run = world.open_pr(extra_env={"ECOSYSTEM_BOT_RETRY_BACKOFF": "0.01"})
    assert run.exit_code != 0
    assert "::error::" in run.stdout and "502" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert world.bot_comments() == []


def test_report_file_follows_the_schema(world: World):
    import jsonschema

    run = world.open_pr()
    relative = run.outputs.split("report<<", 1)[1].splitlines()[1]
    assert relative == "ecosystem-bot-report.json"  # relative to the workspace, readable by later steps
    report = json.loads((world.work / f"run{world.runs}" / relative).read_text(encoding="utf-8"))
    schema = json.loads(Path("schemas/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["entries"][0]["repository"] == "https://github.com/skorch-dev/skorch"
    assert report["verdict"] == "passed"


def test_invalid_entry_is_reported_at_its_location_with_the_fix(tmp_path: Path):
    text = entry(category="domain framework", licence="MIT")
    for world in make_world(tmp_path, entry_text=text):
        run = world.open_pr()
        assert run.exit_code == 1  # fail-on: invalid
        body = world.review_comment()["body"]
        assert "⛔ invalid entry" in body
        line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("category:"))
        assert f"`catalog/skorch.yml:{line}:11` `category`" in body
        assert "domain&#45;frameworks" in body or "domain-frameworks" in body
        assert "review: invalid entry" in world.labels()
        assert f"::error file=catalog/skorch.yml,line={line},col=11" in run.stdout


def test_pr_that_touches_no_entry_gets_no_comment(tmp_path: Path):
    for world in make_world(tmp_path, added_entry="docs/notes.md", entry_text="Some notes\n"):
        run = world.open_pr()
        assert run.exit_code == 0
        assert "touches no catalog entry" in run.stdout
        assert world.bot_comments() == []
        assert world.labels() == ["New"]


def test_malformed_yaml_entry_is_located_without_a_traceback(tmp_path: Path):
    text = "name: skorch\nrepository: [https://github.com/skorch-dev/skorch\ncategory: core\n"
    for world in make_world(tmp_path, entry_text=text):
        run = world.open_pr()
        assert run.exit_code == 1
        assert "Traceback" not in run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert "⛔ invalid entry" in body
        assert re.search(r"`catalog/skorch\.yml:\d+:\d+`", body)
        assert "review: invalid entry" in world.labels()


def test_huge_entry_file_is_refused_with_its_size(tmp_path: Path):
    text = entry() + "# " + "x" * 2_000_000 + "\n"
    for world in make_world(tmp_path, entry_text=text):
        run = world.open_pr()
        assert run.exit_code == 1
        assert "Traceback" not in run.stdout + run.stderr
        body = world.review_comment()["body"]
        assert "bytes" in body and "limit" in body
        assert len(body) < 65_536


def test_renamed_repository_already_listed_is_a_duplicate(tmp_path: Path):
    text = entry(name="skorch-next", repository="https://github.com/skorch-dev/old-skorch")
    now = datetime.now(UTC).replace(microsecond=0)
    for world in make_world(tmp_path, now=now, added_entry="catalog/skorch-next.yml", entry_text=text):
        world.sim.state.renamed["skorch-dev/old-skorch"] = (
            "skorch-dev/skorch"  # GitHub redirects the old name
        )
        run = world.open_pr()
        body = world.review_comment()["body"]
        assert run.exit_code == 1, run.stdout + run.stderr
        assert "renamed" in body and "catalog/skorch.yml" in body
        assert "review: invalid entry" in world.labels()


def test_a_first_review_in_a_catalog_that_has_the_labels_creates_none(world: World):
    world.open_pr()  # the catalog's first review created the labels it lacked
    labels = world.labels()
    issue = world.sim.state.issue(CATALOG_REPO, 1)
    issue.comments = [c for c in issue.comments if c.author != BOT]  # as if never reviewed
    issue.labels = [name for name in issue.labels if not name.startswith(("review:", "category:"))]
    world.sim.clear_requests()
    assert world.open_pr().exit_code == 0
    label_writes = [r.route for r in world.sim.requests if r.method != "GET" and "labels" in r.route]
    assert label_writes == ["PUT /repos/{owner}/{repo}/issues/{number}/labels"]  # one call, nothing created
    assert world.labels() == labels


def test_a_review_and_a_recheck_open_one_connection_to_github(world: World):
    # skorch's entry names a PyPI and a conda package: one connection each, and one for all of GitHub
    # (the pull request's query, the facts, the comment, the labels, the 👀).
    world.sim.clear_requests()
    assert world.open_pr().exit_code == 0
    assert world.sim.connections == 3
    world.sim.clear_requests()
    _, run = world.recheck("alice")
    assert run.exit_code == 0
    assert world.sim.connections == 3


def test_the_review_comment_past_the_first_page_of_comments_is_found_and_edited(world: World):
    # A long discussion: 120 comments before the bot's first review put its comment on the second
    # page of the pull request's comments (GitHub gives 100 per page); a re-review must still find it.
    for index in range(120):
        world.comment("maintainer", f"note {index}")
    assert world.open_pr().exit_code == 0
    first = world.review_comment()
    assert len(world.sim.comments(CATALOG_REPO, 1)) == 122
    world.push({SKORCH: entry(category="visualization")})
    run = world.open_pr("synchronize")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert world.review_comment()["id"] == first["id"]
    assert world.review_comment()["body"] != first["body"]
