"""`python -m bot run`: the GitHub Action. Environment in; comment, labels, outputs and exit code out."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.catalog_paths import default_layout_reads
from bot.config import DEFAULT_POLICY, ActionInputs, Config, ConfigError, parse_config, read_inputs
from bot.environment import Environment
from bot.github import GitHubClient, GitHubError, ReadOnlyToken
from bot.publish import (
    READ_ONLY_HELP,
    collaborator_permission,
    note_cooldown,
    publish_review,
    refuse_recheck,
    try_react,
)
from bot.pull_request import PullRequest, pull_head_ref, read_pull_request
from bot.repository_files import read_policy_file, read_text_or_problem
from bot.sticky import REVIEW
from bot.trigger import (
    Trigger,
    needs_permission,
    parse_trigger,
    recheck_cooldown,
    recheck_refusal,
)

if TYPE_CHECKING:
    from bot.outputs import Outputs
    from bot.report.comment import RunInfo
    from bot.review import Review

    pass

# Imported while the first request is in flight (see `_warm_up`): what the facts' requests wait for.
# Together they take most of a second to import, as long as several round trips to GitHub.
PIPELINE_MODULES = (
    "bot.review",
    "bot.policies.loader",
    "bot.catalog.entry_files",  # the catalog formats import jsonschema only when asked for one
    "bot.catalog.front_matter",
    "bot.catalog.landscape",
)
# Needed only once the facts are in: imported while their answers are awaited.
REPORT_MODULES = ("bot.report.comment", "bot.report.json_report", "bot.outputs")

log = logging.getLogger("ecosystem-bot")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "Configured by the GITHUB_* and INPUT_* environment variables, as GitHub sets them."


def execute(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):  # a lone surrogate in a log line must not end the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return run_action(os.environ)


def run_action(environ: Mapping[str, str]) -> int:
    env = Environment.read(environ)
    try:
        inputs = read_inputs(environ)
        payload = _load_event(env.event_path)
    except ConfigError as error:
        return _fail(f"{error}")
    trigger = parse_trigger(env.event_name, payload, {"pr": inputs.pr or ""})
    if trigger.kind == "ignore":
        print(f"ecosystem-bot: {trigger.reason}")
        return 0
    repository = trigger.repository or env.repository
    if trigger.kind == "audit" and repository:
        return _audit(environ, env, inputs, repository)
    if not repository or trigger.number is None:
        return _fail("cannot tell which repository and pull request to review (GITHUB_REPOSITORY is not set)")
    if trigger.subject == "issue":  # an application issue: its own pipeline (bot.applications.run)
        return _application(environ, env, inputs, trigger, repository, trigger.number)
    client = env.github_client(inputs.token)
    try:
        return _run(client, environ, env, inputs, trigger, repository, trigger.number)
    except ReadOnlyToken as error:
        return _fail(f"{error.message}: {READ_ONLY_HELP}")
    except (GitHubError, ConfigError) as error:
        return _fail(str(error))
    except ValueError as error:  # PolicyError: the policy or the config's overrides are wrong
        return _fail(str(error))
    finally:
        print(f"ecosystem-bot: {client.stats.summary()}")


def _audit(environ: Mapping[str, str], env: Environment, inputs: ActionInputs, repository: str) -> int:
    from bot.audit.action import run_audit
    from bot.outputs import Outputs

    client = env.github_client(inputs.token)
    try:
        outputs = Outputs(env.output_path, env.summary_path)
        return run_audit(client, environ, inputs, repository, env.workspace, outputs, env.run_url(repository))
    finally:
        print(f"ecosystem-bot: {client.stats.summary()}")


def _application(
    environ: Mapping[str, str],
    env: Environment,
    inputs: ActionInputs,
    trigger: Trigger,
    repository: str,
    number: int,
) -> int:
    from bot.applications.run import run_application

    client = env.github_client(inputs.token)
    try:
        return run_application(client, environ, env, inputs, trigger, repository, number)
    except ReadOnlyToken as error:
        return _fail(
            f"{error.message}: the token cannot comment on issues (the workflow needs `issues: write`)"
        )
    except (GitHubError, ConfigError, ValueError) as error:
        return _fail(str(error))
    finally:
        print(f"ecosystem-bot: {client.stats.summary()}")


@dataclass(frozen=True)
class WarmUp:
    """The run's imports in the background, in two halves (see `_warm_up`)."""

    ready: threading.Event  # the pipeline is imported and the likely policy loaded
    go_on: threading.Event  # the facts' first request leaves (or the run ends): the second half may start
    reports_ready: threading.Event  # the report modules are imported (or failed to: the run retries)

    def reports(self) -> None:
        """Wait for the report modules (importing one while the thread does could fail)."""
        self.go_on.set()
        self.reports_ready.wait()


