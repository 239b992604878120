"""Issue 11: application issues reviewed with the Working Group's 19-row rubric, end to end.

The real `python -m bot run` runs against the GitHub simulator over HTTP with `issues` and
`issue_comment` payloads built from the simulator's state (shapes checked against
@octokit/webhooks-schemas in tests/simulator/test_events.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.applications.form import parse_form
from bot.applications.rubric import ROWS, STATUS_TEXT
from bot.commands.demo import (
    APPLICATION_DIR,
    ECOSYSTEM_REPO,
    FORM_PATH,
    SKORCH_APPLICATION,
    ActionRun,
    application_body,
    application_state,
    example_form,
    run_action,
)
from bot.schemas import load_schema
from bot.simulator import Simulator
from bot.simulator.events import issue_comment_event, issues_event
from bot.sticky import REVIEW

BOT = "github-actions[bot]"
ROW_NAMES = [
    "PyTorch Support", "Working CI", "Governance", "User Experience", "Quick Start", "Documentation",
    "Permissive Licensing", "Functional Testing", "Packages", "Ongoing Maintenance", "Core Maintainers (≥ 2)",
    "Contributors (≥ 5 active in 90 days)", "Commits (≥ 30 in 90 days)", "Stars (≥ 200)", "LICENSE.md",
    "README.md", "CONTRIBUTING.md", "CODEOWNERS", "CODE_OF_CONDUCT.md",
]  # fmt: skip
STATUSES = "|".join(re.escape(text) for text in STATUS_TEXT.values())
ROW = re.compile(rf"^\| (?P<name>[^|]+?) \| (?P<status>{STATUSES}) \| (?P<note>.*) \|$", re.MULTILINE)


class Applications:
    def __init__(self, sim: Simulator, work: Path) -> None:
        self.sim = sim
        self.work = work
        self.runs = 0

    def run(self, event_name: str, payload: dict[str, Any]) -> ActionRun:
        self.runs += 1
        return run_action(self.sim, event_name, payload, self.work / f"run{self.runs}")

    def open(self, action: str = "opened") -> ActionRun:
        return self.run("issues", issues_event(self.sim.state, ECOSYSTEM_REPO, 1, action=action))

    def recheck(self, login: str, body: str = "/recheck") -> tuple[dict[str, Any], ActionRun]:
        comment = self.sim.add_comment(ECOSYSTEM_REPO, 1, login, body)
        return comment, self.run(
            "issue_comment", issue_comment_event(self.sim.state, ECOSYSTEM_REPO, 1, comment)
        )

    def bot_comments(self) -> list[dict[str, Any]]:
        return [c for c in self.sim.comments(ECOSYSTEM_REPO, 1) if c["user"]["login"] == BOT]

    def review(self) -> dict[str, Any]:
        mine = [c for c in self.bot_comments() if REVIEW.marker in c["body"]]
        assert len(mine) == 1, f"expected one review comment, found {len(mine)}"
        return mine[0]

    def labels(self) -> list[str]:
        return sorted(self.sim.state.issue_labels(ECOSYSTEM_REPO, 1))

    def edit(self, title: str | None = None, body: str | None = None) -> None:
        with self.sim.state.lock:
            issue = self.sim.state.issue(ECOSYSTEM_REPO, 1)
            issue.title = title if title is not None else issue.title
            issue.body = body if body is not None else issue.body

    def age_last_recheck(self) -> None:
        """Time passes: the last /recheck, as the review's hidden state remembers it, was long ago."""
        review = self.review()
        found = self.sim.state.find_comment(self.sim.state.repo(ECOSYSTEM_REPO), review["id"])
        assert found is not None and '"recheck_at":' in found[1].body
        long_ago = '"recheck_at":"2000-01-01T00:00:00+00:00"'
        found[1].body = re.sub(r'"recheck_at":"[^"]*"', lambda _: long_ago, found[1].body)

    def graphql_requests(self) -> int:
        return sum(1 for record in self.sim.requests if record.path == "/graphql")


def applications(tmp_path: Path, **options: Any) -> Iterator[Applications]:
    now = datetime.now(UTC).replace(microsecond=0)
    with Simulator(application_state(now, **options)) as sim:
        yield Applications(sim, tmp_path)


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[Applications]:
    yield from applications(tmp_path)


