"""`--shard i/n`: a stable split of the catalog, and the merge of the shards' results.

An entry belongs to shard `1 + int(sha256(key)[:8], 16) % n`: the same entry always lands in the
same shard, whatever the order of the catalog or the machine. Merging concatenates the shards'
entries (each owns a disjoint part), so the merged result equals the unsharded run's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.audit.model import AuditResult

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    """A shard that is not `i/n` with 1 ≤ i ≤ n, or results that do not merge."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def owns(self, key: str) -> bool:
        return shard_of(key, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(key: str, count: int) -> int:
    return 1 + int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % count


def parse_shard(text: str) -> Shard:
    match = _SHARD.match(text)
    if not match:
        raise ShardError(f"--shard {text!r}: write i/n, e.g. 2/3")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard {text!r}: i must be between 1 and n, and n at least 1")
    return Shard(index, count)


def merge_results(results: Sequence[AuditResult]) -> AuditResult:
    """One result from the shards' results (same policy and day); refuses overlapping shards."""
    if not results:
        raise ShardError("nothing to merge: give the shards' JSON results")
    policies = {r.policy for r in results}
    if len(policies) > 1:
        raise ShardError(f"the shards used different policies: {', '.join(sorted(policies))}")
    seen: dict[str, str] = {}
    entries = []
    for result in results:
        for entry in result.entries:
            if entry.key in seen:
                raise ShardError(
                    f"entry {entry.key} is in two results ({seen[entry.key]} and {result.shard or 'unsharded'})"
                )
            seen[entry.key] = result.shard or "unsharded"
            entries.append(entry)
    requests: dict[str, int] = {}
    for result in results:
        for route, count in result.requests.items():
            requests[route] = requests.get(route, 0) + count
    stopped = "; ".join(f"shard {r.shard}: {r.stopped}" for r in results if r.stopped) or None
    return AuditResult(
        policy=results[0].policy,
        today=max(r.today for r in results),
        grace_days=results[0].grace_days,
        entries=sorted(entries, key=lambda e: e.key),
        shard=None,
        stopped=stopped,
        requests=requests,
    )
