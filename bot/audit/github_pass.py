"""GitHub facts for many repositories: aliased GraphQL batches, stopping before the budget runs out.

Each query asks for `batch` repositories (aliases r0…rN, `bot.facts.github.batch_query`) and for
`rateLimit { cost remaining resetAt }`. After the first query the remaining points are known;
then up to `parallel` queries are in flight (GitHub asks for few concurrent requests: 3 by
default), the next one sent as soon as one is answered, and only while the projected budget,
what GitHub last reported minus every query sent since or still in flight, stays above `reserve`.
When GitHub says the budget is exhausted (RateLimited), the run stops there too. Repositories
not asked are returned as `not_reached`, so the next run can start with them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
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


@dataclass
class _Budget:
    """What is known of the GraphQL points: a projection of what will be left once every query sent
    so far is answered, never above what GitHub last reported (a query in flight when an answer
    comes back may or may not be counted in it: it is counted as spent)."""

    reserve: int
    left: int | None = None  # projected points left after every query sent; None before any answer
    reported: int | None = None  # the lowest GitHub reported: exact once nothing is in flight
    cost: int = 1  # the highest cost a query has had
    reset_at: str | None = None

    def allows_one_more(self) -> bool:
        return self.left is None or self.left - self.cost >= self.reserve

    def sent(self) -> None:
        if self.left is not None:
            self.left -= self.cost

    def answered(self, response: GraphQLResponse, still_in_flight: int) -> None:
        remaining, cost, reset = _rate(response)
        self.cost, self.reset_at = max(self.cost, cost or 1), reset or self.reset_at
        if remaining is not None:
            self.reported = remaining if self.reported is None else min(self.reported, remaining)
            projected = remaining - self.cost * still_in_flight
            self.left = projected if self.left is None else min(self.left, projected)

    def low(self) -> str:
        """Said when nothing is in flight: the lowest budget GitHub reported is then what is left."""
        left = max(0, self.reported if self.reported is not None else self.left or 0)
        when = f"; it resets at {self.reset_at}" if self.reset_at else ""
        return f"GraphQL budget low: {left} points left, {self.reserve} kept in reserve{when}"


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

    The first query goes alone (its answer says what a query costs); then up to `parallel` queries
    are in flight at once, the next one sent as soon as one is answered, while the projected budget
    stays above `reserve`. `landed(facts)` is called with each batch's facts as soon as it is
    answered (from the thread that asked), so registry lookups can start while later batches are
    in flight."""
    result = GitHubPass()
    chunks = [slugs[i : i + batch] for i in range(0, len(slugs), batch)]
    budget = _Budget(reserve)
    position, answered = 0, 0
    in_flight: set[Future[_Answer]] = set()
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="graphql") as pool:
        while True:
            width = max(1, parallel) if answered else 1  # the first query alone: its answer gives the cost
            while not result.stopped and position < len(chunks) and len(in_flight) < width:
                if not budget.allows_one_more():
                    if not in_flight:  # nothing in flight can still report a higher budget
                        result.stopped = budget.low()
                    break
                in_flight.add(pool.submit(_ask, client, chunks[position], now, landed))
                budget.sent()
                position += 1
            if not in_flight:
                break
            finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            others = len(in_flight) + len(finished) - 1  # in flight when each of these was answered
            for future in finished:
                answer = future.result()
                answered += 1
                if isinstance(answer.error, RateLimited):
                    result.stopped = f"rate limited by GitHub: {answer.error.message}"
                    continue
                result.facts.update(answer.facts)
                if answer.response is not None:
                    budget.answered(answer.response, others)
                done(len(answer.chunk))
    result.remaining = budget.reported  # every query answered: GitHub's lowest report is exact
    result.not_reached = [slug for slug in slugs if slug not in result.facts]
    return result