def rows(body: str) -> list[tuple[str, str, str]]:
    table = body.split("<details>", 1)[0]
    return [(m["name"], m["status"], m["note"].strip()) for m in ROW.finditer(table)]


def row(body: str, name: str) -> tuple[str, str]:
    found = {n: (status, note) for n, status, note in rows(body)}
    return found[name]


def test_an_application_gets_one_comment_with_the_19_rows_in_order_and_a_lean(apps: Applications):
    run = apps.open()
    assert run.exit_code == 0, run.stdout + run.stderr
    body = apps.review()["body"]
    assert body.startswith(REVIEW.marker)
    assert "## Ecosystem Review: skorch" in body
    assert "**Applicant repo:** [`skorch-dev/skorch`](https://github.com/skorch-dev/skorch)" in body
    assert "**Application:** [#1](https://github.com/example-org/ecosystem/issues/1)" in body
    assert "skorch is a scikit-learn compatible neural network library that wraps PyTorch." in body
    assert [name for name, _, _ in rows(body)] == ROW_NAMES
    assert len(ROWS) == 19
    lean = re.search(
        r"^\*\*Suggested lean: (Approve|Needs more info|Too early|Decline)\*\* — .+$", body, re.M
    )
    assert lean is not None and lean.group(1) == "Needs more info"
    assert "A human on the Ecosystem Working Group decides" in body
    # the mechanical rules, as the skorch repository in the world has it
    assert row(body, "LICENSE.md") == ("⚠️ Caution", "license file is LICENSE, not LICENSE.md (naming gap)")
    assert row(body, "CODEOWNERS")[0] == "❌ Fail"
    assert row(body, "Governance") == ("❌ Fail", "no governance document")
    assert row(body, "Stars (≥ 200)") == ("✅ Pass", "")
    assert row(body, "Quick Start")[0] == "❓ Needs human judgment"
    assert "2.9.1 and 2.8.0" in row(body, "Ongoing Maintenance")[1]  # read from PyPI torch
    # load-bearing issues name the fails; the sidecar links the missing files at the reviewed commit
    assert "**Load-bearing issues**" in body and "- **CODEOWNERS** (❌ Fail)" in body
    sidecar = body.split("<details>", 1)[1]
    head = apps.sim.state.repo("skorch-dev/skorch").head_sha
    assert f"https://github.com/skorch-dev/skorch/blob/{head}/.github/CODEOWNERS" in sidecar
    assert f"https://github.com/skorch-dev/skorch/blob/{head}/LICENSE.md" in sidecar
    assert "Observed " in sidecar and "**Claims not independently verified:**" in sidecar
    assert apps.labels() == ["New", "review: needs work"]
    report = json.loads((apps.work / "run1" / "ecosystem-bot-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, load_schema("application-report"))
    assert report["kind"] == "application" and report["status"] == "Needs more info"
    assert [r["criterion"] for r in report["rubric"]["rows"]] == ROW_NAMES
    commits = next(r for r in report["rubric"]["rows"] if r["id"] == "commit-activity")
    assert commits["numbers"]["commits"] == 45 and commits["numbers"]["partial"] is False


def test_editing_the_application_updates_the_same_comment(apps: Applications):
    apps.open()
    first = apps.review()
    values = dict(SKORCH_APPLICATION, maintainers="@BenjaminBossan")
    apps.edit(body=application_body(values))
    run = apps.open(action="edited")
    assert run.exit_code == 0, run.stdout + run.stderr
    second = apps.review()
    assert second["id"] == first["id"]
    assert row(second["body"], "Core Maintainers (≥ 2)") == (
        "❌ Fail",
        "the application names 1 maintainer(s); at least 2 required",
    )
    assert len(apps.bot_comments()) == 1


def test_recheck_by_the_applicant_and_by_a_maintainer(apps: Applications):
    apps.open()
    first = apps.review()
    for login in ("alice", "maintainer"):
        comment, run = apps.recheck(login, "Added CODEOWNERS.\n/recheck\n")
        assert run.exit_code == 0, run.stdout + run.stderr
        # 👀 at once; the review comment, edited in place, is the answer (as on pull requests)
        assert apps.sim.state.reactions(ECOSYSTEM_REPO, comment["id"]) == ["eyes"]
        assert apps.review()["id"] == first["id"]
        assert '"recheck_at":' in apps.review()["body"]
        apps.age_last_recheck()  # the next recheck comes after the cooldown
    assert len(apps.bot_comments()) == 1


def test_recheck_spam_on_an_application_gives_one_reply_and_one_review(apps: Applications):
    apps.open()
    for _ in range(5):
        comment, run = apps.recheck("stranger")
        assert run.exit_code == 0, run.stdout + run.stderr
        assert apps.sim.state.reactions(ECOSYSTEM_REPO, comment["id"]) == ["eyes", "confused"]
    replies = [c for c in apps.bot_comments() if REVIEW.marker not in c["body"]]
    assert len(replies) == 1 and "did not recheck" in replies[0]["body"]
    reviews = 0
    for _ in range(5):
        before = apps.review()["body"]
        comment, run = apps.recheck("alice")
        assert run.exit_code == 0, run.stdout + run.stderr
        assert apps.sim.state.reactions(ECOSYSTEM_REPO, comment["id"]) == ["eyes"]
        reviews += apps.review()["body"] != before
    assert reviews == 1  # one review; the other four fell within the cooldown
    notes = [c for c in apps.bot_comments() if "the next one is possible from" in c["body"]]
    assert len(notes) == 1 and "per application" in notes[0]["body"]
    assert len(apps.bot_comments()) == 3  # the review, the refusal, the cooldown note


def test_a_strangers_recheck_is_refused_with_a_reply(apps: Applications):
    apps.open()
    before = apps.review()
    apps.sim.clear_requests()
    comment, run = apps.recheck("stranger")
    assert run.exit_code == 0
    assert apps.sim.state.reactions(ECOSYSTEM_REPO, comment["id"]) == ["eyes", "confused"]
    replies = [c for c in apps.bot_comments() if REVIEW.marker not in c["body"]]
    assert len(replies) == 1
    assert (
        "did not recheck" in replies[0]["body"]
        and "only the applicant or someone with write access" in replies[0]["body"]
    )
    assert "@stranger" not in replies[0]["body"]
    assert apps.review() == before
    assert apps.graphql_requests() == 0  # nothing was vetted


def test_an_issue_not_opened_from_the_form_is_left_alone(tmp_path: Path):
    for apps in applications(tmp_path, title="How do I apply?", body="Hi! Where is the form?\n"):
        run = apps.open()
        assert run.exit_code == 0
        assert "not opened from an application form; left alone" in run.stdout
        comment, run = apps.recheck("maintainer")
        assert run.exit_code == 0 and "left alone" in run.stdout
        assert apps.sim.state.reactions(ECOSYSTEM_REPO, comment["id"]) == []
        assert apps.bot_comments() == []
        assert apps.labels() == ["New"]


def test_a_decision_label_is_left_alone_and_the_review_is_framed_as_evidence(tmp_path: Path):
    for apps in applications(tmp_path, labels=("New", "Accepted")):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        body = apps.review()["body"]
        assert "A decision exists on this application (label `Accepted`)" in body
        assert "This review is evidence for it" in body
        assert apps.labels() == ["Accepted", "New"]  # no status label added, none removed


@pytest.mark.parametrize(
    ("title", "changes", "expected"),
    [
        (
            "[Ecosystem] skorch",
            {key: "TBD" for key in SKORCH_APPLICATION},
            ["“Contact emails” holds a placeholder (TBD)", "“Project repo URL” holds a placeholder (TBD)"],
        ),
        (
            "[Ecosystem] skorch",
            {"repo-url": "https://github.com/<org>/<repo>"},
            ["“Project repo URL” holds a placeholder"],
        ),
        (
            "[Ecosystem] <Project Name>?assignees=",
            {},
            ["The title still reads \\<Project Name>."],
        ),
        (
            "[Ecosystem] skorch",
            {
                "project-license": "Apache 2.0",
                "contact-emails": "ben at skorch",
                "maintainers": "Benjamin Bossan!",
            },
            ["not an SPDX license expression", "Apache-2.0", "not an e-mail address", "not a GitHub handle"],
        ),
        (
            "[Ecosystem] skorch",
            {"repo-url": "https://github.com/skorch-dev"},
            ["“Project repo URL” is not a GitHub repository URL"],
        ),
    ],
    ids=["tbd-everywhere", "placeholder-url", "template-title", "malformed-fields", "organisation-url"],
)
def test_junk_applications_get_an_incomplete_review_without_vetting(
    tmp_path: Path, title: str, changes: dict[str, str], expected: list[str]
):
    body = application_body(dict(SKORCH_APPLICATION, **changes))
    for apps in applications(tmp_path, title=title, body=body):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        comment = apps.review()["body"]
        assert "### ⚠️ Incomplete application" in comment
        assert "was **not vetted yet**" in comment
        for text in expected:
            assert text in comment
        assert rows(comment) == []
        report = json.loads((apps.work / "run1" / "ecosystem-bot-report.json").read_text(encoding="utf-8"))
        jsonschema.validate(report, load_schema("application-report"))
        assert report["status"] == "incomplete" and report["rubric"] is None and report["problems"]
        assert apps.graphql_requests() == 0
        assert not any("/repos/skorch-dev/" in record.path for record in apps.sim.requests)
        assert apps.labels() == ["New", "review: incomplete"]


def test_a_form_with_renamed_fields_is_still_parsed(tmp_path: Path):
    text = (APPLICATION_DIR / FORM_PATH).read_text(encoding="utf-8")
    renamed = (
        text.replace("label: Project repo URL", "label: Where is the code?")
        .replace("label: Project license", "label: Which license applies?")
        .replace(
            "label: GitHub handles of the project maintainer(s)", "label: Who maintains it (GitHub logins)?"
        )
        .replace("label: Project summary", "label: In one sentence")
    )
    assert renamed != text
    form = parse_form(renamed, FORM_PATH)
    assert [f.label for f in form.fields] != [f.label for f in example_form().fields]
    body = application_body(SKORCH_APPLICATION, form)
    assert "### Where is the code?" in body
    for apps in applications(tmp_path, body=body, form_text=renamed):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        comment = apps.review()["body"]
        assert [name for name, _, _ in rows(comment)] == ROW_NAMES
        assert "[`skorch-dev/skorch`](https://github.com/skorch-dev/skorch)" in comment
        assert row(comment, "Core Maintainers (≥ 2)")[0] == "✅ Pass"


def test_closed_applications_are_reviewed_only_on_recheck(apps: Applications):
    with apps.sim.state.lock:
        apps.sim.state.issue(ECOSYSTEM_REPO, 1).state = "closed"
    run = apps.open(action="edited")
    assert run.exit_code == 0 and "closed" in run.stdout
    assert apps.bot_comments() == []
    _, run = apps.recheck("maintainer")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert rows(apps.review()["body"])


def test_an_application_meeting_each_threshold_exactly(tmp_path: Path):
    values = dict(
        SKORCH_APPLICATION,
        **{
            "repo-url": "https://github.com/lumen-ml/lumen",
            "project-summary": "Lumen makes PyTorch training loops observable.",
            "project-license": "Apache-2.0",
            "maintainers": "@ada, @grace",
            "website": "",
            "documentation": "https://github.com/lumen-ml/lumen/tree/main/docs",
        },
    )
    for apps in applications(tmp_path, title="[Ecosystem] Lumen", body=application_body(values)):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        body = apps.review()["body"]
        assert row(body, "Stars (≥ 200)") == ("✅ Pass", "exactly at the 200-star minimum")
        assert row(body, "Commits (≥ 30 in 90 days)") == ("✅ Pass", "exactly at the 30-commit minimum")
        assert row(body, "Contributors (≥ 5 active in 90 days)") == (
            "✅ Pass",
            "exactly at the 5-contributor minimum",
        )
        assert row(body, "Core Maintainers (≥ 2)")[0] == "✅ Pass"
        assert row(body, "LICENSE.md") == ("✅ Pass", "")
        assert row(body, "CODEOWNERS") == ("✅ Pass", "")  # only at .github/CODEOWNERS
        status, note = row(body, "CODE_OF_CONDUCT.md")
        assert status == "⚠️ Caution" and "Contributor Covenant" in note
        assert row(body, "Governance")[0] == "❓ Needs human judgment"
        assert "CI workflows name 2.9, 2.8" in row(body, "PyTorch Support")[1]


def test_fixing_an_incomplete_application_replaces_the_review_and_its_label(tmp_path: Path):
    junk = application_body({key: "TBD" for key in SKORCH_APPLICATION})
    for apps in applications(tmp_path, body=junk):
        apps.open()
        first = apps.review()
        assert "Incomplete application" in first["body"]
        assert apps.labels() == ["New", "review: incomplete"]
        apps.edit(body=application_body(SKORCH_APPLICATION))
        run = apps.open(action="edited")
        assert run.exit_code == 0, run.stdout + run.stderr
        second = apps.review()
        assert second["id"] == first["id"]
        assert "Incomplete application" not in second["body"]
        assert [name for name, _, _ in rows(second["body"])] == ROW_NAMES
        assert apps.labels() == ["New", "review: needs work"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "applications: {forms: [.github/ISSUE_TEMPLATE/gone.yml]}\n",
            "the application form .github/ISSUE_TEMPLATE/gone.yml is not on the default branch",
        ),
        (
            "applications: {forms: [.github/ISSUE_TEMPLATE/application.yml], policy: no-such-policy}\n",
            "no-such-policy",
        ),
        ("applications: {form: [x.yml]}\n", "applications"),
        (
            "applications: {forms: [.github/ISSUE_TEMPLATE/application.yml], policy: policies/gone.yml}\n",
            "policy policies/gone.yml: no such file in example-org/ecosystem at HEAD (the default branch)",
        ),
    ],
    ids=["missing-form", "unknown-policy", "misspelt-key", "policy-path-not-in-the-repository"],
)
def test_a_broken_applications_config_is_a_clear_error(tmp_path: Path, config: str, message: str):
    for apps in applications(tmp_path, extra_files={".github/ecosystem-bot.yml": config}):
        run = apps.open()
        assert run.exit_code == 2
        assert "::error::ecosystem-bot:" in run.stdout and message in run.stdout
        assert "Traceback" not in run.stderr
        assert apps.bot_comments() == []


