"""A one-line progress display on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
import threading
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def advance(self, stage: str, n: int) -> None:
        if not self.enabled:
            return
        with self.lock:
            self.counts[stage] = self.counts.get(stage, 0) + n
            parts = "  ".join(f"{name} {count}/{self.total}" for name, count in self.counts.items())
            self.stream.write(f"\raudit: {parts}\x1b[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.counts:
            self.stream.write("\n")
            self.stream.flush()
