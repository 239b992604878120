"""What ran at the same time, from the simulator's request log."""

from __future__ import annotations

from collections.abc import Sequence

from bot.simulator.server import RequestRecord


def most_at_once(records: Sequence[RequestRecord]) -> int:
    """The most requests the simulator was answering at the same moment (its latency included);
    one that ends as another arrives does not count as at once."""
    events = sorted(
        [(r.received_at, 1) for r in records] + [(r.received_at + r.latency_s, -1) for r in records]
    )
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak
