from bot.criteria.checks.testing import TEST_DIR_FILE
from bot.facts.model import FileText, PackageFacts
from tests.criteria.sample import blob, facts, files, run

PYTEST_WORKFLOW = """
name: tests
on:
  push:
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -e .[test] pytest
      - run: python -m pytest -x tests
"""


def test_ci_configured_with_github_actions_links_each_workflow_at_the_commit():
    result = run("TEST-001", facts(workflows={".github/workflows/tests.yml": PYTEST_WORKFLOW}, root_files=[]))
    assert result.status == "pass"
    assert result.summary == "1 GitHub Actions workflow"
    assert result.evidence[0].url == blob(".github/workflows/tests.yml")


def test_ci_configured_with_other_ci_systems():
    result = run("TEST-001", facts(workflows={}, root_files=[".travis.yml", "Jenkinsfile", ".circleci"]))
    assert result.status == "pass"
    assert result.summary == "CI configured with CircleCI, Jenkins, Travis CI"


def test_ci_not_configured_fails_with_a_fix():
    result = run("TEST-001", facts(workflows={}, root_files=["README.md", "setup.py"]))
    assert result.status == "fail"
    assert result.fix and ".github/workflows" in result.fix


def test_ci_configured_unknown_when_nothing_was_listed():
    result = run("TEST-001", facts())
    assert result.status == "unknown"
    assert result.summary.startswith("could not check:")


def test_ci_configured_from_the_tree_when_workflow_texts_are_missing():
    result = run("TEST-001", facts(tree=[".github/workflows/ci.yaml", "setup.py"]))
    assert result.status == "pass"


def test_ci_runs_tests_names_tool_job_and_triggers():
    result = run("TEST-002", facts(workflows={".github/workflows/tests.yml": PYTEST_WORKFLOW}))
    assert result.status == "pass"
    assert result.summary == "CI runs tests: `pytest` in tests.yml, job `test` on push, pull_request"
    assert result.evidence[0].url == blob(".github/workflows/tests.yml", 12)


def test_pip_install_pytest_alone_is_not_running_tests():
    workflow = "on: push\njobs:\n  build:\n    steps:\n      - run: pip install pytest\n      - run: python -m build\n"
    result = run("TEST-002", facts(workflows={".github/workflows/build.yml": workflow}))
    assert result.status == "fail"
    assert "no test command found in 1 CI file" in result.summary


def test_on_key_read_as_true_by_yaml_is_handled():
    # `on:` is the boolean True for PyYAML; the triggers must still be found.
    workflow = "on:\n  pull_request:\njobs:\n  t:\n    steps:\n      - run: tox -e py311\n"
    result = run("TEST-002", facts(workflows={".github/workflows/t.yml": workflow}))
    assert result.status == "pass"
    assert "on pull_request" in result.summary


def test_local_reusable_workflow_is_followed_with_the_callers_triggers():
    caller = "on: [push]\njobs:\n  call:\n    uses: ./.github/workflows/reusable.yml\n"
    reusable = "on: workflow_call\njobs:\n  unit:\n    steps:\n      - run: nox -s tests\n"
    result = run(
        "TEST-002",
        facts(workflows={".github/workflows/ci.yml": caller, ".github/workflows/reusable.yml": reusable}),
    )
    assert result.status == "pass"
    assert "`nox` in reusable.yml, job `unit` on push" in result.summary
    assert "called from .github/workflows/ci.yml" in result.evidence[0].label


def test_tests_only_on_manual_dispatch_warn():
    workflow = "on: workflow_dispatch\njobs:\n  t:\n    steps:\n      - run: make test\n"
    result = run("TEST-002", facts(workflows={".github/workflows/t.yml": workflow}))
    assert result.status == "warn"
    assert result.summary.startswith("tests run only when started by hand")


def test_test_script_is_weak_evidence():
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - run: bash ci/run_tests.sh\n"
    result = run("TEST-002", facts(workflows={".github/workflows/t.yml": workflow}))
    assert result.status == "warn"


def test_other_ci_config_text_is_searched():
    repo = facts(workflows={}, files={".travis.yml": FileText(".travis.yml", "script:\n  - pytest -q\n")})
    result = run("TEST-002", repo)
    assert result.status == "pass"
    assert "`pytest` in .travis.yml" in result.summary


def test_ci_runs_tests_unknown_without_texts():
    assert run("TEST-002", facts()).status == "unknown"


def test_invalid_workflow_yaml_is_reported_not_crashed():
    result = run("TEST-002", facts(workflows={".github/workflows/bad.yml": "on: [push\njobs: {"}))
    assert result.status == "unknown"
    assert "invalid YAML" in result.summary


