"""Run one review twice — in the container image and in-process on the host — and compare what a user sees.

Each run gets a fresh GitHub simulator loaded from the same state file, the same GitHub variables and
a real `pull_request_target` event file. The container run is laid out as GitHub's runner lays out a
Docker action: workspace at /github/workspace, event at /github/workflow/event.json, file commands
under /github/file_commands, HOME=/github/home, working directory /github/workspace, the image's own
ENTRYPOINT, and RUNNER_TEMP set to the runner's host path, which is *not* mounted (actions/runner#1984).

    python -m tests.e2e.container_driver --image localhost/ecosystem-bot:ci --state STATE.yml

Exit 0 when the PR comments (normalised by `normalise_text`), labels, exit codes and outputs agree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_ID = "4242"
BOT_LOGIN = "github-actions[bot]"  # the login behind GITHUB_TOKEN; only its comments are compared
# Where GitHub's runner puts RUNNER_TEMP on the host; container actions receive this path unchanged.
RUNNER_TEMP_ON_HOST = "/home/runner/work/_temp"


@dataclass(frozen=True)
class Scenario:
    """Which review to run: a state file for the simulator and the PR the event is about."""

    state_path: Path
    repository: str
    number: int
    token: str
    event_name: str = "pull_request_target"
    action: str = "opened"


@dataclass(frozen=True)
class GitHubDirs:
    """The runner's directories for one run; the container sees them at GitHub's fixed paths."""

    workspace: Path
    workflow: Path
    file_commands: Path
    home: Path
    runner_temp: Path  # RUNNER_TEMP as the action sees it; for a container, a path that is not mounted

    @classmethod
    def at(cls, root: Path) -> GitHubDirs:
        return cls(
            *(root / name for name in ("workspace", "workflow", "file_commands", "home", "runner_temp"))
        )

    @classmethod
    def create(cls, root: Path, workspace_source: Path | None) -> GitHubDirs:
        dirs = cls.at(root)
        if workspace_source is not None:
            shutil.copytree(workspace_source, dirs.workspace)
        for path in astuple(dirs):
            path.mkdir(parents=True, exist_ok=True)
        (dirs.file_commands / "set_output").touch()
        (dirs.file_commands / "step_summary").touch()
        return dirs


CONTAINER_DIRS = GitHubDirs(
    Path("/github/workspace"),
    Path("/github/workflow"),
    Path("/github/file_commands"),
    Path("/github/home"),
    Path(RUNNER_TEMP_ON_HOST),
)
MOUNTED = 4  # the first four of GitHubDirs are mounted into a Docker action; RUNNER_TEMP is not


@dataclass
class RunOutcome:
    """What one run left behind, as a user sees it."""

    where: str
    exit_code: int
    seconds: float
    comments: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    log: str = ""
    unreadable: list[str] = field(default_factory=list)  # outputs naming files later steps cannot read


# ---- the parts the lead may need to adjust ------------------------------------------------------
def action_environment(scenario: Scenario, dirs: GitHubDirs, api_url: str) -> dict[str, str]:
    """The variables GitHub's runner passes to a Docker action (paths as the action sees them)."""
    return {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "HOME": str(dirs.home),
        "GITHUB_EVENT_NAME": scenario.event_name,
        "GITHUB_EVENT_PATH": str(dirs.workflow / "event.json"),
        "GITHUB_WORKSPACE": str(dirs.workspace),
        "GITHUB_REPOSITORY": scenario.repository,
        "GITHUB_REPOSITORY_OWNER": scenario.repository.split("/")[0],
        "GITHUB_API_URL": api_url,
        "GITHUB_GRAPHQL_URL": f"{api_url}/graphql",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": RUN_ID,
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_OUTPUT": str(dirs.file_commands / "set_output"),
        "GITHUB_STEP_SUMMARY": str(dirs.file_commands / "step_summary"),
        "RUNNER_TEMP": str(dirs.runner_temp),
        "ECOSYSTEM_BOT_PYPI_URL": f"{api_url}/pypi",
        "ECOSYSTEM_BOT_ANACONDA_URL": f"{api_url}/anaconda",
        # action.yml inputs, defaults included, as the runner passes them (hyphens kept).
        "INPUT_GITHUB-TOKEN": scenario.token,
        "INPUT_CONFIG": ".github/ecosystem-bot.yml",
        "INPUT_POLICY": "",
        "INPUT_FAIL-ON": "invalid",
        "INPUT_BOT-LOGIN": BOT_LOGIN,
    }


