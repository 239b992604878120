"""README, tutorial and contributing checks on git repositories built here, read as `vet PATH` reads them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.facts.local import gather_local
from bot.facts.model import RepoFacts
from tests.criteria.sample import run
from tests.facts.git_repo import GitRepo

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
README = """<!---
Copyright 2024 The Thing Authors. Licensed under the Apache License, Version 2.0.
You may not use this file except in compliance with the License.
-->

[![PyPI](https://img.shields.io/pypi/v/thing.svg)](https://pypi.org/project/thing)

# Thing

Thing evaluates language models on a set of benchmarks with a single command and a config file.

## Installation

```bash
pip install thing
```

## Quick start

```bash
thing-eval --models small --datasets demo
```

More [examples in the docs](https://thing.example.org/stable/examples/).
"""


def checkout(tmp_path: Path, files: dict[str, str]) -> RepoFacts:
    repo = GitRepo(tmp_path / "thing")
    for path, text in files.items():
        repo.write(path, text)
    repo.commit(NOW - timedelta(days=3))
    return gather_local(repo.path, NOW)


def test_a_cli_project_with_docs_examples_and_a_docs_contributing_page(tmp_path: Path):
    facts = checkout(
        tmp_path,
        {
            "README.md": README,
            "pyproject.toml": '[project]\nname = "thing"\n[project.scripts]\nthing-eval = "thing.cli:main"\n',
            "thing/__init__.py": "",
            "docs/source/index.rst": "Thing\n=====\n",
            "docs/source/examples/basic.rst": "Basic\n=====\n",
            "docs/source/thing.contributing.rst": "Contributing\n============\n",
        },
    )
    intro = run("UTIL-001", facts, min_intro_words=17)
    assert intro.summary == "README has an introduction (17 words)"  # not the license comment
    assert run("UTIL-003", facts).summary == "README shows its command line in use (1 code block)"
    tutorials = run("ONBOARD-006", facts)
    assert (
        tutorials.summary == "tutorials: 1 tutorial or example page in the docs; 1 tutorial link in README.md"
    )
    assert run("COMM-003", facts).summary == "CONTRIBUTING in docs/source/thing.contributing.rst"


def test_the_same_project_without_them_is_still_flagged(tmp_path: Path):
    readme = README.replace(
        "thing-eval --models", "pip install --upgrade thing  # then see the docs"
    ).replace("More [examples in the docs](https://thing.example.org/stable/examples/).", "See the docs.")
    facts = checkout(
        tmp_path,
        {
            "README.md": readme,
            "pyproject.toml": '[project]\nname = "thing"\n',
            "thing/__init__.py": "",
            "docs/source/index.rst": "Thing\n=====\n",
            "docs/source/api.rst": "API\n===\n",
            "docs/source/contributors.rst": "People\n======\n",
        },
    )
    assert run("UTIL-003", facts).summary == "section 'Quick start' in README.md shows no usage example"
    assert run("ONBOARD-006", facts).status == "fail"
    assert run("COMM-003", facts).status == "fail"
