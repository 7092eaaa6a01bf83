"""Dedup as a stage: task files in, a directory out.

    DIR/tasks.jsonl     the kept tasks, in input order
    DIR/removed.jsonl   one line per removed task: task_id, source, reason, match, detail
    DIR/funnel.json     seen/kept/dropped by reason, in total and per source; the settings used
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.dedup.contamination import CHANNELS, MIN_SHARED, Benchmark
from sftmine.dedup.engine import Deduplicator, Removal, deduplicate
from sftmine.dedup.exact import MIN_PROGRAM_TOKENS
from sftmine.dedup.near import MIN_WORDS, NUM_PERM, SHINGLE, THRESHOLD
from sftmine.dedup.sources import count_by_source, source_name
from sftmine.errors import InputFileError
from sftmine.records import Task
from sftmine.store import read_parquet, read_records, write_json, write_jsonl

TASKS, REMOVED, FUNNEL = "tasks.jsonl", "removed.jsonl", "funnel.json"


@dataclass
class DedupResult:
    kept: list[Task]
    removed: list[Removal]
    stats: dict[str, Any]  # what funnel.json holds


def load_tasks(paths: Sequence[Path]) -> list[Task]:
    """Tasks from JSONL or Parquet files (`-`: JSONL on standard input), in the order given."""
    tasks: list[Task] = []
    for path in map(Path, paths):
        if str(path) != "-" and not path.is_file():
            raise InputFileError(f"{path}: no such task file")
        tasks += read_parquet(path, Task) if path.suffix == ".parquet" else list(read_records(path, Task))
    return tasks


def dedup_tasks(tasks: Sequence[Task], near_threshold: float = THRESHOLD, decontaminate: bool = True,
                benchmarks: Sequence[Benchmark] | None = None, progress: bool = False) -> DedupResult:
    """Remove duplicates and (unless `decontaminate` is false) tasks overlapping the benchmarks,
    HumanEval by default."""
    if benchmarks is None:
        benchmarks = [Benchmark.humaneval()] if decontaminate else []
    decisions = deduplicate(tasks, Deduplicator(near_threshold, benchmarks), progress)
    stats = {**funnels(tasks, decisions), "settings": settings(near_threshold, benchmarks)}
    return DedupResult([t for t, d in zip(tasks, decisions) if d is None],
                       [d for d in decisions if d is not None], stats)


def write_result(out: Path, result: DedupResult) -> None:
    write_jsonl(out / TASKS, result.kept)
    write_jsonl(out / REMOVED, (r.to_dict() for r in result.removed))
    write_json(out / FUNNEL, result.stats)


def funnels(tasks: Sequence[Task], decisions: Sequence[Removal | None]) -> dict[str, Any]:
    total, by_source = count_by_source((source_name(t), d.reason if d else None) for t, d in zip(tasks, decisions))
    return {"stage": "dedup", **total.to_dict(), "by_source": {k: v.to_dict() for k, v in by_source.items()}}


def settings(near_threshold: float, benchmarks: Sequence[Benchmark]) -> dict[str, Any]:
    return {"near": {"threshold": near_threshold, "shingle": SHINGLE, "num_perm": NUM_PERM, "min_words": MIN_WORDS},
            "exact": {"min_program_tokens": MIN_PROGRAM_TOKENS},
            "decontaminate": {"benchmarks": {b.name: len(b) for b in benchmarks}, "min_shared": MIN_SHARED,
                              "channels": {c.name: {"n": c.n, "threshold": c.threshold} for c in CHANNELS}}}