def _warm_up(policy: str) -> WarmUp:
    """Import the pipeline in the background and load `policy` when it is a preset (the run's own
    load then only applies the config's overrides); the rest (the report modules, the license
    categories, markdown-it) once the facts' first request leaves, so that it does not compete for
    the CPU with what that request waits for, but runs while the answers are awaited.
    One thread imports, in order: two threads importing the same package at once can fail on its
    circular imports."""
    warm_up = WarmUp(threading.Event(), threading.Event(), threading.Event())

    def load() -> None:
        try:  # whatever fails here, the run is not left waiting: it imports for itself, and reports
            try:
                for name in PIPELINE_MODULES:
                    importlib.import_module(name)
                from bot.criteria.registry import all_checks
                from bot.policies.loader import bundled_policies, load_policy

                all_checks()  # the check modules, which the policy's loading needs next
                if policy in bundled_policies():
                    load_policy(policy)  # parsed once and kept
            finally:
                warm_up.ready.set()
            warm_up.go_on.wait()
            for name in REPORT_MODULES:
                importlib.import_module(name)
        finally:
            warm_up.reports_ready.set()
        from bot.criteria.license_terms import licensing
        from bot.criteria.readme_markdown import parser
        from bot.facts.licenses import load_license_categories

        licensing()  # the SPDX license index, for the license checks
        load_license_categories()
        parser()  # markdown-it, for the README checks

    # Not a daemon: the interpreter must not shut down while the thread is inside an import
    # (a run that ends early, e.g. a refused /recheck, would otherwise abort with SIGABRT); every
    # way out of `_run` sets `go_on`, so the thread always ends.
    threading.Thread(target=load, name="import-pipeline", daemon=False).start()
    return warm_up


def _run(
    client: GitHubClient,
    environ: Mapping[str, str],
    env: Environment,
    inputs: ActionInputs,
    trigger: Trigger,
    repository: str,
    number: int,
) -> int:
    warm_up = _warm_up(inputs.policy or DEFAULT_POLICY)
    try:
        return _review_pull_request(client, env, environ, inputs, trigger, repository, number, warm_up)
    finally:
        warm_up.go_on.set()


def _review_pull_request(
    client: GitHubClient,
    env: Environment,
    environ: Mapping[str, str],
    inputs: ActionInputs,
    trigger: Trigger,
    repository: str,
    number: int,
    warm_up: WarmUp,
) -> int:
    client.lanes.resize(1)  # one kept-alive connection to GitHub, until the facts (bot.review)
    pr, config_ref = _read_pull_request(client, inputs, trigger, repository, number)
    # 👀 right after the pull request's read, on the same connection, while the pipeline loads;
    # done before the next write (`_settle`).
    eyes = _react_in_background(client, repository, trigger.comment_id) if trigger.kind == "recheck" else None
    warm_up.ready.wait()
    from bot.policies.loader import load_policy
    from bot.review import review

    if trigger.kind == "recheck" and _refused_recheck(client, inputs, trigger, pr, eyes):
        return 0
    if pr.config_problem:
        raise ConfigError(f"{inputs.config_path}: {pr.config_problem}")
    config = parse_config(pr.config_text, inputs.config_path, policy_input=inputs.policy, environ=environ)
    now = datetime.now(UTC)
    mine = REVIEW.own(pr.comments, inputs.bot_login)
    previous = REVIEW.decode_state(mine[0].body) if mine else None
    last_recheck = str(previous.get("recheck_at") or "") if previous else None
    if trigger.kind == "recheck":
        if _within_cooldown(client, inputs, pr, config, last_recheck, now, eyes):
            return 0
        last_recheck = now.isoformat(timespec="seconds")
    policy = load_policy(
        config.policy,
        config.policy_overrides,
        read_file=lambda path: read_policy_file(client, repository, path, config_ref),
    )
    client.before_next_request(warm_up.go_on.set)  # the facts' first request: see `_warm_up`
    result = review(client, pr, config, policy, now)
    warm_up.reports()
    from bot.report.comment import RunInfo, render_comment
    from bot.report.verdict import overall_verdict

    verdict = overall_verdict(result)
    run = RunInfo(env.run_url(repository), config.docs_url or policy.docs_url, previous, last_recheck or None)
    outputs = _write_report(env, result, run)
    body = render_comment(result, run)
    # A /recheck got its 👀 at once; the review comment, edited in place, is the answer (no 🚀: one
    # request more for what the edited comment already says).
    _settle(eyes)
    publish_review(client, pr, result, policy, verdict, body, inputs.bot_login, bool(mine))
    outputs.set(verdict=verdict, entries=str(len(result.entries)), report=env.report_output())
    print(f"ecosystem-bot: {repository}#{number}: {verdict} ({len(result.entries)} entries reviewed)")
    return exit_code(verdict, inputs.fail_on)


