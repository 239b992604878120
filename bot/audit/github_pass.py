"""GitHub facts for many repositories: aliased GraphQL batches, stopping before the budget runs out.

Each query asks for `batch` repositories (aliases r0…rN, `bot.facts.github.batch_query`) and for
`rateLimit { cost remaining resetAt }`. After the first query the remaining points are known;
a wave of `parallel` queries is sent only while `remaining - wave × cost` stays above `reserve`
(answers of one wave may each report the budget before the others spent theirs, so the lowest
reported value minus the rest of the wave's cost is taken).
When GitHub says the budget is exhausted (RateLimited), the run stops there too. Repositories
not asked are returned as `not_reached`, so the next run can start with them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.facts.github import apply_graphql, batch_query, new_facts, windows
from bot.facts.model import RepoFacts
from bot.github import GitHubClient, GitHubError, GraphQLResponse, RateLimited

Json = dict[str, Any]


@dataclass
class GitHubPass:
    facts: dict[str, RepoFacts] = field(default_factory=dict)  # slug → facts, for the slugs asked
    not_reached: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the pass ended early
    remaining: int | None = None  # GraphQL points left after the last answer


@dataclass
class _Answer:
    chunk: list[str]
    response: GraphQLResponse | None = None
    error: GitHubError | None = None
    facts: dict[str, RepoFacts] = field(default_factory=dict)  # empty when rate limited


Landed = Callable[[dict[str, RepoFacts]], None]


def _ask(client: GitHubClient, chunk: list[str], now: datetime, landed: Landed) -> _Answer:
    """One batch; its facts go to `landed` as soon as it is answered, from this worker thread."""
    variables: Json = windows(now)
    for index, slug in enumerate(chunk):
        variables[f"owner{index}"], variables[f"name{index}"] = slug.split("/", 1)
    try:
        answer = _Answer(chunk, client.graphql(batch_query(len(chunk)), variables))
    except GitHubError as error:
        answer = _Answer(chunk, error=error)
    if isinstance(answer.error, RateLimited):
        return answer
    for index, slug in enumerate(chunk):
        facts = new_facts(slug, now)
        if answer.error is not None:
            facts.error = f"GraphQL: {answer.error.message}"
        elif answer.response is not None:
            apply_graphql(facts, answer.response, f"r{index}", now)
        answer.facts[slug] = facts
    landed(answer.facts)
    return answer


def _rate(response: GraphQLResponse) -> tuple[int | None, int | None, str | None]:
    limit = (response.data or {}).get("rateLimit")
    if not isinstance(limit, dict):
        return None, None, None
    remaining, cost = limit.get("remaining"), limit.get("cost")
    return (
        remaining if isinstance(remaining, int) else None,
        cost if isinstance(cost, int) else None,
        str(limit.get("resetAt") or "") or None,
    )


def fetch_github(
    client: GitHubClient,
    slugs: list[str],
    now: datetime,
    *,
    batch: int = 20,
    parallel: int = 3,
    reserve: int = 50,
    done: Callable[[int], None] = lambda n: None,
    landed: Landed = lambda facts: None,
) -> GitHubPass:
    """Facts for `slugs` (owner/repo, in the order to ask them); `done(n)` after each answered batch.

    `landed(facts)` is called with each batch's facts as soon as it is answered (from the thread that
    asked), so registry lookups can start while later batches are in flight."""
    result = GitHubPass()
    chunks = [slugs[i : i + batch] for i in range(0, len(slugs), batch)]
    cost, reset_at, position = 1, None, 0
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        while position < len(chunks):
            wave = 1 if result.remaining is None and position == 0 else max(1, parallel)
            if result.remaining is not None and result.remaining - wave * cost < reserve:
                wave = max(0, (result.remaining - reserve) // max(cost, 1))
                if wave == 0:
                    result.stopped = (
                        f"GraphQL budget low: {result.remaining} points left, {reserve} kept in reserve"
                        + (f"; it resets at {reset_at}" if reset_at else "")
                    )
                    break
            answers = list(
                pool.map(lambda c: _ask(client, c, now, landed), chunks[position : position + wave])
            )
            lowest: int | None = None
            for answer in answers:
                if isinstance(answer.error, RateLimited):
                    result.stopped = f"rate limited by GitHub: {answer.error.message}"
                    continue
                result.facts.update(answer.facts)
                if answer.response is not None:
                    remaining, seen_cost, reset = _rate(answer.response)
                    if remaining is not None:
                        lowest = remaining if lowest is None else min(lowest, remaining)
                    cost, reset_at = max(cost, seen_cost or 1), reset or reset_at
                done(len(answer.chunk))
            if lowest is not None:
                # Queries in flight together may each report the budget as it was before the others
                # spent theirs: count the rest of the wave as spent too (never over-estimate).
                answered = sum(1 for a in answers if a.response is not None)
                result.remaining = max(0, lowest - cost * (answered - 1))
            position += wave
            if result.stopped:
                break
    result.not_reached = [slug for slug in slugs if slug not in result.facts]
    return result
