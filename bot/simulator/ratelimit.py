"""Primary rate limits: a budget per token and resource (core, graphql) that really decreases."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

WINDOW_S = 3600


@dataclass
class Budget:
    limit: int
    used: int = 0
    reset: int = 0  # epoch seconds

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def headers(self, resource: str) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-resource": resource,
        }

    def as_json(self) -> dict[str, int]:
        return {"limit": self.limit, "used": self.used, "remaining": self.remaining, "reset": self.reset}


class Budgets:
    def __init__(self) -> None:
        self.budgets: dict[tuple[str, str], Budget] = {}
        self.lock = threading.Lock()

    def get(self, key: str, resource: str, limit: int) -> Budget:
        """The budget of `key` (a token, or "anonymous") for `resource`, refilled each hour."""
        now = int(time.time())
        with self.lock:
            budget = self.budgets.get((key, resource))
            if budget is None or now >= budget.reset:
                budget = Budget(limit=limit, reset=now + WINDOW_S)
                self.budgets[(key, resource)] = budget
            return budget

    def spend(self, budget: Budget, points: int) -> None:
        with self.lock:
            budget.used += points
