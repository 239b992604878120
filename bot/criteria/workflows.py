"""Read CI configuration as data: which scripts run which test commands, on which triggers.

Workflow files are untrusted text: parsed with `yaml.safe_load` under a budget (bot.facts.bounded:
size, depth, alias-expanded size, time), never run; only string values are read as commands. PyYAML
reads the key `on:` as the boolean True (YAML 1.1), so both spellings are accepted.

Commands are read wherever a workflow carries them: `steps[].run`, the string inputs (`with:`) of
a reusable workflow, an action's inputs named for commands (`run`, `script`, `command` …), and the `strategy.matrix` values a script uses as
`${{ matrix.… }}` (each value substituted in turn, `include:` entries and nested keys too). Local
reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) and local actions (`uses: ./dir`,
read from `dir/action.yml`) are followed with the caller's triggers, up to a small depth. A remote
reusable workflow is not followed; when the caller passes it a command input (`script:`, `run:`,
`command:` …) those commands are what it runs. A job or step with `if: false`, or a script whose
first command is `exit`, runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.criteria.test_commands import exits_first, find_commands
from bot.facts.bounded import FileBudget, UnreadableFile, read_yaml
from bot.facts.repo_files import CI_CONFIG_FILES

MAX_WORKFLOW_BYTES = 512 * 1024
MAX_REUSE_DEPTH = 4

# Triggers that make CI run continuously (on changes or on a schedule), not only by hand.
CONTINUOUS_TRIGGERS = frozenset({"push", "pull_request", "pull_request_target", "merge_group", "schedule"})

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
OTHER_CI_CONFIG_FILES = CI_CONFIG_FILES


# With these folders, the system's configuration file must be there too (when the tree is known).
CONFIG_IN_FOLDER = {".circleci": (".circleci/config.yml", ".circleci/config.yaml")}
# Keys of CI configuration files (other than GitHub Actions) whose values are shell commands.
COMMAND_KEY = re.compile(
    r"^(run|command|commands|cmd|script|scripts|bash|sh|pwsh|powershell|install|before_install|"
    r"before_script|after_script|after_success|[\w-]*_script)$"
)
# An input (`with:`) whose name says it carries commands that the called workflow runs.
COMMAND_INPUT = re.compile(r"(^|[-_])(run|script|scripts|command|commands|cmd)($|[-_])", re.IGNORECASE)
MATRIX_REFERENCE = re.compile(r"\$\{\{\s*matrix\.([\w.-]+)\s*\}\}")
FALSE_CONDITION = re.compile(r"^\s*(\$\{\{\s*)?false(\s*\}\})?\s*$")
MAX_MATRIX_VARIANTS = 32
MAX_NODES = 20_000  # values visited in one CI file: YAML aliases can make a small file a huge tree


@dataclass(frozen=True)
class TestCommand:
    """A line of CI configuration that runs tests."""

    file: str  # the file the line is in
    job: str | None
    tool: str  # "pytest", "tox", … or "script" for a test-named script (weak evidence)
    line: str
    line_number: int | None
    triggers: tuple[str, ...]  # of the workflow that runs it (the caller's, for a reusable one)
    via: str | None = None  # the calling workflow, when reached through a reusable workflow or action

    @property
    def continuous(self) -> bool:
        return any(trigger in CONTINUOUS_TRIGGERS for trigger in self.triggers)

    @property
    def strong(self) -> bool:
        return self.tool != "script"


@dataclass(frozen=True)
class DisabledScript:
    """A script or job that can never run its commands, and why."""

    file: str
    job: str | None
    reason: str  # "starts with `exit 0`", "`if: false`"
    line_number: int | None


@dataclass
class Job:
    """What a job (or a local action) runs: its scripts, and the workflows and actions it calls."""

    id: str
    uses: str | None = None  # job-level reusable workflow
    scripts: list[str] = field(default_factory=list)  # steps' `run:` and string inputs, matrix substituted
    actions: list[str] = field(default_factory=list)  # local actions its steps use (`./path`)
    passes_commands: bool = False  # its `with:` gives the called workflow commands to run
    disabled: str | None = None  # why it never runs


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
    disabled: list[DisabledScript] = field(default_factory=list)

    def add(self, command: TestCommand) -> None:
        if command not in self.commands:
            self.commands.append(command)


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


def load_yaml(text: str | None) -> tuple[Any, str | None]:
    """(document, None) or (None, why it could not be read), under the size limit."""
    if text is None:
        return None, "the file's text could not be read"
    try:
        return read_yaml(text, "workflow", FileBudget(max_bytes=MAX_WORKFLOW_BYTES)), None
    except UnreadableFile as error:
        return None, f"workflow {error.reason}"


def parse_workflow(path: str, text: str | None) -> Workflow:
    """One workflow file as data; a file that cannot be read carries `error` instead of jobs."""
    document, error = load_yaml(text)
    if error is not None:
        return Workflow(path, error=error)
    if not isinstance(document, Mapping):
        return Workflow(path, error="not a YAML mapping")
    workflow = Workflow(path, triggers=read_triggers(document))
    jobs = document.get("jobs")
    if isinstance(jobs, Mapping):
        workflow.jobs = [read_job(str(job_id), spec) for job_id, spec in jobs.items()]
    return workflow


def parse_action(path: str, text: str | None) -> Job | None:
    """A local composite action (`runs: {steps: …}`) as a job without an id; None when unreadable."""
    document, error = load_yaml(text)
    if error is not None or not isinstance(document, Mapping):
        return None
    runs = document.get("runs")
    job = Job("")
    if isinstance(runs, Mapping):
        read_steps(job, runs.get("steps"), {})
    return job


def never_runs(spec: Mapping[Any, Any]) -> bool:
    """`if: false` (or `${{ false }}`): the job or step is switched off."""
    condition = spec.get("if")
    return condition is False or (isinstance(condition, str) and bool(FALSE_CONDITION.match(condition)))


def string_inputs(spec: Mapping[Any, Any]) -> dict[str, str]:
    """The string values of a `with:` mapping (numbers and booleans are not commands)."""
    inputs = spec.get("with")
    if not isinstance(inputs, Mapping):
        return {}
    return {str(key): value for key, value in inputs.items() if isinstance(value, str)}


def read_steps(job: Job, steps: Any, matrix: Mapping[Any, Any]) -> None:
    """Scripts of `steps`: `run:` texts and the command inputs of steps that use an action."""
    if not isinstance(steps, list):
        return
    for step in steps:
        if not isinstance(step, Mapping) or never_runs(step):
            continue
        if isinstance(step.get("run"), str):
            job.scripts += expand_matrix(step["run"], matrix)
        uses = step.get("uses")
        if isinstance(uses, str):
            # an action's inputs are read when named for commands (`run`, `script`, `command` …): other
            # inputs of actions are names, paths and messages (`name: pytest results`)
            inputs = [text for key, text in string_inputs(step).items() if COMMAND_INPUT.search(key)]
            job.scripts += [v for text in inputs for v in expand_matrix(text, matrix)]
            if uses.strip().startswith("./"):
                job.actions.append(uses.strip())


def read_job(job_id: str, spec: Any) -> Job:
    job = Job(job_id)
    if not isinstance(spec, Mapping):
        return job
    if never_runs(spec):
        job.disabled = "`if: false`"
        return job
    strategy = spec.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    matrix = matrix if isinstance(matrix, Mapping) else {}
    if isinstance(spec.get("uses"), str):
        job.uses = spec["uses"].strip()
        inputs = string_inputs(spec)
        job.passes_commands = any(COMMAND_INPUT.search(key) for key in inputs)
        job.scripts += [v for text in inputs.values() for v in expand_matrix(text, matrix)]
    read_steps(job, spec.get("steps"), matrix)
    return job


def matrix_values(matrix: Mapping[Any, Any], path: list[str]) -> list[str]:
    """The values `${{ matrix.a.b }}` can take: from the matrix's lists and its `include:` entries."""
    head, rest = path[0], path[1:]
    candidates: list[Any] = []
    if head not in ("include", "exclude") and isinstance(matrix.get(head), list):
        candidates += matrix[head]
    include = matrix.get("include")
    if isinstance(include, list):
        candidates += [entry[head] for entry in include if isinstance(entry, Mapping) and head in entry]
    values: list[str] = []
    for candidate in candidates:
        for key in rest:
            candidate = candidate.get(key) if isinstance(candidate, Mapping) else None
        if isinstance(candidate, bool):
            values.append(str(candidate).lower())
        elif isinstance(candidate, str | int | float):
            values.append(str(candidate))
    return list(dict.fromkeys(values))


