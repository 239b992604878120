"""`ecosystem-bot validate`: exit codes, the three output formats, and --base in a git checkout."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.catalog.corpus_cases import SKORCH_ENTRY

CONFIG = b"""policy: pytorch-2019
catalog:
  format: entry-files
"""
FLAIR = b"""name: Flair
repository: https://github.com/flairNLP/flair
description: A very simple framework for state-of-the-art NLP.
category: domain-frameworks
license: MIT
install:
  pip: flair
"""
BAD = FLAIR.replace(b"name: Flair", b"name: Flair NLP").replace(
    b"category: domain-frameworks", b"category: nlp"
)


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github/ecosystem-bot.yml").write_bytes(CONFIG)
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog/skorch.yml").write_bytes(SKORCH_ENTRY)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", *args])
    return code, capsys.readouterr().out


def test_a_valid_catalog_exits_0(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "catalog/flair.yml").write_bytes(FLAIR)
    code, out = run(capsys, "catalog/flair.yml", "--categories", "domain-frameworks,data")
    assert (code, out.strip()) == (0, "1 entry checked: 0 error(s), 0 warning(s), 0 note(s)")


def test_problems_in_text_exit_1(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "catalog/flair.yml").write_bytes(BAD)
    code, out = run(capsys, "catalog/flair.yml", "--categories", "domain-frameworks,data")
    assert code == 1
    assert out.splitlines()[0] == (
        "catalog/flair.yml:4:11: error: unknown category 'nlp' (the policy's categories: domain-frameworks, data) "
        "[category]"
    )


def test_without_categories_the_policy_decides(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "catalog/flair.yml").write_bytes(BAD)
    code, out = run(capsys, "catalog/flair.yml")
    assert code == 1
    assert (
        "unknown category 'nlp' (the policy's categories: data, performance, core, domain-frameworks" in out
    )
    code, out = run(capsys, "catalog/flair.yml", "--policy", "no-such-policy")
    assert code == 2


def test_json_output_is_data(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "catalog/flair.yml").write_bytes(BAD.replace(b"flairNLP/flair", b"skorch-dev/skorch"))
    code, out = run(capsys, "catalog", "--format", "json", "--categories", "nlp,domain-frameworks")
    data = json.loads(out)
    assert (code, data["valid"]) == (1, False)
    assert data["problems"] == [
        {
            "file": "catalog/flair.yml",
            "line": 2,
            "column": 13,
            "field": "repository",
            "message": "repository 'https://github.com/skorch-dev/skorch' is already in the catalog: "
            "catalog/skorch.yml line 1 (skorch)",
            "fix": "extend the existing entry instead of adding a second one",
            "severity": "error",
        },
        {
            "file": "catalog/skorch.yml",
            "line": 2,
            "column": 13,
            "field": "repository",
            "message": "repository 'https://github.com/skorch-dev/skorch' is already in the catalog: "
            "catalog/flair.yml line 1 (Flair NLP)",
            "fix": "extend the existing entry instead of adding a second one",
            "severity": "error",
        },
    ]
    assert [e["file"] for e in data["entries"]] == ["catalog/flair.yml", "catalog/skorch.yml"]


def test_github_output_is_escaped_annotations(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "catalog/x.yml").write_bytes(
        FLAIR.replace(b"https://github.com/flairNLP/flair", b"http://github.com/a/b")
    )
    code, out = run(capsys, "catalog/x.yml", "--format", "github")
    assert code == 0
    assert out.splitlines()[0] == (
        "::notice file=catalog/x.yml,line=2,col=13,title=catalog%3A repository::URL normalised from "
        "'http://github.com/a/b' to https://github.com/a/b (http:// changed to https://) — fix: write "
        "https://github.com/a/b"
    )


def test_base_validates_only_what_changed_since_the_ref(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalog / "catalog/old.yml").write_bytes(BAD.replace(b"flairNLP/flair", b"old/old"))
    git(catalog, "add", ".")
    git(catalog, "commit", "-q", "-m", "an old bad entry")
    (catalog / "catalog/flair.yml").write_bytes(FLAIR)  # new, untracked
    (catalog / "catalog/skorch.yml").write_bytes(SKORCH_ENTRY.replace(b"BSD-3-Clause", b"BSD-2-Clause"))
    code, out = run(capsys, "--base", "HEAD", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [(e["file"], e["change"]) for e in data["entries"]] == [
        ("catalog/skorch.yml", "changed"),
        ("catalog/flair.yml", "added"),
    ]


def test_base_reports_removed_entries_and_duplicates_against_the_base(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalog / "catalog/flair.yml").write_bytes(FLAIR)
    git(catalog, "add", ".")
    git(catalog, "commit", "-q", "-m", "flair")
    (catalog / "catalog/flair.yml").unlink()
    (catalog / "catalog/new.yml").write_bytes(
        b"name: New\nrepository: https://github.com/Skorch-Dev/Skorch\n"
    )
    code, out = run(capsys, "--base", "HEAD")
    assert code == 1
    assert (
        "catalog/new.yml:2:13: error: repository 'https://github.com/Skorch-Dev/Skorch' is already in the catalog: "
        "catalog/skorch.yml line 1 (skorch) [repository]"
    ) in out.splitlines()
    assert "catalog/flair.yml:1: removed: Flair" in out.splitlines()


def test_an_unknown_ref_exits_2(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--base", "no-such-ref"]) == 2
    assert "ecosystem-bot validate:" in capsys.readouterr().err


def test_base_outside_git_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--base", "main"]) == 2
    assert "--base needs a git checkout" in capsys.readouterr().err


def test_a_missing_path_exits_2(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "catalog/nope.yml"]) == 2


def test_a_landscape_file_is_recognised_without_a_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hosted_logos").mkdir()
    (tmp_path / "hosted_logos/a.svg").write_text("<svg/>")
    (tmp_path / "landscape.yml").write_text(
        "landscape:\n  - category:\n    name: C\n    subcategories:\n      - subcategory:\n        name: S\n"
        "        items:\n          - item:\n            name: A\n            homepage_url: https://a.dev\n"
        "            logo: b.svg\n            repo_url: https://github.com/a/a/tree/main\n"
    )
    code, out = run(capsys, "landscape.yml")
    assert code == 1
    assert out.splitlines()[:2] == [
        "landscape.yml:11:19: error: logo 'b.svg' is not in hosted_logos/ [landscape[0].subcategories[0].items[0].logo]",
        "    fix: did you mean `a.svg`?",
    ]


def test_the_example_catalog_is_valid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).parents[2] / "examples" / "catalog")
    categories = "data,performance,core,domain-frameworks,application-platforms,production,visualization"
    code, out = run(capsys, "--categories", categories, "--format", "json")
    assert code == 0
    assert sorted(e["name"] for e in json.loads(out)["entries"]) == [
        "Flair",
        "PennyLane",
        "skorch",
        "tiny-torch-helper",
    ]


def test_several_categories_only_where_the_policy_allows(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FLAIR.replace(b"category: domain-frameworks", b"category: [domain-frameworks, data]")
    assert text != FLAIR
    (catalog / "catalog/flair.yml").write_bytes(text)
    code, out = run(capsys, "catalog/flair.yml")
    assert code == 1 and "category" in out
    code, out = run(capsys, "catalog/flair.yml", "--multiple-categories")
    assert code == 0, out


def test_base_files_named_with_a_newline_do_not_hide_a_duplicate(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalog / "catalog/a\nb.yml").write_bytes(FLAIR.replace(b"flairNLP/flair", b"other/one"))
    (catalog / "catalog/flair.yml").write_bytes(FLAIR)
    git(catalog, "add", ".")
    git(catalog, "commit", "-q", "-m", "a file named with a newline, before flair")
    (catalog / "catalog/new.yml").write_bytes(b"name: New\nrepository: https://github.com/flairNLP/flair\n")
    code, out = run(capsys, "--base", "HEAD", "--format", "json")
    data = json.loads(out)
    assert code == 1
    duplicates = [p for p in data["problems"] if "already in the catalog" in p["message"]]
    assert len(duplicates) == 1 and "catalog/flair.yml line 1" in duplicates[0]["message"]
