"""Read CI configuration as data: which workflows run which test commands, on which triggers.

Workflow files are untrusted text: parsed with `yaml.safe_load` under a budget
(bot.facts.bounded: size, depth, alias expansion, time), never run.
PyYAML reads the key `on:` as the boolean True (YAML 1.1), so both spellings are accepted.
Local reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) are followed, with the
caller's triggers, up to a small depth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.facts.bounded import FileBudget, UnreadableFile, read_yaml

MAX_WORKFLOW_BYTES = 512 * 1024
MAX_REUSE_DEPTH = 4

# Triggers that make CI run continuously (on changes or on a schedule), not only by hand.
CONTINUOUS_TRIGGERS = frozenset({"push", "pull_request", "pull_request_target", "merge_group", "schedule"})

# (name shown to users, pattern) — a shell line that runs a test suite.
TEST_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pytest", re.compile(r"(?<![\w./-])(py\.test|pytest)(?![\w-])")),
    ("unittest", re.compile(r"\bpython[\d.]*\s+(-\w+\s+)*-m\s+unittest\b")),
    ("tox", re.compile(r"(?<![\w./-])tox(?![\w.-])")),
    ("nox", re.compile(r"(?<![\w./-])nox(?![\w.-])")),
    ("make test", re.compile(r"\bmake\b[^;&|\n]*?\b(test|tests|check|unittest|pytest)\b")),
    ("ctest", re.compile(r"(?<![\w./-])ctest(?![\w.-])")),
    ("setup.py test", re.compile(r"setup\.py\s+test\b")),
    ("hatch test", re.compile(r"\bhatch\s+(test\b|run\s+[\w:.-]*test)")),
    ("run test", re.compile(r"\b(poetry|pdm|uv|pixi|rye|just|invoke)\s+(run\s+)?[\w:.-]*test")),
    ("coverage run", re.compile(r"\bcoverage\s+run\b")),
    ("nose", re.compile(r"(?<![\w./-])(nosetests|nose2)(?![\w.-])")),
    ("manage.py test", re.compile(r"manage\.py\s+test\b")),
    ("bazel test", re.compile(r"\bbazel\s+test\b")),
)
# A script whose name says it runs tests: likely, but a human should confirm.
TEST_SCRIPT = re.compile(r"[\w./-]*test[\w.-]*\.(sh|bash|py|ps1)\b", re.IGNORECASE)
INSTALL_LINE = re.compile(r"\b(pip3?|conda|mamba|micromamba|apt(-get)?|brew|choco|uv\s+pip)\b.*\binstall\b")

# Other CI systems, by the file or folder they keep in the repository.
OTHER_CI_MARKERS: tuple[tuple[str, str], ...] = (
    (".travis.yml", "Travis CI"),
    (".circleci", "CircleCI"),
    ("azure-pipelines.yml", "Azure Pipelines"),
    (".azure-pipelines", "Azure Pipelines"),
    (".gitlab-ci.yml", "GitLab CI"),
    ("Jenkinsfile", "Jenkins"),
    (".buildkite", "Buildkite"),
    ("appveyor.yml", "AppVeyor"),
    (".appveyor.yml", "AppVeyor"),
    ("bitbucket-pipelines.yml", "Bitbucket Pipelines"),
    (".drone.yml", "Drone"),
    (".cirrus.yml", "Cirrus CI"),
    (".woodpecker.yml", "Woodpecker"),
    (".woodpecker", "Woodpecker"),
    ("codefresh.yml", "Codefresh"),
    (".semaphore", "Semaphore"),
)
OTHER_CI_CONFIG_FILES = (
    ".travis.yml",
    ".circleci/config.yml",
    "azure-pipelines.yml",
    ".gitlab-ci.yml",
    "Jenkinsfile",
    ".buildkite/pipeline.yml",
    "appveyor.yml",
    ".appveyor.yml",
    "bitbucket-pipelines.yml",
    ".drone.yml",
    ".cirrus.yml",
)


@dataclass(frozen=True)
class TestCommand:
    """A line of CI configuration that runs tests."""

    file: str  # the file the line is in
    job: str | None
    tool: str  # "pytest", "tox", … or "script" for a test-named script (weak evidence)
    line: str
    line_number: int | None
    triggers: tuple[str, ...]  # of the workflow that runs it (the caller's, for a reusable one)
    via: str | None = None  # the calling workflow, when reached through a reusable workflow

    @property
    def continuous(self) -> bool:
        return any(trigger in CONTINUOUS_TRIGGERS for trigger in self.triggers)

    @property
    def strong(self) -> bool:
        return self.tool != "script"


@dataclass
class Job:
    id: str
    uses: str | None = None  # job-level reusable workflow
    runs: list[str] = field(default_factory=list)  # `run:` texts of its steps


@dataclass
class Workflow:
    path: str
    triggers: tuple[str, ...] = ()
    jobs: list[Job] = field(default_factory=list)
    error: str | None = None


@dataclass
class CiScan:
    """Everything found in the CI configuration of one repository."""

    commands: list[TestCommand] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # unreadable files, unfollowable reuse
    workflows: dict[str, Workflow] = field(default_factory=dict)


def read_triggers(document: Mapping[Any, Any]) -> tuple[str, ...]:
    """The workflow's triggers from `on:` (which PyYAML may read as the key True)."""
    value = document.get("on", document.get(True))
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, Mapping):
        return tuple(str(key) for key in value)
    return ()