def expand_matrix(text: str, matrix: Mapping[Any, Any]) -> list[str]:
    """`text` with each `${{ matrix.… }}` replaced by its values in turn (one text per variant,
    at most MAX_MATRIX_VARIANTS); references the matrix does not define are left as written."""
    references = list(dict.fromkeys(MATRIX_REFERENCE.findall(text)))
    if not references or not matrix:
        return [text]
    values = {reference: matrix_values(matrix, reference.split(".")) for reference in references}
    count = min(max((len(v) for v in values.values()), default=0), MAX_MATRIX_VARIANTS)
    if count == 0:
        return [text]
    variants = []
    for index in range(count):

        def substitute(match: re.Match[str], index: int = index) -> str:
            options = values.get(match.group(1)) or []
            return options[index % len(options)] if options else match.group(0)

        variants.append(MATRIX_REFERENCE.sub(substitute, text))
    return list(dict.fromkeys(variants))


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


def local_action_paths(uses: str) -> tuple[str, str]:
    """`./.github/actions/setup` → the two names its metadata file may have."""
    folder = uses[2:].split("@", 1)[0].rstrip("/")
    prefix = f"{folder}/" if folder and folder != "." else ""
    return f"{prefix}action.yml", f"{prefix}action.yaml"


def scan_workflows(texts: Mapping[str, str], actions: Mapping[str, str] | None = None) -> CiScan:
    """Test commands in GitHub Actions workflows, following local reusable workflows and actions."""
    scan = CiScan(workflows={path: parse_workflow(path, text) for path, text in texts.items()})
    for workflow in scan.workflows.values():
        if workflow.error:
            scan.problems.append(f"{workflow.path}: {workflow.error}")
            continue
        if set(workflow.triggers) <= {"workflow_call"} and workflow.triggers:
            continue  # reached through its callers, with their triggers
        collect(scan, Sources(texts, actions or {}), workflow, workflow.triggers, via=None, depth=0)
    return scan


