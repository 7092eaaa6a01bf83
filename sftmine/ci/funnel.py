"""The CI funnel: one `Funnel` per stage, from sources tried down to tasks verified."""

from __future__ import annotations

from typing import Any

from sftmine.records import Task
from sftmine.store.funnel import Funnel

STAGES = ("sources_tried", "environments_built", "test_runs_passed", "functions_traced", "calls_recorded",
          "restorable", "tasks_synthesized", "tasks_verified")


class CIFunnel:
    def __init__(self) -> None:
        self.stages = {name: Funnel() for name in STAGES}

    def __getitem__(self, stage: str) -> Funnel:
        return self.stages[stage]

    def add(self, stage: str, kept: int = 0, dropped: dict[str, int] | None = None) -> None:
        """Bulk counts: `kept` items kept and `dropped` items dropped per reason."""
        funnel = self.stages[stage]
        funnel.seen += kept
        funnel.kept += kept
        for reason, n in (dropped or {}).items():
            if n:
                funnel.seen += n
                funnel.dropped[reason] += n

    def count_kinds(self, stage: str, tasks: list[Task]) -> None:
        """How many of a stage's tasks are generators or use values beyond plain literals (`meta.kinds`)."""
        for task in tasks:
            for kind in task.meta.get("kinds", ()):
                self.stages[stage].count(f"{kind} tasks")

    def merge(self, other: CIFunnel) -> CIFunnel:
        for name in STAGES:
            self.stages[name].merge(other.stages[name])
        return self

    def to_dict(self) -> dict[str, Any]:
        return {name: self.stages[name].to_dict() for name in STAGES}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CIFunnel:
        funnel = cls()
        for name in STAGES:
            if name in data:
                funnel.stages[name] = Funnel.from_dict(data[name])
        return funnel

    def summary(self) -> str:
        width = max(len(s) for s in STAGES)
        return "\n".join(f"{name.replace('_', ' '):<{width}}  {self.stages[name].summary()}" for name in STAGES)
