"""Which shell lines run a test suite: runners, task tools, and the lookalikes that do not."""

import pytest

from bot.criteria.test_commands import exits_first, find_commands


def tools(script: str) -> list[str]:
    return [found.tool for found in find_commands(script)]


@pytest.mark.parametrize(
    ("line", "tool"),
    [
        ("python -m pytest -x tests", "pytest"),
        ("uv run pytest -W error tests/unit", "pytest"),
        ("poetry run pytest", "pytest"),
        ("python -m unittest discover", "unittest"),
        ("tox -e py311", "tox"),
        ("tox -e py311,lint", "tox"),
        ("nox -s tests-3.12", "nox"),
        ("make test", "make test"),
        ("make -C build -j 4 test", "make test"),
        ("make gpu-tests", "make gpu-tests"),
        ("make test-with-cov COV=pkg", "make test-with-cov"),
        ("make check", "make check"),
        ("make build-and-test", "make build-and-test"),
        ("pixi run test", "pixi run test"),
        ("pixi run -e ${{ steps.env.outputs.name }} test ${{ inputs.extra }}", "pixi run test"),
        ("hatch test", "hatch test"),
        ("hatch run test:cov", "hatch run test:cov"),
        ("just lint test", "just test"),
        ("cargo test --workspace", "cargo test"),
        ("ctest --output-on-failure", "ctest"),
        ("pip install -e .[test] && pytest -q", "pytest"),
    ],
)
def test_runners_and_task_tools_that_run_tests(line: str, tool: str) -> None:
    assert tools(line) == [tool]


@pytest.mark.parametrize(
    "line",
    [
        "pip install pytest pytest-cov",
        "uv pip install tox",
        "pytest --collect-only -q",
        "python -m pytest --collect-only -q tests/test_save.py",
        "import pytest",
        "from pytest import approx",
        "pytest --co",
        "pytest --version",
        "tox -e lint",
        "tox -e docs,typecheck",
        "tox -e py311-type",
        "nox --list",
        "make check-deps",
        "make install-test-deps",
        "make lint",
        "pixi run install",
        "uv sync --extra test",
        "poetry install --with test",
        "cargo test --no-run",
        "ctest -N",
        "cat pytest.ini",
        "# pytest is run below",
    ],
)
def test_lookalikes_are_not_tests(line: str) -> None:
    assert tools(line) == []


def test_continuation_lines_are_joined_and_numbered_from_their_first_line() -> None:
    script = "echo start\npython -m \\\n  pytest \\\n  tests\n"
    [found] = find_commands(script)
    assert (found.tool, found.line, found.number, found.first_line) == (
        "pytest",
        "python -m pytest tests",
        2,
        "python -m \\",  # the whole first line, to find it in the file
    )


def test_a_test_named_script_is_weak_evidence_but_a_runner_on_the_same_line_wins() -> None:
    assert tools("bash ci/run_tests.sh") == ["script"]
    assert tools("bash ci/run_tests.sh || pytest") == ["pytest"]


def test_a_script_whose_first_command_is_exit_runs_nothing() -> None:
    assert exits_first("# kept green during a migration\nexit 0\npytest\n") == (2, "exit 0")
    assert exits_first("exit; pytest") == (1, "exit")
    # an exit later in the script (after the tests, or in a branch) is not the first command
    assert exits_first("pytest\nexit 0\n") is None
    assert exits_first('if [ -z "$X" ]; then\n  exit 0\nfi\npytest\n') is None