def _read_pull_request(
    client: GitHubClient, inputs: ActionInputs, trigger: Trigger, repository: str, number: int
) -> tuple[PullRequest, str]:
    """The pull request and the ref its config is read at (the base branch's)."""
    config_ref = trigger.base_ref or "HEAD"
    # The entry files come with the pull request: at the commits the event names, or (/recheck and
    # workflow_dispatch name none) at the PR's head ref and the default branch, kept when those are
    # the PR's head and base commits (bot.pull_request.Prefetched.pinned).
    default_base = f"refs/heads/{trigger.default_branch}" if trigger.default_branch else None
    entries = default_layout_reads(
        trigger.head_sha or pull_head_ref(number), trigger.base_sha or default_base
    )
    pr = read_pull_request(client, repository, number, f"{config_ref}:{inputs.config_path}", entries)
    if not trigger.base_ref and pr.base_ref and pr.base_ref != trigger.default_branch:
        # /recheck and workflow_dispatch do not name the base: read the config from the PR's base
        # branch, as pull_request_target does (one more request, only for a non-default base).
        config_ref = pr.base_ref
        pr.config_text, pr.config_problem = read_text_or_problem(
            client, repository, inputs.config_path, config_ref
        )
    return pr, config_ref


def _react_in_background(
    client: GitHubClient, repository: str, comment_id: int | None
) -> threading.Thread | None:
    """The 👀 on a /recheck, sent while the run goes on; `_settle` waits for it."""
    if comment_id is None:
        return None
    thread = threading.Thread(
        target=try_react, args=(client, repository, comment_id, "eyes"), name="react-eyes"
    )
    thread.start()
    return thread


def _settle(reaction: threading.Thread | None) -> None:
    """Wait for the 👀 before the next write: writes go one at a time, and it comes first. (Reads
    need no wait: the client's one lane lets one request at a time use the connection.)"""
    if reaction is not None:
        reaction.join()


def _refused_recheck(
    client: GitHubClient,
    inputs: ActionInputs,
    trigger: Trigger,
    pr: PullRequest,
    eyes: threading.Thread | None,
) -> bool:
    """True when this /recheck may not run (bot.trigger decides): 😕 and a reply say why."""
    refusal = _recheck_refusal(client, trigger, pr)
    if not refusal:
        return False
    _settle(eyes)
    refuse_recheck(
        client, pr, inputs.bot_login, trigger, refusal, "the pull request's author and maintainers"
    )
    return True


def _within_cooldown(
    client: GitHubClient,
    inputs: ActionInputs,
    pr: PullRequest,
    config: Config,
    last_recheck: str | None,
    now: datetime,
    eyes: threading.Thread | None,
) -> bool:
    """True when the last /recheck ran less than `recheck-cooldown` ago: one note says when the next may."""
    next_at = recheck_cooldown(last_recheck, now, timedelta(seconds=config.recheck_cooldown))
    if next_at is None:
        return False
    _settle(eyes)
    note_cooldown(
        client, pr, inputs.bot_login, last_recheck, next_at, config.recheck_cooldown, "pull request"
    )
    return True


def _write_report(env: Environment, result: Review, run: RunInfo) -> Outputs:
    """The JSON report file, the step summary and the annotations; the outputs, to set last."""
    from bot.outputs import Outputs, annotations_for
    from bot.report.comment import render_summary
    from bot.report.json_report import json_report

    outputs = Outputs(env.output_path, env.summary_path)
    report = json_report(result)
    env.report_path.parent.mkdir(parents=True, exist_ok=True)
    env.report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    outputs.summary(render_summary(result, run))
    for line in annotations_for(result):
        print(line)
    return outputs


def exit_code(verdict: str, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    if fail_on == "invalid":
        return 1 if verdict == "invalid" else 0
    return 1 if verdict in ("invalid", "fail", "incomplete") else 0


def _recheck_refusal(client: GitHubClient, trigger: Trigger, pr: PullRequest) -> str | None:
    """The trigger decides (bot.trigger); this only looks the permission up when it is needed."""
    author = pr.author or trigger.pr_author
    permission = (
        collaborator_permission(client, pr.repository, trigger.requested_by or "")
        if needs_permission(trigger, pr.state, author)
        else None
    )
    return recheck_refusal(trigger, pr.repository, pr.state, author, permission)


def _load_event(path: str) -> dict[str, Any]:
    if not path:
        raise ConfigError(
            "GITHUB_EVENT_PATH is not set: run this inside GitHub Actions or set it to an event file"
        )
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"the event file {path} does not exist") from None
    except (OSError, ValueError) as error:
        raise ConfigError(f"the event file {path} could not be read as JSON: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"the event file {path} does not hold a JSON object")
    return data


def _fail(message: str) -> int:
    print(f"::error::ecosystem-bot: {_escape_command(message)}")
    return 2


def _escape_command(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
