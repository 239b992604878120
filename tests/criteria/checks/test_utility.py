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
    assert result.summary == "README has an introduction (28 words)"  # one-letter words count: "a"
    assert result.evidence[0].url == blob("README.md")


def test_introduction_boundary():
    assert run("UTIL-001", with_readme(README), min_intro_words=28).status == "pass"
    short = run("UTIL-001", with_readme(README), min_intro_words=29)
    assert short.status == "warn"
    assert short.summary == "README introduction has 28 words (at least 29 expected)"


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


def usage(block: str, language: str = "python", heading: str = "Getting started", **changes):
    text = f"# thing\n\nThing does things.\n\n## {heading}\n\n```{language}\n{block}\n```\n"
    return run(
        "UTIL-003",
        facts(files=files(README_md=text, **changes.pop("extra", {})), root_files=["README.md"], **changes),
    )


def test_python_example_without_an_import_line_is_usage():
    result = usage("# set up as usual\nengine = PrivacyEngine()\nmodel = engine.make_private(module=model)")
    assert result.status == "pass"
    assert result.summary == "README shows a Python usage example (1 code block)"
    assert result.evidence[0].value == "engine = PrivacyEngine()"


def test_python_in_a_diff_or_a_console_session_is_usage():
    diff = "  import torch\n+ from thing import Scalarizer\n  loss = model(x)\n- loss.backward()\n+ Scalarizer()(loss).backward()"
    assert usage(diff, "diff").status == "pass"
    assert usage(">>> import thing\n>>> thing.run()\n42", "console").status == "pass"
    # a diff of something else is not a Python example
    assert usage("- version = 1\n+ version = 2", "diff").status == "warn"


def test_the_projects_own_command_line_is_usage():
    cli = "# CLI\nCUDA_VISIBLE_DEVICES=0 skorch --models a --datasets b \\\n  --workers 2"
    result = usage(cli, "bash")
    assert result.status == "pass"
    assert result.summary == "README shows its command line in use (1 code block)"
    assert result.evidence[0].value == "CUDA_VISIBLE_DEVICES=0 skorch --models a --datasets b --workers 2"
    assert usage("$ python train.py --epochs 3\nepoch 1 ...", "console").status == "pass"
    # a console script declared in the packaging is the project's command too
    setup = "setup(name='thing', entry_points={'console_scripts': ['thing-eval = thing.cli:main']})"
    assert usage("thing-eval --config c.yaml", "bash", extra={"setup_py": setup}).status == "pass"
    scripts = '[project]\nname = "thing"\n[project.scripts]\nthingctl = "thing.cli:app"\n'
    assert usage("thingctl start", "sh", extra={"pyproject_toml": scripts}).status == "pass"


def test_install_and_setup_commands_are_not_usage():
    for block in (
        "pip install skorch",
        "git clone https://github.com/skorch-dev/skorch && cd skorch && pip install -e .",
        "python setup.py install",
        "python -m pip install skorch",
        "othertool --flag value",
        "conda install -c conda-forge skorch",
    ):
        assert usage(block, "bash").status == "warn", block
    # output in an untagged block is not a command line, even when it names the project
    assert usage("REPOSITORY        TAG\nskorch/skorch     latest", "").status == "warn"


def test_a_getting_started_that_only_links_elsewhere_is_a_warning():
    text = (
        "# thing\n\nThing does things.\n\n## ⚡ Get started\n\n"
        "See [the guide](https://thing.readthedocs.io/start) and the [notebook](https://colab.research.google.com/x).\n"
    )
    result = run("UTIL-003", readme_facts(text))
    assert result.status == "warn"
    assert result.summary == "section '⚡ Get started' in README.md only links elsewhere (2 links)"
    for heading in ("Quick start", "Quick inference", "Usage", "Examples", "Getting Started"):
        assert run("UTIL-003", readme_facts(text.replace("⚡ Get started", heading))).status == "warn", (
            heading
        )
    assert run("UTIL-003", readme_facts("# thing\n\n## Ideas\n\nSee [x](https://x.org).\n")).status == "fail"


def readme_facts(text: str):
    return facts(files=files(README_md=text), root_files=["README.md"])


def test_a_one_sentence_tagline_introduces_the_project_but_a_placeholder_does_not():
    from bot.policies import load_policy

    minimum = next(
        spec.params["min_intro_words"]
        for _, spec in load_policy("pytorch-2019").specs()
        if spec.id == "UTIL-001"
    )
    tagline = (
        "# skorch\n\nA scikit-learn compatible neural network library that wraps PyTorch.\n\n## Install\n"
    )
    assert run("UTIL-001", with_readme(tagline), min_intro_words=minimum).status == "pass"
    placeholder = "# project\n\nWork in progress.\n\n## Install\n"
    assert run("UTIL-001", with_readme(placeholder), min_intro_words=minimum).status == "warn"
    badges_only = "# project\n\n[![ci](https://example.org/b.svg)](https://example.org)\n\n## Install\n"
    assert run("UTIL-001", with_readme(badges_only), min_intro_words=minimum).status == "fail"
