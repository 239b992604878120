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


# ---- where workflows carry commands (issue 9, class 3) ------------------------------------------

REMOTE_RUNNER_CALL = """
on: [push, pull_request]
jobs:
  tests:
    strategy:
      matrix:
        torch: ["-v 2.5", "-v 2.6"]
    uses: some-org/infra/.github/workflows/linux_job.yml@main
    with:
      runner: linux.large
      python-version: "3.11"
      script: |
        ./scripts/install.sh ${{ matrix.torch }}
        {command}
"""


def ci(workflow: str, name: str = "ci.yml", **more: str) -> object:
    texts = {f".github/workflows/{name}": workflow} | {
        f".github/workflows/{k}.yml": v for k, v in more.items()
    }
    return run("TEST-002", facts(workflows=texts))


def test_commands_passed_to_a_remote_reusable_workflow_are_read():
    result = ci(REMOTE_RUNNER_CALL.replace("{command}", "python3 -m pytest -ra"))
    assert result.status == "pass"
    assert result.summary == "CI runs tests: `pytest` in ci.yml, job `tests` on push, pull_request"
    assert result.evidence[0].url == blob(".github/workflows/ci.yml", 14)


def test_a_script_input_without_tests_is_read_as_such_not_as_unknown():
    result = ci(REMOTE_RUNNER_CALL.replace("{command}", "flake8 ."))
    assert result.status == "fail"
    assert result.summary.startswith("no test command found in 1 CI file")


def test_a_remote_workflow_given_no_commands_stays_unknown():
    # `python-version: 3.11` is an input, not a command: what the called workflow runs is not known.
    caller = "on: push\njobs:\n  t:\n    uses: org/shared/.github/workflows/py.yml@v1\n    with:\n      python-version: '3.11'\n"
    result = ci(caller)
    assert result.status == "unknown"
    assert "calls remote workflow `org/shared/.github/workflows/py.yml@v1` (not followed)" in result.summary


def test_a_script_that_starts_with_exit_runs_nothing():
    script = (
        "# keep the job green during the migration\n        exit 0\n        .github/test.sh\n        pytest"
    )
    result = ci(
        REMOTE_RUNNER_CALL.replace("{command}", "").replace(
            "./scripts/install.sh ${{ matrix.torch }}", script
        )
    )
    assert result.status == "fail"
    assert result.summary == (
        "CI runs no tests: the script of job `tests` in ci.yml starts with `exit 0`, so nothing after it runs"
    )
    assert result.evidence[0].url == blob(".github/workflows/ci.yml", 14)
    steps = "on: push\njobs:\n  t:\n    steps:\n      - run: |\n          exit 0\n          pytest\n"
    assert ci(steps).status == "fail"
    later = "on: push\njobs:\n  t:\n    steps:\n      - run: |\n          pytest\n          exit 0\n"
    assert ci(later).status == "pass"


def test_a_job_switched_off_with_if_false_runs_nothing():
    workflow = "on: push\njobs:\n  t:\n    if: false\n    steps:\n      - run: pytest\n"
    result = ci(workflow)
    assert result.status == "fail"
    assert result.summary == "CI runs no tests: job `t` in ci.yml never runs (`if: false`)"
    assert ci(workflow.replace("if: false", "if: github.event_name == 'push'")).status == "pass"


MATRIX_TASKS = """
on: [push, pull_request]
jobs:
  checks:
    strategy:
      matrix:
        task:
          - name: Lint
            run: |
              make flake8
              make typecheck
          - name: CPU Tests
            run: make test
    steps:
      - run: |
          source .venv/bin/activate
          ${{ matrix.task.run }}
"""


def test_commands_in_matrix_values_used_by_a_step_are_read():
    result = ci(MATRIX_TASKS)
    assert result.status == "pass"
    assert result.summary == "CI runs tests: `make test` in ci.yml, job `checks` on push, pull_request"
    assert result.evidence[0].url == blob(".github/workflows/ci.yml", 13)


def test_a_matrix_value_no_step_uses_is_not_run():
    result = ci(MATRIX_TASKS.replace("${{ matrix.task.run }}", "echo ${{ matrix.task.name }}"))
    assert result.status == "fail"


def test_matrix_include_entries_are_substituted_too():
    workflow = (
        "on: pull_request\njobs:\n  t:\n    strategy:\n      matrix:\n        python: ['3.11']\n"
        "        include:\n          - python: '3.12'\n            cmd: tox -e py312\n"
        "    steps:\n      - run: ${{ matrix.cmd }}\n"
    )
    assert ci(workflow).summary == "CI runs tests: `tox` in ci.yml, job `t` on pull_request"


def test_command_inputs_of_a_step_action_are_read_but_names_and_paths_are_not_commands():
    retry = (
        "on: push\njobs:\n  t:\n    steps:\n      - uses: some/retry-action@v3\n"
        "        with:\n          timeout_minutes: 30\n          command: pytest -x\n"
    )
    assert ci(retry).status == "pass"
    upload = (
        "on: push\njobs:\n  t:\n    steps:\n      - run: make lint\n      - uses: actions/upload-artifact@v4\n"
        "        with:\n          name: pytest results\n          path: reports/pytest.xml\n"
    )
    assert ci(upload).status == "fail"


def test_lookalikes_in_a_workflow_do_not_make_it_run_tests():
    workflow = (
        "on: pull_request\njobs:\n  t:\n    steps:\n      - run: make check-deps\n"
        "      - run: pytest --collect-only -q\n      - run: tox -e lint\n"
    )
    result = ci(workflow)
    assert result.status == "fail"
    assert result.summary.startswith("no test command found")


