from tests.criteria.sample import blob, facts, files, run

INTRO = (
    "skorch is a scikit-learn compatible neural network library that wraps PyTorch. It lets you train "
    "models with fit and predict and use them in grid searches and pipelines."
)
README = f"""<p align="center"><img src="logo.png"></p>

# skorch

[![Build](https://example.org/badge.svg)](https://example.org)

{INTRO}

## Installation

```bash
pip install skorch
```

## Quick start

```python
from skorch import NeuralNetClassifier
net = NeuralNetClassifier(MyModule)
```

## Releases

We release every two months; see CHANGES.md.
"""


def with_readme(text: str, path: str = "README.md"):
    return facts(files=files(**{path.replace(".", "_"): text}), root_files=[path])


def test_introduction_counts_prose_words_without_badges_or_code():
    result = run("UTIL-001", with_readme(README))
    assert result.status == "pass"
    assert result.summary == "README has an introduction (27 words)"
    assert result.evidence[0].url == blob("README.md")


def test_introduction_boundary():
    assert run("UTIL-001", with_readme(README), min_intro_words=27).status == "pass"
    short = run("UTIL-001", with_readme(README), min_intro_words=28)
    assert short.status == "warn"
    assert short.summary == "README introduction has 27 words (at least 28 expected)"


def test_introduction_missing_fails_and_about_section_counts():
    assert run("UTIL-001", with_readme("# x\n\n## Install\n\npip install x\n")).status == "fail"
    about = "# x\n\n## About\n\n" + INTRO + "\n"
    assert run("UTIL-001", with_readme(about)).status == "pass"


def test_restructuredtext_readme():
    rst = (
        "=====\nTitle\n=====\n\n"
        + INTRO
        + "\n\nInstall\n-------\n\n.. code-block:: bash\n\n   pip install t\n"
    )
    repo = with_readme(rst, "README.rst")
    assert run("UTIL-001", repo).status == "pass"
    assert run("UTIL-002", repo).summary == "install command in README.rst: `pip install t`"


def test_no_readme_fails_and_unreadable_readme_is_unknown():
    result = run("UTIL-001", facts(root_files=["setup.py"]))
    assert result.status == "fail"
    assert result.summary == "no README in the repository root"
    assert run("UTIL-002", facts()).status == "unknown"


def test_install_command_links_to_its_line():
    result = run("UTIL-002", with_readme(README))
    assert result.status == "pass"
    assert result.evidence[0].url == blob("README.md", 12)


def test_install_heading_without_command_warns_and_nothing_fails():
    assert run("UTIL-002", with_readme("# x\n\n## Installation\n\nFrom source.\n")).status == "warn"
    assert run("UTIL-002", with_readme("# x\n\nHello.\n")).status == "fail"


def test_usage_example_is_python_code_that_imports():
    result = run("UTIL-003", with_readme(README))
    assert result.status == "pass"
    assert result.evidence[0].value == "from skorch import NeuralNetClassifier"
    shell_only = "# x\n\n## Usage\n\n```bash\nx --help\n```\n"
    assert run("UTIL-003", with_readme(shell_only)).status == "warn"
    assert run("UTIL-003", with_readme("# x\n\nHello.\n")).status == "fail"


def test_description_thresholds():
    assert run("UTIL-004", facts(description="0123456789")).status == "pass"
    assert run("UTIL-004", facts(description="012345678")).status == "warn"
    assert run("UTIL-004", facts(description="")).status == "fail"
    assert run("UTIL-004", facts(description=None)).status == "unknown"


def test_topics_thresholds():
    assert run("UTIL-005", facts(topics=["pytorch", "nlp"]), min_topics=2).status == "pass"
    assert run("UTIL-005", facts(topics=["pytorch"]), min_topics=2).status == "warn"
    assert run("UTIL-005", facts(topics=[])).status == "fail"
    assert run("UTIL-005", facts(topics=None)).status == "unknown"


def test_value_proposition_and_quick_start_are_for_a_reviewer():
    value = run("UTIL-006", with_readme(README))
    assert value.status == "manual"
    assert value.evidence[0].value.startswith("skorch is a scikit-learn compatible")
    quick = run("UTIL-008", with_readme(README))
    assert quick.status == "manual"
    assert [e.label for e in quick.evidence] == ["install command", "example"]


def test_release_methodology():
    assert run("UTIL-007", with_readme(README)).summary == "README section 'Releases'"
    mention = "# x\n\nSee the changelog for versions.\n"
    assert run("UTIL-007", with_readme(mention)).status == "warn"
    assert run("UTIL-007", with_readme("# x\n\nHello.\n")).status == "fail"
