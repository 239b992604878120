"""The audit's result: one record per entry, and the state the next run reads back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.audit.regressions import Risk

EntryStatus = Literal["ok", "at-risk", "unknown", "not-reached", "no-repository"]
STATE_VERSION = 1


@dataclass
class AuditEntry:
    key: str
    name: str
    file: str
    line: int
    repository: str | None  # owner/repo as the catalog lists it
    url: str | None  # where GitHub has it now (after a rename)
    status: EntryStatus
    verdict: str | None = None  # the review verdict under the policy (GraphQL and registry facts)
    reason: str | None = None  # the verdict's one line, or why the entry could not be checked
    risks: list[Risk] = field(default_factory=list)
    deadline: str | None = None  # YYYY-MM-DD: grace period end for the earliest risk
    recovered: bool = False  # at risk in the previous audit, checked now and fine
    packages: list[str] = field(default_factory=list)  # "registry:name" seen on a registry by an audit

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "file": self.file,
            "line": self.line,
            "repository": self.repository,
            "url": self.url,
            "status": self.status,
            "verdict": self.verdict,
            "reason": self.reason,
            "risks": [r.to_json() for r in self.risks],
            "deadline": self.deadline,
            "recovered": self.recovered,
            "packages": list(self.packages),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AuditEntry:
        return cls(
            key=str(data["key"]),
            name=str(data["name"]),
            file=str(data["file"]),
            line=int(data["line"]),
            repository=data.get("repository"),
            url=data.get("url"),
            status=data["status"],
            verdict=data.get("verdict"),
            reason=data.get("reason"),
            risks=[Risk.from_json(r) for r in data.get("risks") or []],
            deadline=data.get("deadline"),
            recovered=bool(data.get("recovered")),
            packages=[str(p) for p in data.get("packages") or []],
        )


@dataclass
class AuditResult:
    policy: str
    today: str  # YYYY-MM-DD of the run's clock
    grace_days: int
    entries: list[AuditEntry]  # sorted by key
    shard: str | None = None  # "i/n" when one shard of a sharded audit
    stopped: str | None = None  # why the run stopped before reaching every entry
    requests: dict[str, int] = field(default_factory=dict)  # GitHub requests by route
    unreachable: str | None = None  # GitHub answered for none of the repositories asked: why

    @property
    def at_risk(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.risks]

    @property
    def new_regressions(self) -> list[AuditEntry]:
        return [e for e in self.entries if any(r.new for r in e.risks)]

    @property
    def recovered(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.recovered]

    @property
    def not_reached(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.status == "not-reached"]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.status] = counts.get(entry.status, 0) + 1
        return dict(sorted(counts.items()))

    def state(self) -> dict[str, Any]:
        """What the next audit needs: risks with since-dates, and the entries not reached."""
        return {
            "v": STATE_VERSION,
            "kind": "audit",
            "policy": self.policy,
            "at": self.today,
            "risks": {
                e.key: {r.kind: {"since": r.since, "detail": r.detail} for r in e.risks} for e in self.at_risk
            },
            "not_reached": [e.key for e in self.not_reached],
            "packages": {e.key: list(e.packages) for e in self.entries if e.packages},
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "policy": self.policy,
            "today": self.today,
            "grace_days": self.grace_days,
            "shard": self.shard,
            "stopped": self.stopped,
            "counts": self.counts(),
            "at_risk": [e.key for e in self.at_risk],
            "new_regressions": [e.key for e in self.new_regressions],
            "recovered": [e.key for e in self.recovered],
            "not_reached": [e.key for e in self.not_reached],
            "entries": [e.to_json() for e in self.entries],
            "requests": dict(sorted(self.requests.items())),
            "state": self.state(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AuditResult:
        return cls(
            policy=str(data["policy"]),
            today=str(data["today"]),
            grace_days=int(data["grace_days"]),
            entries=[AuditEntry.from_json(e) for e in data.get("entries") or []],
            shard=data.get("shard"),
            stopped=data.get("stopped"),
            requests={str(k): int(v) for k, v in (data.get("requests") or {}).items()},
        )


def previous_state(data: Any) -> dict[str, Any] | None:
    """A state from a previous result's JSON, or a bare state; None when it is neither."""
    if isinstance(data, Mapping) and isinstance(data.get("state"), Mapping):
        data = data["state"]
    if isinstance(data, Mapping) and data.get("v") == STATE_VERSION and data.get("kind") == "audit":
        return dict(data)
    return None