def test_a_form_path_that_names_a_directory_is_a_clear_error(tmp_path: Path):
    files = {
        ".github/ecosystem-bot.yml": "applications: {forms: [.github/forms.yml]}\n",
        ".github/forms.yml/application.yml": "name: a directory named like a form\n",
    }
    for apps in applications(tmp_path, extra_files=files):
        run = apps.open()
        assert run.exit_code == 2 and "Traceback" not in run.stderr
        assert ".github/forms.yml of example-org/ecosystem: it is a directory, not a file" in run.stdout
        assert apps.bot_comments() == []


def test_a_repository_github_does_not_have_makes_the_application_incomplete(tmp_path: Path):
    body = application_body(
        dict(SKORCH_APPLICATION, **{"repo-url": "https://github.com/skorch-dev/skorch-typo"})
    )
    for apps in applications(tmp_path, body=body):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        comment = apps.review()["body"]
        assert "### ⚠️ Incomplete application" in comment
        assert "names skorch-dev/skorch-typo, which GitHub does not have (or which is private)." in comment
        assert rows(comment) == []
        assert apps.labels() == ["New", "review: incomplete"]


def test_a_policy_named_by_path_is_read_from_the_default_branch(tmp_path: Path):
    preset = (Path("bot/policies/pytorch-tac-v1.yml")).read_text(encoding="utf-8")
    custom = preset.replace("name: pytorch-tac-v1", "name: wg-custom", 1)
    config = "applications: {forms: [.github/ISSUE_TEMPLATE/application.yml], policy: policies/wg.yml}\n"
    files = {".github/ecosystem-bot.yml": config, "policies/wg.yml": custom}
    for apps in applications(tmp_path, extra_files=files):
        run = apps.open()
        assert run.exit_code == 0, run.stdout + run.stderr
        assert "policy `wg-custom`" in apps.review()["body"]
