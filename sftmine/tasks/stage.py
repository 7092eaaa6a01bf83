"""Building tasks as a stage: each raw problem in, its task out, or the reason it cannot be one.

Building is cheap and pure, so outcomes are not cached; the one whole-set rule, that of two raw problems
with one task id the first wins, is `settle`'s, so it holds across shards too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.records import RawProblem, Task
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult
from sftmine.tasks.build import Dropped, build_task

DUPLICATE_ID = "duplicate_id"


@dataclass(frozen=True)
class BuildSettings:
    kind: str = "competitive"  # the task's source kind: competitive, import


def build_files(out: Path) -> StageFiles:
    """OUT (tasks.jsonl), OUT's funnel (`<name>.funnel.json`) and the dropped problems beside it."""
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.stem
    return StageFiles(out, stats_path=out.with_name(f"{name}.funnel.json"),
                      dropped_path=out.with_name(f"{name}.dropped.jsonl"))


class BuildStage(Stage[RawProblem]):
    """Runtime: `input`, the label of what was read (for the funnel file)."""

    name = "build-tasks"
    version = "build-tasks/1"
    record = RawProblem
    output = Task
    dropped = RawProblem
    shard_size = 256
    unit = "problem"
    cache_outcomes = False

    def process(self, shard: list[RawProblem]) -> Iterator[Outcome]:
        for raw in shard:
            try:
                task = build_task(raw, self.settings.kind)
            except Dropped as exc:
                yield Drop(raw, exc.reason)
                continue
            yield Keep(task, {f"style_{task.style.value}": 1})

    def settle(self, records: list[RawProblem], outcomes: list[Outcome]) -> list[Outcome]:
        seen: set[str] = set()
        settled: list[Outcome] = []
        for raw, outcome in zip(records, outcomes):
            if isinstance(outcome, Keep) and outcome.record.task_id in seen:
                outcome = Drop(raw, DUPLICATE_ID)
            elif isinstance(outcome, Keep):
                seen.add(outcome.record.task_id)
            settled.append(outcome)
        return settled

    def summary(self, result: StageResult) -> dict[str, Any]:
        return {**result.funnel.to_dict(), "kind": self.settings.kind, "input": self.runtime.get("input", "")}
