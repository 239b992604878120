"""Well tested: CI is configured, runs the tests continuously, is green at HEAD, and uses PyTorch."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.criteria import layout, links
from bot.criteria.declare import check
from bot.criteria.model import Evidence, Result
from bot.criteria.readers.torch_usage import TorchUsage
from bot.criteria.readers.workflow_commands import WorkflowCommands
from bot.criteria.results import listing, missing_fact, plural, unknown
from bot.criteria.workflows import DisabledScript, TestCommand, other_ci_systems
from bot.facts.model import RepoFacts

FAMILY = "testing"
WORKFLOW_FILE = re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")
TEST_FILE = re.compile(r"(^|/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$")
TEST_DIR_FILE = re.compile(r"(^|/)(tests?|testing)/.+\.(py|cpp|cc|cu)$")


def github_workflows(facts: RepoFacts) -> list[str] | None:
    """Workflow paths from the fetched texts, else from the tree; None when neither is known."""
    if facts.workflows is not None:
        return sorted(facts.workflows)
    if facts.tree is not None:
        return sorted(path for path in facts.tree if WORKFLOW_FILE.match(path))
    return None


@check("TEST-001", "CI configured", FAMILY)
def ci_configured(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """Continuous integration is configured: GitHub Actions workflows in `.github/workflows/`, or
    another CI system's configuration (Travis CI, CircleCI, Azure Pipelines, GitLab CI, Jenkins,
    Buildkite, AppVeyor, Drone, Cirrus …).

    Why: an ecosystem project must show, continuously, that it works with PyTorch.
    How to fix: add a workflow such as `.github/workflows/tests.yml` that installs the project and
    runs its test suite on every push and pull request."""
    workflows = github_workflows(facts)
    names = layout.root_names(facts)
    fetched = [path for path, file in facts.files.items() if file.text is not None]
    others = other_ci_systems([*(names or []), *(facts.tree or []), *fetched], facts.tree)
    evidence = [
        Evidence("GitHub Actions workflow", path, links.blob_url(facts, path)) for path in workflows or []
    ]
    evidence += [Evidence(system, marker, links.blob_url(facts, marker)) for marker, system in others]
    if workflows:
        extra = f"; also {listing(sorted({s for _, s in others}))}" if others else ""
        return Result("pass", f"{plural(len(workflows), 'GitHub Actions workflow')}{extra}", evidence)
    if others:
        return Result("pass", f"CI configured with {listing(sorted({s for _, s in others}))}", evidence)
    if workflows is None or names is None:
        return unknown("the workflow folder or the repository root could not be read")
    return Result(
        "fail", "no CI configuration found (no workflows in .github/workflows/, no other CI system's file)"
    )


def command_evidence(facts: RepoFacts, command: TestCommand) -> Evidence:
    where = f"{command.file}, job `{command.job}`" if command.job else command.file
    if command.via:
        where += f" (called from {command.via})"
    return Evidence(
        f"`{command.tool}` in {where}", command.line, links.blob_url(facts, command.file, command.line_number)
    )


def describe(command: TestCommand) -> str:
    name = command.file.removeprefix(".github/workflows/")
    job = f", job `{command.job}`" if command.job else ""
    triggers = f" on {listing(command.triggers, 3)}" if command.triggers else ""
    return f"`{command.tool}` in {name}{job}{triggers}"


def disabled_evidence(facts: RepoFacts, disabled: DisabledScript) -> Evidence:
    where = f"{disabled.file}, job `{disabled.job}`" if disabled.job else disabled.file
    return Evidence(
        f"runs nothing: {where}", disabled.reason, links.blob_url(facts, disabled.file, disabled.line_number)
    )


def describe_disabled(disabled: DisabledScript) -> str:
    job = f"job `{disabled.job}` in " if disabled.job else ""
    name = disabled.file.rsplit("/", 1)[-1]
    if disabled.reason.startswith("starts with"):
        return f"the script of {job}{name} {disabled.reason}, so nothing after it runs"
    return f"{job}{name} never runs ({disabled.reason})"


@check("TEST-002", "CI runs tests", FAMILY, requires=("TEST-001",), inputs=("workflow_commands",))
def ci_runs_tests(facts: RepoFacts, params: Mapping[str, Any], workflow_commands: WorkflowCommands) -> Result:
    """The CI configuration runs a test suite (pytest, unittest, tox, nox, `make test`, ctest,
    `hatch test`, `pixi run test`, `cargo test` …) on pushes, pull requests or a schedule — not only
    when started by hand. Commands are read from `run:` steps, from the string inputs given to
    reusable workflows and actions (`with: script: …`), and from the `strategy.matrix` values a step
    uses as `${{ matrix.… }}`; local reusable workflows and local actions are followed; CircleCI,
    Travis CI and other CI systems' files are read too. Lookalikes do not count (`pip install
    pytest`, `pytest --collect-only`, `make check-deps`, `tox -e lint`), nor a script whose first
    command is `exit` or a job with `if: false`.

    Why: CI that only builds or lints does not show that the project works.
    How to fix: add a step that runs the tests, e.g. `run: python -m pytest`, to a workflow
    triggered by `push` and `pull_request`."""
    ci = workflow_commands
    commands, disabled = ci.commands, ci.disabled
    # Commands run on every push or pull request first: they are the ones a summary names.
    strong = sorted(
        (c for c in commands if c.strong and c.continuous),
        key=lambda c: not {"push", "pull_request"} & set(c.triggers),
    )
    weak = [c for c in commands if c.continuous and not c.strong]
    manual_only = [c for c in commands if not c.continuous]
    problems = [Evidence("not read", problem) for problem in ci.problems]
    if strong:
        evidence = [command_evidence(facts, c) for c in strong[:8]]
        return Result("pass", f"CI runs tests: {describe(strong[0])}", evidence + problems)
    off = [disabled_evidence(facts, d) for d in disabled[:4]]
    if weak:
        return Result(
            "warn",
            f"CI runs a script that looks like tests: {describe(weak[0])}",
            [command_evidence(facts, c) for c in weak[:8]] + off + problems,
            fix="Make sure the script runs the test suite; calling pytest (or tox/nox) directly makes it clear.",
        )
    if manual_only:
        return Result(
            "warn",
            f"tests run only when started by hand: {describe(manual_only[0])}",
            [command_evidence(facts, c) for c in manual_only[:8]] + off + problems,
            fix="Trigger the test workflow on `push` and `pull_request` as well.",
        )
    if ci.workflow_problems:  # the tests may be in what could not be read or followed
        return unknown("; ".join(ci.workflow_problems), evidence=off + problems)
    read = list(ci.files)
    if disabled:
        return Result(
            "fail",
            f"CI runs no tests: {describe_disabled(disabled[0])}",
            off + problems,
            fix="Remove the early `exit` (or `if: false`) so the CI job runs the test suite again.",
        )
    return Result(
        "fail",
        f"no test command found in {plural(len(read), 'CI file')} ({listing(read, 3)})",
        [Evidence("CI file", path, links.blob_url(facts, path)) for path in read] + problems,
    )


@check("TEST-003", "Tests present", FAMILY, defaults={"min_test_files": 1})
def tests_present(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The repository contains tests: files named `test_*.py`, `*_test.py` or `conftest.py`, or
    source files in a `tests/`, `test/` or `testing/` folder. At least `min_test_files` are expected.

    How to fix: add a test suite in `tests/` (for example `tests/test_*.py` run by pytest)."""
    minimum = int(params["min_test_files"])
    if facts.tree is None:
        names = layout.root_names(facts) or []
        folder = next((name for name in names if name.lower() in ("tests", "test", "testing")), None)
        if folder:
            return Result(
                "pass",
                f"`{folder}/` folder in the root (file count unknown)",
                [Evidence("folder", folder, links.tree_url(facts, folder))],
            )
        return unknown("the file tree is not known")
    found = sorted({p for p in facts.tree if TEST_FILE.search(p) or TEST_DIR_FILE.search(p)})
    evidence = [Evidence("test file", path, links.blob_url(facts, path)) for path in found[:5]]
    if len(found) >= minimum:
        return Result("pass", f"{plural(len(found), 'test file')}", evidence)
    if not found and facts.tree_truncated:
        return unknown("the file tree was truncated and no test file was among the listed paths")
    summary = f"{plural(len(found), 'test file')} found (at least {minimum} expected)"
    return Result("fail", summary, evidence)


RED = {"FAILURE", "ERROR"}
WAITING = {"PENDING", "EXPECTED"}


@check("TEST-004", "CI green at HEAD", FAMILY, requires=("TEST-001",))
def head_ci_green(facts: RepoFacts, params: Mapping[str, Any]) -> Result:
    """The combined status of the checks on the default branch's latest commit is success.

    Why: failing CI on the default branch means users install a broken state.
    How to fix: make the checks pass on the default branch (see the commit's checks page)."""
    state = (facts.head_ci_state or "").upper()
    sha = (facts.head_sha or "")[:7] or "HEAD"
    url = links.repository_page(facts, f"commit/{facts.head_sha}") if facts.head_sha else None
    evidence = [Evidence(f"checks on {sha}", state or "none reported", url)]
    if not state:
        return missing_fact(facts, "head_ci_state", f"no status checks reported for {sha}", evidence=evidence)
    if state == "NONE":  # GitHub answered: no status or check run on this commit
        return Result(
            "warn",
            f"no checks reported on {sha}",
            evidence,
            fix="Run CI on pushes to the default branch so its state shows on each commit.",
        )
    if state == "SUCCESS":
        return Result("pass", f"checks passed on {sha}", evidence)
    if state in RED:
        return Result(
            "fail",
            f"checks failed on {sha} ({state.lower()})",
            evidence,
        )
    if state in WAITING:
        return Result(
            "warn",
            f"checks still running on {sha} ({state.lower()})",
            evidence,
            fix="Wait for the checks to finish, then comment `/recheck`.",
        )
    return unknown(f"unrecognised check state {state!r} on {sha}", evidence=evidence)


@check("TEST-005", "Uses PyTorch", FAMILY, inputs=("torch_usage",))
def declares_torch(facts: RepoFacts, params: Mapping[str, Any], torch_usage: TorchUsage) -> Result:
    """The project declares PyTorch as a dependency (pyproject.toml, setup.cfg, setup.py,
    requirements files, conda environment, or the PyPI release's `requires_dist`) or installs it in CI.

    Why: the ecosystem is for projects built on PyTorch, tested against it.
    How to fix: declare `torch` as a dependency of the package (e.g. `dependencies = ["torch>=2.1"]`)
    and install it in CI."""
    mentions, sources_read = torch_usage.mentions, torch_usage.sources_read
    evidence = [
        Evidence(m.source, m.line, links.blob_url(facts, m.path, m.line_number) if m.path else m.url)
        for m in mentions[:6]
    ]
    if mentions:
        first = mentions[0]
        return Result("pass", f"PyTorch {first.how}: `{first.line}` in {first.source}", evidence)
    if not sources_read:
        return unknown("no dependency declaration or CI configuration could be read")
    return Result("fail", f"torch not found in {listing(sources_read, 4)}")


@check(
    "TEST-006",
    "PyTorch support validated (reviewer)",
    FAMILY,
    requires=("TEST-005",),
    inputs=("torch_usage",),
)
def torch_support_reviewed(facts: RepoFacts, params: Mapping[str, Any], torch_usage: TorchUsage) -> Result:
    """A reviewer confirms the project supports the latest PyTorch releases: the evidence shows the
    declared torch versions and where CI installs or pins torch.

    Why: declared support is not validated support; the versions tested matter."""
    mentions = torch_usage.mentions
    evidence = [
        Evidence(m.source, m.line, links.blob_url(facts, m.path, m.line_number) if m.path else m.url)
        for m in mentions[:8]
    ]
    return Result(
        "manual",
        f"a reviewer checks the torch versions declared and tested ({plural(len(mentions), 'place')})",
        evidence,
    )


CHECKS = (ci_configured, ci_runs_tests, tests_present, head_ci_green, declares_torch, torch_support_reviewed)