def parse_workflow(path: str, text: str | None) -> Workflow:
    """One workflow file as data; a file that cannot be read carries `error` instead of jobs."""
    if text is None:
        return Workflow(path, error="the file's text could not be read")
    try:
        document = read_yaml(text, path, FileBudget(max_bytes=MAX_WORKFLOW_BYTES))
    except UnreadableFile as error:
        return Workflow(path, error=f"workflow {error.reason}")
    if not isinstance(document, Mapping):
        return Workflow(path, error="not a YAML mapping")
    workflow = Workflow(path, triggers=read_triggers(document))
    jobs = document.get("jobs")
    if isinstance(jobs, Mapping):
        workflow.jobs = [read_job(str(job_id), spec) for job_id, spec in jobs.items()]
    return workflow


def read_job(job_id: str, spec: Any) -> Job:
    job = Job(job_id)
    if not isinstance(spec, Mapping):
        return job
    if isinstance(spec.get("uses"), str):
        job.uses = spec["uses"].strip()
    steps = spec.get("steps")
    if isinstance(steps, list):
        job.runs = [str(step["run"]) for step in steps if isinstance(step, Mapping) and "run" in step]
    return job


def find_commands(text: str) -> list[tuple[str, str, int]]:
    """(tool, line, 1-based line number within `text`) for each line that runs tests."""
    found: list[tuple[str, str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or INSTALL_LINE.search(line):
            continue
        tool = next((name for name, pattern in TEST_COMMANDS if pattern.search(line)), None)
        if tool is None and TEST_SCRIPT.search(line):
            tool = "script"
        if tool is not None:
            found.append((tool, line, number))
    return found


def line_of(text: str, needle: str) -> int | None:
    """1-based line number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def local_reusable_path(uses: str) -> str | None:
    """`./.github/workflows/x.yml` → `.github/workflows/x.yml`; None for remote workflows."""
    if uses.startswith("./"):
        return uses[2:].split("@", 1)[0]
    return None


def scan_workflows(texts: Mapping[str, str]) -> CiScan:
    """Test commands in GitHub Actions workflows, following local reusable workflows."""
    scan = CiScan(workflows={path: parse_workflow(path, text) for path, text in texts.items()})
    for workflow in scan.workflows.values():
        if workflow.error:
            scan.problems.append(f"{workflow.path}: {workflow.error}")
            continue
        if set(workflow.triggers) <= {"workflow_call"} and workflow.triggers:
            continue  # reached through its callers, with their triggers
        collect(scan, texts, workflow, workflow.triggers, via=None, depth=0)
    return scan


def collect(
    scan: CiScan,
    texts: Mapping[str, str],
    workflow: Workflow,
    triggers: tuple[str, ...],
    via: str | None,
    depth: int,
) -> None:
    text = texts.get(workflow.path) or ""
    for job in workflow.jobs:
        for run in job.runs:
            for tool, line, _ in find_commands(run):
                scan.commands.append(
                    TestCommand(workflow.path, job.id, tool, line, line_of(text, line), triggers, via)
                )
        if job.uses:
            follow(scan, texts, workflow, job, triggers, depth)


def follow(
    scan: CiScan, texts: Mapping[str, str], caller: Workflow, job: Job, triggers: tuple[str, ...], depth: int
) -> None:
    target = local_reusable_path(job.uses or "")
    if target is None:
        scan.problems.append(
            f"{caller.path}: job `{job.id}` calls remote workflow `{job.uses}` (not followed)"
        )
        return
    called = scan.workflows.get(target)
    if called is None or called.error:
        scan.problems.append(f"{caller.path}: job `{job.id}` calls `{target}`, which could not be read")
        return
    if depth >= MAX_REUSE_DEPTH:
        scan.problems.append(f"{caller.path}: reusable workflows nested deeper than {MAX_REUSE_DEPTH}")
        return
    collect(scan, texts, called, triggers, via=caller.path, depth=depth + 1)


def scan_other_ci(files: Mapping[str, str | None]) -> list[TestCommand]:
    """Test commands in other CI systems' configuration files (no triggers: they run on push)."""
    commands: list[TestCommand] = []
    for path in OTHER_CI_CONFIG_FILES:
        text = files.get(path)
        if not text:
            continue
        for tool, line, number in find_commands(text):
            commands.append(TestCommand(path, None, tool, line, number, ("push",)))
    return commands


def other_ci_systems(names: Iterable[str]) -> list[tuple[str, str]]:
    """(marker file, CI system) for each other CI system whose file is in `names`."""
    present = set(names)
    return [(marker, system) for marker, system in OTHER_CI_MARKERS if marker in present]
