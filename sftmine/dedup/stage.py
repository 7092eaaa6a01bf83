"""Dedup as a stage: each task is checked against the benchmarks on its own (in the shards, on any
executor), then the ones left are deduplicated as a whole set on the driver (`settle`).

    DIR/tasks.jsonl     the kept tasks, in input order
    DIR/removed.jsonl   one line per removed task: task_id, source, reason, match, detail
    DIR/funnel.json     seen/kept/dropped by reason, in total and per source; the settings used
    DIR/stats.json      the same, with the runner's entries (timing, executor)

Everything but stats.json is a function of the input and the settings: the same input writes the same
bytes. Outcomes are not cached: a task's fate depends on every other task.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.dedup.contamination import CHANNELS, MIN_SHARED, Benchmark
from sftmine.dedup.engine import Deduplicator, contamination, deduplicate
from sftmine.dedup.exact import MIN_PROGRAM_TOKENS
from sftmine.dedup.near import MIN_WORDS, NUM_PERM, SHINGLE, THRESHOLD
from sftmine.dedup.sources import count_by_source, source_name
from sftmine.records import Removal, Task
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult
from sftmine.store import write_json, write_jsonl

TASKS, REMOVED, FUNNEL, STATS = "tasks.jsonl", "removed.jsonl", "funnel.json", "stats.json"
HUMANEVAL = "humaneval"


@dataclass(frozen=True)
class DedupSettings:
    near_threshold: float = THRESHOLD
    benchmarks: tuple[str, ...] = (HUMANEVAL,)  # `humaneval`, or a task file of another benchmark


def dedup_files(out: Path) -> StageFiles:
    return StageFiles(out / TASKS, dropped_path=out / REMOVED, stats_path=out / STATS, lock_path=out / ".lock")


def load_benchmark(name: str) -> Benchmark:
    from sftmine.dedup.run import load_tasks

    return Benchmark.humaneval() if name == HUMANEVAL else Benchmark(Path(name).stem, load_tasks([Path(name)]))


class DedupStage(Stage[Task]):
    """Runtime: `benchmarks` (Benchmark objects, instead of loading the settings' names) and `progress`."""

    name = "dedup"
    version = "dedup/1"
    record = Task
    dropped = Removal
    shard_size = 256
    unit = "task"
    cache_outcomes = False

    def prepare(self) -> None:
        given = self.runtime.get("benchmarks")
        self.benchmarks: list[Benchmark] = list(given) if given is not None else [
            load_benchmark(name) for name in self.settings.benchmarks]

    def process(self, shard: list[Task]) -> Iterator[Outcome]:
        for task in shard:
            removal = contamination(task, self.benchmarks)
            yield Keep(task) if removal is None else Drop(removal, removal.reason)

    def shard_info(self) -> dict[str, Any]:
        return {"benchmarks": {b.name: len(b) for b in self.benchmarks}}

    def settle(self, records: list[Task], outcomes: list[Outcome]) -> list[Outcome]:
        left = [i for i, o in enumerate(outcomes) if isinstance(o, Keep)]
        decisions = deduplicate([records[i] for i in left], Deduplicator(self.settings.near_threshold),
                                bool(self.runtime.get("progress")))
        settled = list(outcomes)
        for i, removal in zip(left, decisions):
            if removal is not None:
                settled[i] = Drop(removal, removal.reason)
        return settled

    def summary(self, result: StageResult) -> dict[str, Any]:
        """What funnel.json holds; a run with nothing to check reports the benchmarks as named."""
        sizes = result.info.get("benchmarks") or {Path(n).stem: None for n in self.settings.benchmarks}
        return funnel_file(result.outcomes, self.settings.near_threshold, sizes)

    def write(self, result: StageResult, files: StageFiles) -> None:
        write_jsonl(files.output, result.records)
        write_jsonl(files.dropped, (o.record for o in result.outcomes if isinstance(o, Drop)))
        write_json(files.output.with_name(FUNNEL), result.summary)


def funnel_file(outcomes: list[Outcome], near_threshold: float, benchmarks: dict[str, int | None]) -> dict[str, Any]:
    pairs = ((source_name(o.record), None) if isinstance(o, Keep) else (o.record.source, o.reason) for o in outcomes)
    total, by_source = count_by_source(pairs)
    return {"stage": "dedup", **total.to_dict(), "by_source": {k: v.to_dict() for k, v in by_source.items()},
            "settings": {
                "near": {"threshold": near_threshold, "shingle": SHINGLE, "num_perm": NUM_PERM, "min_words": MIN_WORDS},
                "exact": {"min_program_tokens": MIN_PROGRAM_TOKENS},
                "decontaminate": {"benchmarks": benchmarks, "min_shared": MIN_SHARED,
                                  "channels": {c.name: {"n": c.n, "threshold": c.threshold} for c in CHANNELS}}}}
