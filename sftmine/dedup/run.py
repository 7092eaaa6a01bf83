"""Dedup of task files into a directory, through the stage runner (see sftmine.dedup.stage), and the
same stage in memory for a library caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.dedup.contamination import Benchmark
from sftmine.dedup.near import THRESHOLD
from sftmine.dedup.stage import HUMANEVAL, DedupSettings, DedupStage, dedup_files, funnel_file
from sftmine.errors import InputFileError
from sftmine.records import Removal, Task
from sftmine.stages import Drop, Keep, StageResult, run_stage
from sftmine.stages.runner import in_memory
from sftmine.store import read_parquet, read_records


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


def dedup_settings(near_threshold: float = THRESHOLD, decontaminate: bool = True,
                   against: Sequence[Path] = ()) -> DedupSettings:
    """HumanEval unless `decontaminate` is false, and the benchmark task files `against`."""
    return DedupSettings(near_threshold, ((HUMANEVAL,) if decontaminate else ()) + tuple(map(str, against)))


def write_dedup(tasks: list[Task], out: Path, settings: DedupSettings, progress: bool = False,
                benchmarks: Sequence[Benchmark] | None = None) -> StageResult:
    """Dedup `tasks` into OUT (tasks.jsonl, removed.jsonl, funnel.json, stats.json)."""
    runtime = {"progress": progress, **({"benchmarks": list(benchmarks)} if benchmarks is not None else {})}
    return run_stage(DedupStage, settings, tasks, dedup_files(out), runtime, progress=progress)


def dedup_tasks(tasks: Sequence[Task], near_threshold: float = THRESHOLD, decontaminate: bool = True,
                benchmarks: Sequence[Benchmark] | None = None, progress: bool = False) -> DedupResult:
    """The dedup stage in memory: remove duplicates and (unless `decontaminate` is false) tasks
    overlapping the benchmarks, HumanEval by default."""
    if benchmarks is None:
        benchmarks = [Benchmark.humaneval()] if decontaminate else []
    settings = DedupSettings(near_threshold, tuple(b.name for b in benchmarks))
    outcomes = in_memory(DedupStage(settings, {"benchmarks": benchmarks, "progress": progress}), list(tasks))
    return DedupResult([o.record for o in outcomes if isinstance(o, Keep)],
                       [o.record for o in outcomes if isinstance(o, Drop)],
                       funnel_file(outcomes, near_threshold, {b.name: len(b) for b in benchmarks}))
