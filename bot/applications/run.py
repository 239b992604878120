"""The pipeline for one application issue, top to bottom (DESIGN.md's diagram for issues):

config → issue + form → fields → problems (incomplete: stop) → facts of every repository in scope
→ the policy's verdicts → the rubric → the comment, the JSON report, the status label.

The bot never sets or removes a decision label; when one is present it leaves the status label
alone too and frames its comment as evidence for the decision.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.applications.body import Application, is_from_form, parse_application
from bot.applications.form import Form, FormError, parse_form
from bot.applications.issue import IssueSnapshot, read_issue, read_repo_labels
from bot.applications.render import ApplicationReview, ExtraRepository, render_review
from bot.applications.rubric import Rubric
from bot.applications.torch import TorchReleases, torch_releases
from bot.applications.validate import FieldProblem, handles, validate_application
from bot.applications.vet import read_rubric_inputs, repository_rubric
from bot.config import ActionInputs, Config, ConfigError, parse_config
from bot.facts.gather import FactsRequest, gather
from bot.facts.model import RepoFacts
from bot.github import GitHubClient
from bot.policies.loader import load_policy
from bot.policies.model import Policy
from bot.publish import (
    LabelSpec,
    PublishResult,
    collaborator_permission,
    note_cooldown,
    refuse_recheck,
    sync_labels,
    try_react,
    upsert_comment,
)
from bot.repository_files import read_policy_file, read_text_file
from bot.repository_url import normalise_repository_url
from bot.sticky import REVIEW
from bot.trigger import Trigger, may_recheck, recheck_cooldown
from bot.verdicts import evaluate_entry

if TYPE_CHECKING:
    from bot.environment import Environment

log = logging.getLogger("ecosystem-bot")
MAX_EXTRA_REPOSITORIES = 5
UNVERIFIED_ROLES = ("backing", "components", "maintenance", "similar", "emails")
# the rubric's lean → the policy's verdict whose status label marks it
LEAN_VERDICT = {
    "Approve": "passed",
    "Needs more info": "needs-work",
    "Too early": "fail",
    "Decline": "fail",
    "incomplete": "incomplete",  # the policy's "review: incomplete": a recheck (after an edit) decides
}


@dataclass(frozen=True)
class Vetted:
    facts: RepoFacts
    rubric: Rubric


def run_application(
    client: GitHubClient,
    environ: Mapping[str, str],
    env: Environment,
    inputs: ActionInputs,
    trigger: Trigger,
    repository: str,
    number: int,
) -> int:
    config = parse_config(
        read_text_file(client, repository, inputs.config_path),
        inputs.config_path,
        policy_input=inputs.policy,
        environ=environ,
    )
    if config.applications is None:
        print(
            f"ecosystem-bot: #{number} is an issue, not a pull request, and {inputs.config_path} declares no "
            "`applications:` forms; ignored"
        )
        return 0
    recheck = trigger.kind == "recheck"
    issue = read_issue(client, repository, number)
    form = _matching_form(client, repository, config.applications.forms, issue)
    if form is None:
        print(f"ecosystem-bot: issue #{number} was not opened from an application form; left alone")
        return 0
    if recheck and trigger.comment_id is not None:  # only now: a /recheck elsewhere gets no reaction
        # the review comment, edited in place, is the answer: no second reaction (as on pull requests)
        try_react(client, repository, trigger.comment_id, "eyes")
    if issue.state != "open" and not recheck:
        print(f"ecosystem-bot: issue #{number} is closed; closed applications are reviewed only on /recheck")
        return 0
    mine = REVIEW.own(issue.comments, inputs.bot_login)
    previous = REVIEW.decode_state(mine[0].body) if mine else None
    last_recheck = str(previous.get("recheck_at") or "") if previous else None
    if recheck:
        if _refused(client, trigger, issue, inputs) or _within_cooldown(
            client, config, issue, inputs, last_recheck
        ):
            return 0
        last_recheck = datetime.now(UTC).isoformat(timespec="seconds")
    return _review_and_publish(client, env, inputs, config, issue, form, last_recheck)


def _refused(client: GitHubClient, trigger: Trigger, issue: IssueSnapshot, inputs: ActionInputs) -> bool:
    """A /recheck by someone who may not ask for one: 😕 and one reply per person."""
    refusal = recheck_refusal(client, trigger, issue)
    if not refusal:
        return False
    refuse_recheck(client, issue, inputs.bot_login, trigger, refusal, "the applicant and the maintainers")
    return True


def _within_cooldown(
    client: GitHubClient, config: Config, issue: IssueSnapshot, inputs: ActionInputs, last_recheck: str | None
) -> bool:
    """The same cooldown as on pull requests (bot.trigger decides): within it, one note says when."""
    next_at = recheck_cooldown(last_recheck, datetime.now(UTC), timedelta(seconds=config.recheck_cooldown))
    if next_at is None:
        return False
    note_cooldown(
        client, issue, inputs.bot_login, last_recheck, next_at, config.recheck_cooldown, "application"
    )
    return True


def _review_and_publish(
    client: GitHubClient,
    env: Environment,
    inputs: ActionInputs,
    config: Config,
    issue: IssueSnapshot,
    form: Form,
    last_recheck: str | None,
) -> int:
    assert config.applications is not None  # run_application returned before otherwise
    repository = issue.repository
    # the workflow's `policy` input wins, then the applications section's, then the config's
    policy = load_policy(
        inputs.policy or config.applications.policy or config.policy,
        config.policy_overrides,
        read_file=lambda path: read_policy_file(client, repository, path),
    )
    review = review_application(client, config, policy, issue, form, datetime.now(UTC).replace(microsecond=0))
    review.run_url = env.run_url(repository)
    review.docs_url = config.docs_url or policy.docs_url
    body = render_review(review)
    if last_recheck:  # kept in the comment's hidden state, so the next /recheck can honour the cooldown
        body += "\n" + REVIEW.encode_state({"v": 1, "recheck_at": last_recheck})
    env.report_path.parent.mkdir(parents=True, exist_ok=True)
    env.report_path.write_text(json.dumps(review.to_json(), indent=2) + "\n", encoding="utf-8")
    from bot.outputs import Outputs

    outputs = Outputs(env.output_path, env.summary_path)
    outputs.summary(body)
    published = publish_review(
        client, issue, review, policy, config.applications.decision_labels, inputs, body
    )
    outputs.set(verdict=review.status, entries="1", report=env.report_output())
    print(
        f"ecosystem-bot: {repository}#{issue.number}: application {review.status} "
        f"(comment {published.comment_action}, id {published.comment_id})"
    )
    return 0


def _matching_form(
    client: GitHubClient, repository: str, paths: Sequence[str], issue: IssueSnapshot
) -> Form | None:
    if issue.is_pull_request:
        return None
    for path in paths:
        text = read_text_file(client, repository, path)
        if text is None:
            raise ConfigError(f"the application form {path} is not on the default branch of {repository}")
        try:
            form = parse_form(text, path)
        except FormError as error:
            raise ConfigError(str(error)) from None
        if is_from_form(issue.body, form):
            return form
    return None


def recheck_refusal(client: GitHubClient, trigger: Trigger, issue: IssueSnapshot) -> str | None:
    """The applicant, or anyone with write access (bot.trigger.may_recheck); None when allowed."""
    author = issue.author or trigger.pr_author
    if may_recheck(trigger.requested_by, author, None):
        return None
    permission = collaborator_permission(client, issue.repository, trigger.requested_by or "")
    if may_recheck(trigger.requested_by, author, permission):
        return None
    return (
        f"only the applicant or someone with write access to {issue.repository} may ask for a recheck "
        f"(your permission: {permission or 'none'})"
    )


# ---- the review ------------------------------------------------------------------------------------------


def review_application(
    client: GitHubClient | None,
    config: Config,
    policy: Policy,
    issue: IssueSnapshot,
    form: Form,
    now: datetime,
) -> ApplicationReview:
    application = parse_application(issue.title, issue.body, form)
    problems = validate_application(application, form)
    decision = decision_label(
        issue.labels, config.applications.decision_labels if config.applications else ()
    )
    repo_url = normalise_repository_url((application.value("repo") or "").strip()).url
    review = ApplicationReview(
        name=project_name(issue.title, repo_url),
        issue_url=issue.html_url,
        number=issue.number,
        observed=now.date().isoformat(),
        policy=policy.name,
        summary=application.value("summary") or application.value("description"),
        applicant_repo=repo_url,
        rubric=None,
        problems=problems,
        decision=decision,
        unverified_claims=unverified_claims(application, form),
    )
    if problems or repo_url is None:
        if not problems:
            review.problems = [
                FieldProblem(
                    "Repository", "not-a-repository", "The application names no repository.", "Add its URL."
                )
            ]
        return review
    slug = repo_url.removeprefix("https://github.com/")
    extra = extra_repositories(application, slug)
    torch = torch_releases(config.registries.pypi_url)
    with ThreadPoolExecutor(max_workers=min(4, 1 + len(extra))) as pool:
        main_future = pool.submit(
            vet, client, config, policy, slug, application_claims(application), now, torch
        )
        extra_futures = [(s, pool.submit(vet, client, config, policy, s, {}, now, torch)) for s in extra]
        main = main_future.result()
        review.rubric = main.rubric
        if main.facts.missing:  # the URL reads well but names nothing GitHub shows: a field problem
            review.rubric = None
            repo_field = form.by_role("repo")
            label = repo_field.label if repo_field else "Repository"
            review.problems = [
                FieldProblem(
                    label,
                    "not-a-repository",
                    f"“{label}” names {slug}, which GitHub does not have (or which is private).",
                    "Check the spelling, or make the repository public, then edit the issue.",
                )
            ]
        for extra_slug, future in extra_futures:
            vetted = future.result()
            error = vetted.facts.error if not vetted.facts.available else None
            review.extra.append(ExtraRepository(extra_slug, None if error else vetted.rubric, error))
    _count_extra_gaps(review)
    return review


def _count_extra_gaps(review: ApplicationReview) -> None:
    """Every repository in scope must meet the rubric: gaps in one keep the lean from Approve."""
    rubric = review.rubric
    gaps = [
        e.slug for e in review.extra if e.rubric is None or any(r.status == "fail" for r in e.rubric.rows)
    ]
    if rubric is not None and gaps and rubric.lean == "Approve":
        rubric.lean = "Needs more info"
        rubric.lean_reason = (
            f"additional repositories in scope fail rows or could not be vetted: {', '.join(gaps)}"
        )


def vet(
    client: GitHubClient | None,
    config: Config,
    policy: Policy,
    slug: str,
    claims: dict[str, Any],
    now: datetime,
    torch: TorchReleases | None,
) -> Vetted:
    """Facts, verdicts and rubric for one repository (the main one, or one in scope)."""
    request = FactsRequest(
        slug=slug,
        claims=claims,
        pypi_url=config.registries.pypi_url,
        anaconda_url=config.registries.anaconda_url,
        check_links=config.check_links,
        allow_private_links=config.allow_private_links,
    )
    facts = gather(client, request, now)
    activity = read_rubric_inputs(client, facts, now)  # before the verdicts: the checks read the texts too
    verdict = evaluate_entry(policy, facts, [], slug, config.docs_url)
    maintainers = claims.get("maintainers") if isinstance(claims.get("maintainers"), list) else None
    rubric = repository_rubric(
        policy, facts, verdict, now, torch, activity, maintainers, claims.get("pytorch_version")
    )
    return Vetted(facts, rubric)


def application_claims(application: Application) -> dict[str, Any]:
    """The fields as claims the checks compare with the repository (license, links, maintainers)."""
    claims: dict[str, Any] = {}
    if application.value("license"):
        claims["license"] = (application.value("license") or "").strip().strip("`")
    for role, key in (("website", "homepage"), ("documentation", "documentation")):
        value = (application.value(role) or "").strip()
        if value.lower().startswith(("http://", "https://")):
            claims[key] = value.split()[0]
    named = handles(application.value("maintainers"))
    if named:
        claims["maintainers"] = named
    if application.value("pytorch_version"):
        claims["pytorch_version"] = application.value("pytorch_version")
    return claims


def extra_repositories(application: Application, main_slug: str) -> list[str]:
    found = []
    for word in (application.value("extra_repos") or "").split():
        url = normalise_repository_url(word.strip("<>()[],;.")).url
        if url:
            slug = url.removeprefix("https://github.com/")
            if slug.lower() != main_slug.lower() and slug not in found:
                found.append(slug)
    return found[:MAX_EXTRA_REPOSITORIES]


def unverified_claims(application: Application, form: Form) -> list[str]:
    labels = []
    for role in UNVERIFIED_ROLES:
        field = form.by_role(role)
        if field is not None and application.value(role):
            labels.append(field.label)
    return labels


def project_name(title: str, repo_url: str | None) -> str:
    name = title
    if "]" in name and name.lstrip().startswith("["):
        name = name.split("]", 1)[1]
    name = name.strip(" :-")
    if not name or "<" in name:
        return repo_url.rsplit("/", 1)[-1] if repo_url else "(unnamed application)"
    return name


def decision_label(labels: Sequence[str], decisions: Sequence[str]) -> str | None:
    wanted = {d.lower() for d in decisions}
    return next((label for label in labels if label.lower() in wanted), None)


# ---- publishing ----------------------------------------------------------------------------------------


def status_label(review: ApplicationReview, policy: Policy) -> LabelSpec | None:
    label = policy.label_for(LEAN_VERDICT[review.status])
    return LabelSpec(label.name, label.color, label.description) if label else None


def publish_review(
    client: GitHubClient,
    issue: IssueSnapshot,
    review: ApplicationReview,
    policy: Policy,
    decision_labels: Sequence[str],
    inputs: ActionInputs,
    body: str,
) -> PublishResult:
    published = upsert_comment(client, issue.repository, issue.number, body, issue.comments, inputs.bot_login)
    if review.decision:
        print(f"ecosystem-bot: decision label {review.decision!r} present; status labels left as they are")
        return published
    wanted = [spec for spec in [status_label(review, policy)] if spec is not None]
    decisions = {name.lower() for name in decision_labels}
    managed = [label.name for label in policy.labels if label.name.lower() not in decisions]
    sync_labels(
        client,
        issue.repository,
        issue.number,
        [spec for spec in wanted if spec.name.lower() not in decisions],
        issue.labels,
        managed,
        read_repo_labels(client, issue.repository),
        published,
    )
    return published
