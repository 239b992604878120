"""Upsert the one sticky comment, sync the managed labels, react to /recheck.

Idempotent: any number of runs leave exactly one bot comment and the same labels. The bot's
comment is the one carrying the marker AND written by the bot's login, found by bot.sticky; a human
comment that contains the marker is never touched. Only labels the bot manages are added or removed.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.github import GitHubClient, GitHubError, ReadOnlyToken
from bot.pull_request import IssueComment, Label, PullRequest, rest_id
from bot.sticky import REVIEW, find_own_comment, own_posts, reply_marker
from bot.trigger import Trigger, cooldown_text, refusal_text

if TYPE_CHECKING:
    from bot.policies.model import Policy
    from bot.review import Review

log = logging.getLogger(__name__)

READ_ONLY_HELP = (
    "the token cannot write to this repository (a pull request from a fork under `pull_request` gets a "
    "read-only token), so the review went to the step summary only. To comment and label, trigger the "
    "workflow with `pull_request_target` instead: it runs the base branch's workflow with a write token, "
    "and ecosystem-bot never checks out or runs the PR's code (see docs/security.md)."
)


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str
    description: str


@dataclass
class PublishResult:
    comment_id: int | None = None
    comment_action: str = "none"  # created | updated | unchanged | none
    deleted_duplicates: list[int] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    labels_removed: list[str] = field(default_factory=list)
    labels_created: list[str] = field(default_factory=list)


def upsert_comment(
    client: GitHubClient,
    repository: str,
    number: int,
    body: str,
    comments: Sequence[IssueComment],
    bot_login: str,
) -> PublishResult:
    """Edit the bot's comment in place (or create it), then delete the bot's own duplicates."""
    result = PublishResult()
    mine = REVIEW.own(comments, bot_login)
    if mine:
        keep = mine[0]
        result.comment_id = keep.id
        if keep.body.strip() == body.strip():
            result.comment_action = "unchanged"
        else:
            client.rest_write("PATCH", f"/repos/{repository}/issues/comments/{keep.id}", {"body": body})
            result.comment_action = "updated"
    else:
        created = client.rest_write(
            "POST",
            f"/repos/{repository}/issues/{number}/comments",
            {"body": body},
            already_done=lambda: find_own_comment(client, repository, number, REVIEW.marker, bot_login),
        )
        result.comment_id = rest_id((created or {}).get("id"))  # REST ids are JSON integers, 64-bit
        result.comment_action = "created"
    for duplicate in mine[1:]:
        client.rest_write("DELETE", f"/repos/{repository}/issues/comments/{duplicate.id}", None)
        result.deleted_duplicates.append(duplicate.id)
    return result


def sync_labels(
    client: GitHubClient,
    repository: str,
    number: int,
    wanted: Sequence[LabelSpec],
    current: Collection[str] | None,
    managed: Collection[str],
    repo_labels: Mapping[str, Label],
    result: PublishResult,
) -> None:
    """Set the PR's labels in one request, from the desired state: the labels it has that the bot does
    not manage, plus the wanted ones. Nothing is sent when they are already right; a wanted label the
    repository lacks (its list came with the PR query) is created first. `current` None: the PR query
    did not say which labels the PR has, so they are read through REST first; the one PUT replaces all
    labels, and guessing "none" would drop the labels the bot does not manage."""
    if current is None:
        current = issue_labels(client, repository, number)
    current_lower = {name.lower() for name in current}
    wanted_lower = {spec.name.lower() for spec in wanted}
    managed_lower = {name.lower() for name in managed}
    kept = [name for name in current if name.lower() not in managed_lower or name.lower() in wanted_lower]
    to_add = [spec for spec in wanted if spec.name.lower() not in current_lower]
    removed = [name for name in current if name not in kept]
    if not to_add and not removed:
        return
    existing_lower = {name.lower() for name in repo_labels}
    for spec in to_add:
        if spec.name.lower() not in existing_lower:
            client.rest_write(
                "POST",
                f"/repos/{repository}/labels",
                {"name": spec.name, "color": spec.color, "description": spec.description[:100]},
                tolerate=(422,),  # created meanwhile by a concurrent run: fine
            )
            result.labels_created.append(spec.name)
    desired = kept + [spec.name for spec in to_add]
    client.rest_write("PUT", f"/repos/{repository}/issues/{number}/labels", {"labels": desired})
    result.labels_added = [spec.name for spec in to_add]
    result.labels_removed = removed


def issue_labels(client: GitHubClient, repository: str, number: int) -> list[str]:
    """The labels the PR or issue has now, through REST (a PR or issue has at most 100 labels)."""
    response = client.rest_get(f"/repos/{repository}/issues/{number}/labels", params={"per_page": 100})
    if response.status != 200 or not isinstance(response.json, list):
        raise GitHubError(f"could not read the labels of #{number}: HTTP {response.status}", response.status)
    return [
        str(label.get("name")) for label in response.json if isinstance(label, dict) and label.get("name")
    ]


def react(client: GitHubClient, repository: str, comment_id: int, content: str) -> None:
    client.rest_write(
        "POST", f"/repos/{repository}/issues/comments/{comment_id}/reactions", {"content": content}
    )


def reply(client: GitHubClient, repository: str, number: int, body: str, marker: str, bot_login: str) -> None:
    client.rest_write(
        "POST",
        f"/repos/{repository}/issues/{number}/comments",
        {"body": body},
        already_done=lambda: find_own_comment(client, repository, number, marker, bot_login),
    )


def upsert_reply(
    client: GitHubClient,
    repository: str,
    number: int,
    key: str,
    body: str,
    comments: Sequence[IssueComment],
    bot_login: str,
) -> str:
    """One reply per key per PR: posted once, then edited (left alone when the text is the same),
    so that repeated comments cannot make the bot post again and again."""
    marker = reply_marker(key)
    text = f"{marker}\n{body}"
    mine = own_posts(comments, marker, bot_login)
    if not mine:
        reply(client, repository, number, text, marker, bot_login)
        return "created"
    if mine[0].body.strip() == text.strip():
        return "unchanged"
    client.rest_write("PATCH", f"/repos/{repository}/issues/comments/{mine[0].id}", {"body": text})
    return "updated"


def collaborator_permission(client: GitHubClient, repository: str, login: str) -> str | None:
    """`login`'s permission on `repository` (admin, write, read, …; "none" when not a collaborator),
    for the /recheck decision (bot.trigger.may_recheck)."""
    response = client.rest_get(f"/repos/{repository}/collaborators/{login}/permission")
    if response.status == 404:
        return "none"
    if response.status != 200 or not isinstance(response.json, dict):
        raise GitHubError(
            f"could not look up the permission of {login}: HTTP {response.status}", response.status
        )
    permission = response.json.get("permission")
    return str(permission) if permission else None


def publish_review(
    client: GitHubClient,
    pr: PullRequest,
    result: Review,
    policy: Policy,
    verdict: str,
    body: str,
    bot_login: str,
    commented_before: bool,
) -> PublishResult | None:
    """The review on the PR: the sticky comment first (all or nothing), then the labels for `verdict`.
    A read-only token: None (the step summary is all the run can do)."""
    try:
        if not result.touches_catalog and not commented_before:
            published = PublishResult()
            print("ecosystem-bot: the pull request touches no catalog entry; no comment")
        else:
            published = upsert_comment(client, pr.repository, pr.number, body, pr.comments, bot_login)
            print(f"ecosystem-bot: comment {published.comment_action} (id {published.comment_id})")
        wanted = wanted_labels(result, policy, verdict) if result.touches_catalog else []
        sync_labels(
            client,
            pr.repository,
            pr.number,
            wanted,
            pr.labels,
            managed_labels(policy),
            pr.repo_labels,
            published,
        )
        return published
    except ReadOnlyToken as error:
        print(f"::warning::ecosystem-bot: {error.message}: {READ_ONLY_HELP}")
        return None


CATEGORY_COLOR = "c5def5"


def wanted_labels(result: Review, policy: Policy, verdict: str) -> list[LabelSpec]:
    """The entries' category labels and exactly one status label (for the review's `verdict`)."""
    labels: dict[str, LabelSpec] = {}
    for item in result.entries:
        for value in item.entry.categories:
            category = policy.category(value) or policy.category(value.split(" / ", 1)[0])
            if category:
                description = f"Catalog category: {category.name}"
                labels[category.label.lower()] = LabelSpec(category.label, CATEGORY_COLOR, description)
    status = policy.label_for(verdict)
    if status:
        labels[status.name.lower()] = LabelSpec(status.name, status.color, status.description)
    return list(labels.values())


def managed_labels(policy: Policy) -> list[str]:
    return [label.name for label in policy.labels] + [category.label for category in policy.categories]


def try_react(client: GitHubClient, repository: str, comment_id: int, content: str) -> None:
    """A reaction is a courtesy: one that cannot be added is logged, never the end of the run."""
    try:
        react(client, repository, comment_id, content)
    except GitHubError as error:
        log.warning("ecosystem-bot: could not add the %s reaction: %s", content, error.message)


def try_reply(
    client: GitHubClient,
    repository: str,
    number: int,
    comments: Sequence[IssueComment],
    bot_login: str,
    key: str,
    body: str,
) -> None:
    """`upsert_reply` for the /recheck replies (refusal, cooldown): one that cannot be written is logged."""
    try:
        outcome = upsert_reply(client, repository, number, key, body, comments, bot_login)
        print(f"ecosystem-bot: reply ({key}) {outcome}")
    except GitHubError as error:
        log.warning("ecosystem-bot: could not reply to the /recheck: %s", error.message)


class Conversation(Protocol):
    """Where a /recheck was asked: a pull request or an application issue, with its comments."""

    @property
    def repository(self) -> str: ...

    @property
    def number(self) -> int: ...

    @property
    def comments(self) -> Sequence[IssueComment]: ...


def refuse_recheck(
    client: GitHubClient, where: Conversation, bot_login: str, trigger: Trigger, refusal: str, who_may: str
) -> None:
    """A /recheck that may not run: 😕 on the request, and one reply per person saying why."""
    print(f"ecosystem-bot: /recheck refused: {refusal}")
    if trigger.comment_id is not None:
        try_react(client, where.repository, trigger.comment_id, "confused")
    who = (trigger.requested_by or "someone").lower()
    text = refusal_text(trigger.requested_by, refusal, who_may)
    try_reply(client, where.repository, where.number, where.comments, bot_login, f"refused {who}", text)


def note_cooldown(
    client: GitHubClient,
    where: Conversation,
    bot_login: str,
    last_recheck: str | None,
    next_at: datetime,
    cooldown_seconds: float,
    subject: str,
) -> None:
    """A /recheck within the cooldown: one note (edited, not repeated) says when the next may run."""
    print(f"ecosystem-bot: /recheck within the cooldown; the next is possible from {next_at:%H:%M:%S} UTC")
    text = cooldown_text(last_recheck or "", next_at, cooldown_seconds, subject)
    try_reply(client, where.repository, where.number, where.comments, bot_login, "cooldown", text)