@dataclass(frozen=True)
class Sources:
    """The texts a scan may follow into: workflows and local actions' metadata files."""

    workflows: Mapping[str, str]
    actions: Mapping[str, str]


def scan_scripts(
    scan: CiScan, file: str, text: str, job: Job, triggers: tuple[str, ...], via: str | None
) -> None:
    """Record the test commands of `job`'s scripts, and the scripts that exit before any command."""
    job_id = job.id or None
    for script in job.scripts:
        exits = exits_first(script)
        if exits is not None:
            disabled = DisabledScript(file, job_id, f"starts with `{exits[1]}`", line_of(text, exits[1]))
            if disabled not in scan.disabled:
                scan.disabled.append(disabled)
            continue
        for found in find_commands(script):
            number = line_of(text, found.first_line)
            scan.add(TestCommand(file, job_id, found.tool, found.line, number, triggers, via))


def collect(
    scan: CiScan,
    sources: Sources,
    workflow: Workflow,
    triggers: tuple[str, ...],
    via: str | None,
    depth: int,
) -> None:
    text = sources.workflows.get(workflow.path) or ""
    for job in workflow.jobs:
        if job.disabled:
            scan.disabled.append(
                DisabledScript(workflow.path, job.id, job.disabled, line_of(text, f"{job.id}:"))
            )
            continue
        scan_scripts(scan, workflow.path, text, job, triggers, via)
        for uses in job.actions:
            follow_action(scan, sources, workflow.path, job.id, uses, triggers, depth)
        if job.uses:
            follow(scan, sources, workflow, job, triggers, depth)