def test_local_composite_action_is_followed_with_the_callers_triggers():
    workflow = "on: pull_request\njobs:\n  unit:\n    steps:\n      - uses: ./.github/actions/run-tests\n"
    action = "name: tests\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: python -m pytest tests\n"
    texts = {".github/workflows/ci.yml": workflow}
    path = ".github/actions/run-tests/action.yml"
    repo = facts(workflows=texts, files={path: FileText(path, action)})
    result = run("TEST-002", repo)
    assert result.status == "pass"
    assert (
        result.summary
        == "CI runs tests: `pytest` in .github/actions/run-tests/action.yml, job `unit` on pull_request"
    )
    assert "called from .github/workflows/ci.yml" in result.evidence[0].label
    assert result.evidence[0].url == blob(".github/actions/run-tests/action.yml", 6)
    unread = run("TEST-002", facts(workflows=texts))
    assert unread.status == "unknown"
    assert "uses local action `./.github/actions/run-tests`, which could not be read" in unread.summary


CIRCLECI = """
version: 2.1
jobs:
  build:
    docker:
      - image: cimg/python:3.11
    steps:
      - checkout
      - run:
          name: pytest
          command: {command}
"""


def test_circleci_and_travis_configs_are_read_as_commands():
    def other(path: str, text: str) -> object:
        return run("TEST-002", facts(workflows={}, files={path: FileText(path, text)}))

    result = other(".circleci/config.yml", CIRCLECI.replace("{command}", "python -m pytest -q"))
    assert result.status == "pass"
    assert result.evidence[0].url == blob(".circleci/config.yml", 11)
    # the step's name is not a command
    assert other(".circleci/config.yml", CIRCLECI.replace("{command}", "make lint")).status == "fail"
    travis = "language: python\ninstall:\n  - pip install pytest\nscript:\n  - make test\n"
    assert other(".travis.yml", travis).summary == "CI runs tests: `make test` in .travis.yml on push"
    assert other(".travis.yml", travis.replace("make test", "make docs")).status == "fail"


def test_a_circleci_folder_without_its_config_is_not_circleci():
    tree = [".circleci/run_coverage.sh", "setup.py"]
    result = run("TEST-001", facts(workflows={}, root_files=[".circleci", "setup.py"], tree=tree))
    assert result.status == "fail"
    configured = run("TEST-001", facts(workflows={}, root_files=[".circleci"], tree=[".circleci/config.yml"]))
    assert configured.summary == "CI configured with CircleCI"


def test_a_malformed_or_aliased_ci_file_never_raises():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12)
    )
    path = ".gitlab-ci.yml"
    result = run("TEST-002", facts(workflows={}, files={path: FileText(path, bomb + "script: *m\n")}))
    assert result.status in ("fail", "unknown")
    bad = run(
        "TEST-002", facts(workflows={}, files={".travis.yml": FileText(".travis.yml", "script: [pytest\n")})
    )
    assert bad.status == "pass"  # read line by line when the YAML is invalid
    # a value PyYAML cannot build (the month 13) is an unreadable file, not a traceback
    dated = run("TEST-002", facts(workflows={".github/workflows/d.yml": "on: push\nrelease: 2020-13-45\n"}))
    assert dated.status == "unknown"
    assert "invalid YAML value" in dated.summary
    aliased_run = "on: push\njobs:\n  t:\n    steps:\n      - run: &r [1, 2]\n      - run: *r\n"
    assert ci(aliased_run).status == "fail"


# ---- files the checks need (issue 9, class 7) -----------------------------------------------------


def test_torch_in_a_requirements_folder_or_a_sub_package_setup_py():
    requirements = {"requirements/base.txt": FileText("requirements/base.txt", "numpy\ntorch >=2.0, <2.11\n")}
    result = run("TEST-005", facts(files=requirements))
    assert result.summary == "PyTorch declared: `torch >=2.0, <2.11` in requirements/base.txt"
    setup = "import os\ntry:\n    import torch\nexcept ImportError:\n    raise\nsetup(name='torch_x')\n"
    sub = {"torch_x/setup.py": FileText("torch_x/setup.py", setup)}
    result = run("TEST-005", facts(files=sub))
    assert result.summary == "PyTorch needed to build: `import torch` in torch_x/setup.py"
    assert result.evidence[0].url == blob("torch_x/setup.py", 3)


def test_setup_files_count_their_requirements_not_other_mentions_of_torch():
    isort = "[isort]\nknown_third_party=numpy,torch,PIL\n[options]\ninstall_requires =\n    numpy\n"
    assert run("TEST-005", facts(files=files(setup_cfg=isort))).status == "fail"
    declared = isort.replace("    numpy\n", "    numpy\n    torch>=2.4\n")
    assert (
        run("TEST-005", facts(files=files(setup_cfg=declared))).summary
        == "PyTorch declared: `torch>=2.4` in setup.cfg"
    )
    printing = 'print("torch version:", version)\nsetup(install_requires=["numpy"])\n'
    assert run("TEST-005", facts(files=files(setup_py=printing))).status == "fail"
    requires = 'REQUIRED = [\n    "numpy",\n    "torch>=2.1",\n]\nsetup(install_requires=REQUIRED)\n'
    assert (
        run("TEST-005", facts(files=files(setup_py=requires))).summary
        == 'PyTorch declared: `"torch>=2.1",` in setup.py'
    )


def test_a_command_continued_over_lines_links_its_first_line():
    workflow = (
        "on: push\njobs:\n  t:\n    steps:\n      - run: python -m pip install -e .\n"
        "      - run: |\n          python -m \\\n            pytest tests\n"
    )
    result = ci(workflow)
    assert result.evidence[0].value == "python -m pytest tests"
    assert result.evidence[0].url == blob(".github/workflows/ci.yml", 7)
