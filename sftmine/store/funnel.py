"""Funnel counts: every stage says what it saw, kept, and dropped by reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Funnel:
    seen: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)

    def keep(self) -> None:
        self.seen += 1
        self.kept += 1

    def drop(self, reason: str) -> None:
        self.seen += 1
        self.dropped[reason] += 1

    def count(self, name: str, n: int = 1) -> None:
        self.extra[name] += n

    def merge(self, other: Funnel) -> Funnel:
        self.seen += other.seen
        self.kept += other.kept
        self.dropped.update(other.dropped)
        self.extra.update(other.extra)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "kept": self.kept,
            "dropped": dict(sorted(self.dropped.items())),
            **({"counts": dict(sorted(self.extra.items()))} if self.extra else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Funnel:
        return cls(data.get("seen", 0), data.get("kept", 0), Counter(data.get("dropped", {})),
                   Counter(data.get("counts", {})))

    def summary(self) -> str:
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(self.dropped.items(), key=lambda x: -x[1]))
        return f"seen {self.seen}, kept {self.kept}, dropped {self.seen - self.kept}" + (
            f" ({reasons})" if reasons else "")