def test_tests_present_counts_test_files():
    tree = ["src/pkg/core.py", "tests/test_core.py", "tests/conftest.py", "pkg/io_test.py"]
    result = run("TEST-003", facts(tree=tree))
    assert result.status == "pass"
    assert result.summary == "3 test files"


def test_tests_present_boundary_and_below():
    tree = ["tests/test_a.py", "tests/test_b.py"]
    assert run("TEST-003", facts(tree=tree), min_test_files=2).status == "pass"
    result = run("TEST-003", facts(tree=tree), min_test_files=3)
    assert result.status == "fail"
    assert result.summary == "2 test files found (at least 3 expected)"


def test_tests_present_unknown_or_root_folder_only():
    assert run("TEST-003", facts()).status == "unknown"
    assert run("TEST-003", facts(root_files=["tests", "setup.py"])).status == "pass"
    assert run("TEST-003", facts(tree=["a.py"], tree_truncated=True)).status == "unknown"


def test_test_dir_pattern_accepts_nested_test_folders():
    assert TEST_DIR_FILE.search("pkg/tests/unit/test_x.py")
    assert not TEST_DIR_FILE.search("pkg/testsuite.py")


def test_head_ci_states():
    assert run("TEST-004", facts(head_ci_state="SUCCESS")).summary == "checks passed on 5db0ddc"
    failed = run("TEST-004", facts(head_ci_state="FAILURE"))
    assert failed.status == "fail"
    assert failed.evidence[0].url == f"https://github.com/skorch-dev/skorch/commit/{facts().head_sha}"
    assert run("TEST-004", facts(head_ci_state="PENDING")).status == "warn"
    assert run("TEST-004", facts(head_ci_state=None)).status == "unknown"
    assert run("TEST-004", facts(head_ci_state="NONE")).summary == "no checks reported on 5db0ddc"


def test_torch_declared_in_pyproject_with_a_line_link():
    pyproject = '[project]\nname = "x"\ndependencies = [\n  "numpy",\n  "torch>=2.1",\n]\n'
    result = run("TEST-005", facts(files=files(pyproject_toml=pyproject)))
    assert result.status == "pass"
    assert result.summary == "PyTorch declared: `torch>=2.1` in pyproject.toml"
    assert result.evidence[0].url == blob("pyproject.toml", 5)


def test_torchvision_or_lightning_alone_is_not_torch():
    requirements = "torchvision>=0.15\npytorch-lightning\nimport torch\n"
    result = run("TEST-005", facts(files=files(requirements_txt=requirements)))
    assert result.status == "fail"
    assert result.summary == "torch not found in requirements.txt"


def test_torch_from_pypi_requires_dist_or_workflow_install():
    pypi = PackageFacts("pypi", "skorch", True, requires_torch=True, url="https://pypi.org/project/skorch/")
    assert run("TEST-005", facts(pypi=pypi)).status == "pass"
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - run: pip install torch==2.4.0\n"
    assert run("TEST-005", facts(workflows={".github/workflows/t.yml": workflow})).status == "pass"


def test_torch_unknown_when_nothing_was_read():
    assert run("TEST-005", facts()).status == "unknown"


def test_torch_support_is_for_a_reviewer_with_the_evidence():
    result = run("TEST-006", facts(files=files(setup_py="install_requires=['torch>=1.13']\n")))
    assert result.status == "manual"
    assert result.evidence[0].value == "install_requires=['torch>=1.13']"


def test_pyproject_is_read_as_toml_so_other_mentions_do_not_count():
    pyproject = '[project]\nname = "g"\ndependencies = ["numpy"]\n[tool.uv]\nexclude-newer-package = { torch = "2099-01-01" }\n'
    result = run("TEST-005", facts(files=files(pyproject_toml=pyproject)))
    assert result.status == "fail"
    poetry = '[tool.poetry.dependencies]\npython = "^3.10"\ntorch = ">=2.1"\n'
    assert (
        run("TEST-005", facts(files=files(pyproject_toml=poetry))).summary
        == "PyTorch declared: `torch >=2.1` in pyproject.toml"
    )


def test_ci_matrix_of_torch_versions_or_local_action_counts_as_tested():
    workflow = "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        torch-version: [2.4.0, 2.5.0]\n"
    result = run("TEST-005", facts(workflows={".github/workflows/t.yml": workflow}))
    assert result.status == "pass"
    assert (
        result.summary
        == "PyTorch installed in CI: `torch-version: [2.4.0, 2.5.0]` in .github/workflows/t.yml"
    )
    action = {
        ".github/actions/setup/action.yml": FileText(
            ".github/actions/setup/action.yml", "runs:\n  steps:\n    - run: uv pip install torch==2.5\n"
        )
    }
    assert run("TEST-005", facts(workflows={}, files=action)).status == "pass"
