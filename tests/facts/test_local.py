"""Facts from a local checkout, on git repositories built here with chosen dates and authors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.criteria.model import Result
from bot.facts.local import gather_local
from bot.facts.model import RepoFacts
from bot.policies.loader import load_policy
from bot.verdicts import evaluate_entry
from tests.facts.git_repo import GitRepo
from tests.facts.test_license_text import MIT

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

WORKFLOW = """name: tests
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
"""


def run_policy(facts: RepoFacts) -> dict[str, Result]:
    """Check id → result under the default policy (pytorch-2019)."""
    return {o.check_id: o.result for o in evaluate_entry(load_policy(), facts, [], "local").checks}


@pytest.fixture
def project(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "project")
    repo.write("README.md", "# Project\n\npip install project\n")
    repo.write("LICENSE", MIT)
    repo.write("pyproject.toml", '[project]\nname = "my-project"\nversion = "1.0"\n')
    repo.write(".github/workflows/tests.yml", WORKFLOW)
    repo.write(".github/CONTRIBUTING.md", "Send PRs.\n")
    repo.write("docs/CODE_OF_CONDUCT.md", "Be kind.\n")
    repo.write("tests/test_x.py", "def test_x():\n    pass\n")
    repo.write("notebooks/intro.ipynb", "{}\n")
    repo.commit(NOW - timedelta(days=700), author="Ada", email="ada@example.org")
    repo.tag("v0.1", NOW - timedelta(days=700))
    # 400 days ago: outside both windows
    repo.commit(NOW - timedelta(days=400), author="Old Timer", email="old@example.org")
    # inside 365 days, outside 90
    for days in (300, 200, 100):
        repo.commit(NOW - timedelta(days=days), author="Ada", email="ada@example.org")
    # inside 90 days, by two humans and one bot
    repo.commit(NOW - timedelta(days=89), author="Bob", email="bob@example.org")
    repo.commit(NOW - timedelta(days=10), author="Ada", email="ada@example.org")
    repo.commit(
        NOW - timedelta(days=5),
        author="dependabot[bot]",
        email="49699333+dependabot[bot]@users.noreply.github.com",
    )
    repo.tag("v1.0", NOW - timedelta(days=5))
    # after `now`: must not count
    repo.commit(NOW + timedelta(days=3), author="Future", email="future@example.org")
    return repo


def test_commit_windows_and_authors(project: GitRepo) -> None:
    facts = gather_local(project.path, NOW)
    assert facts.available, facts.error
    assert (facts.commits_90d, facts.commits_365d) == (3, 6)
    authors = {a.key: (a.commits, a.is_bot) for a in facts.recent_authors or []}
    assert authors == {
        "ada@example.org": (4, False),
        "bob@example.org": (1, False),
        "dependabot[bot]": (1, True),
    }
    assert {a.key for a in facts.recent_authors_90d or []} == {
        "ada@example.org",
        "bob@example.org",
        "dependabot[bot]",
    }
    assert facts.contributors == 3  # distinct people up to `now` (neither the bot nor the future commit)
    assert facts.created_at is not None and facts.created_at.startswith("2024-12-26")


def test_head_tags_and_files(project: GitRepo) -> None:
    facts = gather_local(project.path, NOW)
    assert facts.head_sha == project.git("rev-parse", "HEAD").strip()
    assert facts.default_branch == "main"
    assert facts.tag_count == 2
    assert [r.tag for r in facts.releases or []] == ["v1.0", "v0.1"]
    assert facts.sources["releases"] == "git-tags"
    assert "tests/test_x.py" in (facts.tree or []) and "notebooks/intro.ipynb" in (facts.tree or [])
    assert facts.root_files == [
        ".github",
        "LICENSE",
        "README.md",
        "docs",
        "notebooks",
        "pyproject.toml",
        "tests",
    ]
    assert facts.community_files == {
        "README": "README.md",
        "LICENSE": "LICENSE",
        "CONTRIBUTING": ".github/CONTRIBUTING.md",
        "CODE_OF_CONDUCT": "docs/CODE_OF_CONDUCT.md",
    }
    assert facts.workflows == {".github/workflows/tests.yml": WORKFLOW}
    assert set(facts.files) == {"README.md", "LICENSE", "pyproject.toml"}


def test_license_from_the_file_text(project: GitRepo) -> None:
    facts = gather_local(project.path, NOW)
    assert facts.license is not None
    assert (facts.license.spdx, facts.license.tier, facts.license.source, facts.license.file) == (
        "MIT",
        "permissive",
        "license-file",
        "LICENSE",
    )
    assert facts.license.confidence is not None and facts.license.confidence >= 0.99


def test_what_a_checkout_cannot_know_is_unknown(project: GitRepo) -> None:
    facts = gather_local(project.path, NOW)
    unknown = (
        facts.stars,
        facts.forks,
        facts.open_issues,
        facts.closed_issues,
        facts.open_pull_requests,
        facts.issue_responses,
        facts.head_ci_state,
        facts.archived,
        facts.fork,
        facts.release_count,
        facts.topics,
    )
    assert unknown == (None,) * len(unknown)
    assert facts.not_provided["archived"] == "not checked offline: GitHub data (the archived flag)"
    assert "commits_90d" not in facts.not_provided and "license" not in facts.not_provided


SYNC_BOT = ("sync-bot[bot]", "215208954+sync-bot[bot]@users.noreply.github.com")


def test_a_history_made_by_automation_has_no_people(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "bots")
    repo.write("README.md", "# bots\n")
    for day, number in ((80, "89002005307016"), (40, "89002005232357"), (5, "1435320781521086")):
        name = f"generatedunixname{number}"
        repo.commit(NOW - timedelta(days=day), author=name, email=f"{name}@corp.example", committer=SYNC_BOT)
    repo.commit(NOW - timedelta(days=3), author="Copilot", email="198982749+Copilot@users.noreply.github.com")
    facts = gather_local(repo.path, NOW)
    people = [a.key for a in facts.recent_authors_90d or [] if not a.is_bot]
    assert people == []
    assert (facts.commits_90d, facts.contributors) == (4, 0)  # commits count; contributors are people
    verdict = run_policy(facts)
    assert verdict["COMM-001"].status == "fail"
    assert verdict["COMM-002"].summary == "no commits by people in the last 365 days"


def test_one_person_among_exported_automation_is_a_warning(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "export")
    repo.write("README.md", "# export\n")
    for day, author in ((300, "Yan Zhi"), (200, "Wang Yang"), (150, "Chen Bo")):
        repo.commit(NOW - timedelta(days=day), author=author, email=f"{author.split()[0].lower()}@corp.example",
                    committer=SYNC_BOT)  # fmt: skip
    for day in (60, 30, 10):
        name = f"generatedunixname8900200530{day:04d}"
        repo.commit(NOW - timedelta(days=day), author=name, email=f"{name}@corp.example", committer=SYNC_BOT)
    repo.commit(NOW - timedelta(days=20), author="Patrick Snape", email="ps@corp.example", committer=SYNC_BOT)
    result = run_policy(gather_local(repo.path, NOW))["COMM-001"]
    assert (result.status, result.summary) == (
        "warn",
        "4 people committed in the last 365 days, but only 1 person in the last 90 days "
        "(3 bot identities not counted)",
    )
    # the same history with people behind every recent commit passes
    for day in (55, 25):
        repo.commit(
            NOW - timedelta(days=day), author="Wang Yang", email="wang@corp.example", committer=SYNC_BOT
        )
    assert run_policy(gather_local(repo.path, NOW))["COMM-001"].status == "pass"


def test_github_remote_gives_the_repository_url(project: GitRepo) -> None:
    project.git("remote", "add", "origin", "git@github.com:example-org/my-project.git")
    assert gather_local(project.path, NOW).url == "https://github.com/example-org/my-project"


def test_shallow_clone_does_not_count_commits(project: GitRepo, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    GitRepo(tmp_path / "unused").git("clone", "-q", "--depth", "1", project.path.as_uri(), str(shallow))
    facts = gather_local(shallow, NOW)
    assert facts.available
    assert (facts.commits_90d, facts.commits_365d, facts.contributors) == (None, None, None)
    assert "shallow" in (facts.error or "")


def test_not_a_git_checkout(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    facts = gather_local(tmp_path / "plain", NOW)
    assert not facts.available
    assert "not a readable git checkout" in (facts.error or "")


def test_missing_directory(tmp_path: Path) -> None:
    facts = gather_local(tmp_path / "nope", NOW)
    assert (facts.available, facts.error) == (False, f"{tmp_path / 'nope'}: no such directory")


def test_the_committed_state_is_vetted_not_uncommitted_edits(project: GitRepo) -> None:
    project.write("README.md", "# edited but not committed\n")
    project.write("CONTRIBUTING.md", "not committed either\n")
    (project.path / "LICENSE").unlink()
    facts = gather_local(project.path, NOW)
    assert facts.files["README.md"].text == "# Project\n\npip install project\n"
    assert "CONTRIBUTING.md" not in (facts.tree or [])
    assert facts.license is not None and facts.license.spdx == "MIT"


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "empty")
    facts = gather_local(repo.path, NOW)
    assert (facts.available, facts.tree, facts.commits_90d) == (True, [], 0)
    assert "no commits yet" in (facts.error or "")


def test_the_files_ci_and_dependency_checks_need_are_read(tmp_path: Path) -> None:
    """Requirements, environments, other CI systems' configs, local actions and the packaging
    files of sub-packages are read; files elsewhere (docs, deeper folders) are not."""
    repo = GitRepo(tmp_path / "mono")
    wanted = {
        "requirements.txt": "numpy\n",
        "requirements-dev.txt": "pytest\n",
        "requirements/base.txt": "torch>=2.0\n",
        "environment.yml": "dependencies:\n  - pytorch\n",
        ".travis.yml": "script: pytest\n",
        ".circleci/config.yml": "jobs: {}\n",
        ".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps: []\n",
        "torch_ext/setup.py": "import torch\n",
        "torch_ext/requirements.txt": "torch\n",
        "python/pyproject.toml": '[project]\nname = "bindings"\n',
        "packages/core/pyproject.toml": '[project]\nname = "core"\n',
        "packages/core/setup.cfg": "[metadata]\nname = core\n",
    }
    ignored = {
        "docs/requirements.txt": "sphinx\n",
        "examples/deep/setup.py": "import torch\n",
        "benchmarks/setup.py": "import torch\n",
        "src/pkg/action.yml": "name: not under .github\n",
    }
    for path, text in (wanted | ignored).items():
        repo.write(path, text)
    repo.commit(NOW - timedelta(days=1))
    facts = gather_local(repo.path, NOW)
    assert set(facts.files) == set(wanted)
    assert facts.files["requirements/base.txt"].text == "torch>=2.0\n"


def test_a_full_name_belongs_to_the_login_that_used_it_last_however_often_each_commits(
    tmp_path: Path,
) -> None:
    # Each identity is looked at once (a long history has few people), except a GitHub login seen
    # again: the newest login commit under a full name decides whose that name's other addresses are.
    repo = GitRepo(tmp_path / "names")
    repo.write("README.md", "# Names\n")
    sam_a = ("Sam Smith", "101+sam-a@users.noreply.github.com")
    sam_b = ("Sam Smith", "202+sam-b@users.noreply.github.com")
    history = [
        sam_a,
        sam_a,
        ("Sam Smith", "sam@example.org"),
        sam_b,
        sam_a,
        ("Sam  Smith", "sam@work.example"),
    ]
    for days, (name, email) in zip(range(60, 0, -10), history, strict=True):  # oldest first
        repo.commit(NOW - timedelta(days=days), author=name, email=email)
    facts = gather_local(repo.path, NOW)
    assert facts.available, facts.error
    authors = {a.key: a.commits for a in facts.recent_authors or []}
    # newest first: sam@work (name unseen: its own key at first), sam-a, sam-b, sam@example.org, sam-a, sam-a;
    # the last login commit read under "sam smith" is sam-a's oldest: both addresses are sam-a's
    assert authors == {"sam-a": 5, "sam-b": 1}
    assert facts.contributors == 2


def test_automation_is_decided_per_commit_for_one_identity_with_two_committers(tmp_path: Path) -> None:
    # A generated identity is automation when a bot committed it, a person when a person did:
    # the decision is kept per (author, committer), not per author.
    repo = GitRepo(tmp_path / "export")
    repo.write("README.md", "# Export\n")
    machine = ("generatedunixname89002005307016", "generatedunixname89002005307016@example.com")
    repo.commit(
        NOW - timedelta(days=20),
        *machine,
        committer=("sync-bot[bot]", "1+sync-bot[bot]@users.noreply.github.com"),
    )
    repo.commit(NOW - timedelta(days=10), *machine, committer=("Ada Lovelace", "ada@example.org"))
    repo.commit(NOW - timedelta(days=5), author="Ada Lovelace", email="ada@example.org")
    facts = gather_local(repo.path, NOW)
    authors = {a.key: (a.commits, a.is_bot) for a in facts.recent_authors or []}
    assert authors == {"ada@example.org": (1, False), machine[1]: (2, True)}
    assert facts.contributors == 1