def follow_action(
    scan: CiScan,
    sources: Sources,
    caller: str,
    job_id: str,
    uses: str,
    triggers: tuple[str, ...],
    depth: int,
) -> None:
    """The steps of a local composite action, run as part of the calling job."""
    path = next((p for p in local_action_paths(uses) if p in sources.actions), None)
    if path is None:
        scan.problems.append(f"{caller}: job `{job_id}` uses local action `{uses}`, which could not be read")
        return
    if depth >= MAX_REUSE_DEPTH:
        scan.problems.append(f"{caller}: local actions nested deeper than {MAX_REUSE_DEPTH}")
        return
    action = parse_action(path, sources.actions[path])
    if action is None:
        scan.problems.append(f"{path}: not a readable action (used by {caller}, job `{job_id}`)")
        return
    action.id = job_id
    scan_scripts(scan, path, sources.actions[path], action, triggers, caller)
    for nested in action.actions:
        follow_action(scan, sources, path, job_id, nested, triggers, depth + 1)


def follow(
    scan: CiScan, sources: Sources, caller: Workflow, job: Job, triggers: tuple[str, ...], depth: int
) -> None:
    target = local_reusable_path(job.uses or "")
    if target is None:
        if not job.passes_commands:  # else what it runs is the commands passed, read above
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
    collect(scan, sources, called, triggers, via=caller.path, depth=depth + 1)


def config_scripts(document: Any) -> list[str]:
    """The command texts of a CI configuration (CircleCI, Travis CI, GitLab CI, Azure …): strings
    under command keys such as `run`, `command`, `script`, `*_script`, visiting at most MAX_NODES."""
    scripts: list[str] = []
    pending: list[tuple[Any, bool]] = [(document, False)]
    visited = 0
    while pending and visited < MAX_NODES:
        node, is_command = pending.pop()
        visited += 1
        if isinstance(node, str):
            if is_command:
                scripts.append(node)
        elif isinstance(node, list):
            pending += [(item, is_command) for item in reversed(node)]
        elif isinstance(node, Mapping):
            pending += [(value, bool(COMMAND_KEY.match(str(key)))) for key, value in list(node.items())[::-1]]
    return scripts


def scan_other_ci(files: Mapping[str, str | None]) -> CiScan:
    """Test commands in other CI systems' configuration files (no triggers: they run on push).
    YAML files are read for their command keys; others (a Jenkinsfile) line by line."""
    scan = CiScan()
    for path in OTHER_CI_CONFIG_FILES:
        text = files.get(path)
        if not text:
            continue
        document, error = load_yaml(text) if path.endswith((".yml", ".yaml")) else (None, None)
        scripts = config_scripts(document) if isinstance(document, Mapping) else [text]
        if error is not None:
            scan.problems.append(f"{path}: {error} (read line by line)")
        scan_scripts(scan, path, text, Job("", scripts=scripts), ("push",), None)
    return scan


def other_ci_systems(names: Iterable[str], tree: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(marker file, CI system) for each other CI system whose file is in `names`. A folder such as
    `.circleci` counts only with its configuration file, when the `tree` is known."""
    present = set(names)
    listed = set(tree) if tree is not None else None
    found = []
    for marker, system in OTHER_CI_MARKERS:
        if marker not in present:
            continue
        configs = CONFIG_IN_FOLDER.get(marker)
        if configs and listed is not None and not any(config in listed for config in configs):
            continue
        found.append((marker, system))
    return found