def event_payload(scenario: Scenario, simulator: Any) -> dict[str, Any]:
    """A real webhook payload for the scenario's PR, built by the simulator from its state."""
    from bot.simulator.events import pull_request_event

    payload: dict[str, Any] = pull_request_event(
        simulator.state,
        scenario.repository,
        scenario.number,
        action=scenario.action,
        event_name=scenario.event_name,
    )
    return payload


TIME_PATTERN = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?UTC|Z|[+-]\d{2}:\d{2})?"
)
DURATION_PATTERN = re.compile(r"\b\d+(?:\.\d+)? ?(?:ms|s)\b")


def normalise_text(text: str) -> str:
    """A comment or summary with what legitimately differs between two runs (wall-clock times) masked."""
    return DURATION_PATTERN.sub("<duration>", TIME_PATTERN.sub("<time>", text))


# ---- running ------------------------------------------------------------------------------------
@contextmanager
def fresh_simulator(state_path: Path) -> Iterator[Any]:
    from bot.simulator import Simulator
    from bot.simulator.fixture import load_file

    with Simulator(load_file(state_path)) as simulator:
        yield simulator


def run_in_process(scenario: Scenario, root: Path, workspace_source: Path | None) -> RunOutcome:
    dirs = GitHubDirs.create(root, workspace_source)
    with fresh_simulator(scenario.state_path) as simulator:
        write_event(dirs, event_payload(scenario, simulator))
        environ = {**minimal_host_environment(), **action_environment(scenario, dirs, simulator.url)}
        command = [sys.executable, "-m", "bot", "run"]
        started = time.perf_counter()
        done = subprocess.run(
            command, env=environ, cwd=dirs.workspace, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        return collect("in-process", done, seconds, scenario, simulator, dirs)


def run_in_container(scenario: Scenario, root: Path, workspace_source: Path | None, image: str) -> RunOutcome:
    dirs = GitHubDirs.create(root, workspace_source)
    with fresh_simulator(scenario.state_path) as simulator, buildah_container(image) as container:
        write_event(dirs, event_payload(scenario, simulator))
        command = ["buildah", "run", "--network", "host", "--workingdir", str(CONTAINER_DIRS.workspace)]
        for host, inside in zip(astuple(dirs)[:MOUNTED], astuple(CONTAINER_DIRS)[:MOUNTED], strict=True):
            command += ["--volume", f"{host}:{inside}"]
        for name, value in action_environment(scenario, CONTAINER_DIRS, simulator.url).items():
            command += ["--env", f"{name}={value}"]
        command += [container, "--", *image_entrypoint(image)]
        started = time.perf_counter()
        done = subprocess.run(command, env=buildah_environment(), capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        return collect("container", done, seconds, scenario, simulator, dirs, in_container=True)


def astuple(dirs: GitHubDirs) -> tuple[Path, ...]:
    return (dirs.workspace, dirs.workflow, dirs.file_commands, dirs.home, dirs.runner_temp)


def write_event(dirs: GitHubDirs, payload: Mapping[str, Any]) -> None:
    (dirs.workflow / "event.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")


def minimal_host_environment() -> dict[str, str]:
    """The host run must not inherit this machine's GITHUB_* or INPUT_* variables, only the basics."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")
    return {name: os.environ[name] for name in keep if name in os.environ}


def buildah_environment() -> dict[str, str]:
    return {**os.environ, "BUILDAH_ISOLATION": os.environ.get("BUILDAH_ISOLATION", "chroot")}


@contextmanager
def buildah_container(image: str) -> Iterator[str]:
    created = buildah("from", "--quiet", "--pull=never", image)
    try:
        yield created
    finally:
        buildah("rm", created)


def buildah(*args: str) -> str:
    done = subprocess.run(
        ["buildah", *args], env=buildah_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise DriverError(f"buildah {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def image_entrypoint(image: str) -> list[str]:
    """The image's ENTRYPOINT + CMD, so the run goes through exactly what the Dockerfile declares."""
    config = json.loads(buildah("inspect", "--type", "image", image))["OCIv1"]["config"]
    command: list[str] = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
    if not command:
        raise DriverError(f"image {image} declares no ENTRYPOINT")
    return command


def collect(
    where: str,
    done: subprocess.CompletedProcess[str],
    seconds: float,
    scenario: Scenario,
    simulator: Any,
    dirs: GitHubDirs,
    in_container: bool = False,
) -> RunOutcome:
    state = simulator.state
    outputs = read_outputs(dirs.file_commands / "set_output")
    return RunOutcome(
        where=where,
        exit_code=done.returncode,
        seconds=seconds,
        comments=[
            str(c["body"])
            for c in simulator.comments(scenario.repository, scenario.number)
            if c["user"]["login"] == BOT_LOGIN
        ],
        labels=sorted(state.issue_labels(scenario.repository, scenario.number)),
        outputs=outputs,
        summary=(dirs.file_commands / "step_summary").read_text(encoding="utf-8"),
        log=(done.stdout + done.stderr).strip(),
        unreadable=unreadable_output_files(outputs, dirs, in_container),
    )


def unreadable_output_files(outputs: Mapping[str, str], dirs: GitHubDirs, in_container: bool) -> list[str]:
    """Outputs that name a file (`report`) which the workflow's next step, on the runner, cannot open.

    The next step runs on the host with the workspace as working directory and does not translate
    paths: a relative path resolves against the workspace, an absolute one must exist on the host.
    A container's absolute paths (/github/workspace/…, or RUNNER_TEMP, which is not even mounted)
    do not exist there.
    """
    unreadable = []
    for name, value in outputs.items():
        if name != "report" or not value:
            continue
        path = Path(value)
        if not path.is_absolute():
            path = dirs.workspace / path
        elif in_container:
            unreadable.append(f"{name}={value} (a path inside the container; later steps cannot see it)")
            continue
        if not path.is_file():
            unreadable.append(f"{name}={value} (no such file after the run)")
    return unreadable


def read_outputs(path: Path) -> dict[str, str]:
    """Parse a $GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            outputs[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


# ---- comparing ----------------------------------------------------------------------------------
def differences(host: RunOutcome, container: RunOutcome, host_dirs: GitHubDirs) -> list[str]:
    """Every way the two runs differ as a user would see it; empty when they agree."""
    found: list[str] = []
    if host.exit_code != container.exit_code:
        found.append(f"exit code: in-process {host.exit_code}, container {container.exit_code}")
    host_comments = [normalise_text(body) for body in host.comments]
    container_comments = [normalise_text(body) for body in container.comments]
    if host_comments != container_comments:
        found.append(
            f"PR comments differ (in-process {len(host_comments)}, container {len(container_comments)}):\n"
            + first_difference(host_comments, container_comments)
        )
    if host.labels != container.labels:
        found.append(f"labels: in-process {host.labels}, container {container.labels}")
    host_outputs = {k: as_in_container(v, host_dirs) for k, v in host.outputs.items()}
    if host_outputs != container.outputs:
        found.append(f"outputs: in-process {host_outputs}, container {container.outputs}")
    for problem in host.unreadable + container.unreadable:
        found.append(f"output file not readable by later workflow steps: {problem}")
    if normalise_text(host.summary) != normalise_text(container.summary):
        found.append("step summaries differ:\n" + first_difference([host.summary], [container.summary]))
    return found


def as_in_container(text: str, host_dirs: GitHubDirs) -> str:
    """A host run's output with its directories replaced by what a container sees instead."""
    for host, inside in zip(astuple(host_dirs), astuple(CONTAINER_DIRS), strict=True):
        text = text.replace(str(host), str(inside))
    return text


def first_difference(left: Sequence[str], right: Sequence[str]) -> str:
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            for line_no, (line_a, line_b) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
                if line_a != line_b:
                    return (
                        f"  item {index}, line {line_no}:\n    in-process: {line_a}\n    container:  {line_b}"
                    )
            return f"  item {index}: one is a prefix of the other ({len(a)} vs {len(b)} characters)"
    return f"  item counts differ: {len(left)} vs {len(right)}"


# ---- command line -------------------------------------------------------------------------------
class DriverError(RuntimeError):
    """The comparison could not be made (bad state file, buildah failure); the message says why."""


def default_scenario(
    state_path: Path, repository: str | None, number: int | None, token: str | None
) -> Scenario:
    """Fill what was not given from the state: its first open pull request, the bot's write token."""
    from bot.simulator.fixture import FixtureError, load_file

    try:
        state = load_file(state_path)
    except FixtureError as error:
        raise DriverError(str(error)) from error
    if repository is None or number is None:
        open_pulls = [
            (repo.full_name, issue.number)
            for repo in state.repositories.values()
            for issue in repo.issues.values()
            if issue.pull is not None and issue.state == "open"
        ]
        if not open_pulls:
            raise DriverError(f"{state_path}: no open pull request to review; pass --repository and --number")
        repository, number = open_pulls[0]
    if token is None:
        writable = [t for t in state.tokens.values() if not t.read_only]
        writable.sort(key=lambda t: t.login != "github-actions[bot]")
        if not writable:
            raise DriverError(f"{state_path}: no token with write access under `tokens:`; pass --token")
        token = writable[0].value
    return Scenario(state_path=state_path, repository=repository, number=number, token=token)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True, help="image to run, e.g. localhost/ecosystem-bot:ci")
    parser.add_argument("--state", required=True, type=Path, help="simulator state file (YAML or JSON)")
    parser.add_argument("--repository", help="owner/name of the catalog (default: from the state)")
    parser.add_argument("--number", type=int, help="pull request number (default: the state's first open PR)")
    parser.add_argument("--token", help="token the Action uses (default: the state's write token)")
    parser.add_argument("--workspace", type=Path, help="directory copied into the workspace (default: empty)")
    parser.add_argument("--show-comment", action="store_true", help="print the container's comment")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        scenario = default_scenario(args.state, args.repository, args.number, args.token)
        with tempfile.TemporaryDirectory(prefix="ecosystem-bot-e2e-") as scratch:
            root = Path(scratch)
            host = run_in_process(scenario, root / "host", args.workspace)
            container = run_in_container(scenario, root / "container", args.workspace, args.image)
            problems = differences(host, container, GitHubDirs.at(root / "host"))
    except (DriverError, ImportError) as error:
        print(f"container e2e: cannot compare: {error}", file=sys.stderr)
        return 2
    for outcome in (host, container):
        print(
            f"container e2e: {outcome.where}: exit {outcome.exit_code} in {outcome.seconds:.2f} s, "
            f"{len(outcome.comments)} bot comment(s), labels {outcome.labels}"
        )
    if args.show_comment and container.comments:
        print(container.comments[-1])
    if not container.comments:
        problems.append(f"the container run left no comment by {BOT_LOGIN} on the pull request")
    if problems:
        for outcome in (host, container):
            print(f"--- {outcome.where} log ---\n{outcome.log}", file=sys.stderr)
        print("container e2e: FAILED\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print("container e2e: the container and the in-process run agree (comment, labels, outputs, exit code)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
