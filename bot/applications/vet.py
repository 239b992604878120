"""`vet --policy pytorch-tac-v1` also prints the Working Group's 19-row table, so a maintainer can
run the review locally before applying. Any policy whose criteria cover the rubric's rows gets it."""

from __future__ import annotations

from datetime import datetime

from bot.applications.activity import recent_activity
from bot.applications.render import plain_cell, render_rows
from bot.applications.rubric import ROWS, RubricContext, build_rubric
from bot.applications.run import add_texts
from bot.applications.torch import torch_releases
from bot.facts.model import RepoFacts
from bot.github import GitHubClient
from bot.policies.model import Policy
from bot.verdicts import EntryVerdict


def speaks_rubric(policy: Policy) -> bool:
    ids = {criterion.id for criterion in policy.criteria}
    return all(row_id in ids for row_id, _ in ROWS)


def rubric_section(
    client: GitHubClient | None,
    policy: Policy,
    facts: RepoFacts,
    verdict: EntryVerdict,
    pypi_url: str,
    now: datetime,
) -> str:
    """The rubric table and the suggested lean as text (markdown table), or "" for other policies."""
    if not speaks_rubric(policy):
        return ""
    activity = None
    if client is not None and facts.available:
        add_texts(client, facts)
        activity = recent_activity(client, facts.repository, now)
    context = RubricContext(
        observed=now.date().isoformat(), activity=activity, torch=torch_releases(pypi_url)
    )
    rubric = build_rubric(verdict, facts, policy, context)
    return (
        f"\nEcosystem Review: {facts.repository} (the Working Group's rubric, {rubric.observed})\n\n"
        f"{render_rows(rubric.rows, plain_cell)}\n\nSuggested lean: {rubric.lean} — {rubric.lean_reason}\n"
        "A human on the Ecosystem Working Group decides.\n"
    )
