"""`sftmine tests generate`: every task of a file through the tests stage, cached, written atomically.

The stage runner (sftmine.stages) keeps each finished shard of tasks in a SQLite cache beside the output
(or where the caller says), so a killed run loses at most the shards in flight, and a rerun (or a run on
a file that shares tasks) labels nothing it has labelled before. The output file is written once at the
end, whole, in input order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.executors.config import ExecutorConfig
from sftmine.records import Task
from sftmine.stages import StageFiles, run_stage
from sftmine.store.jsonl import read_records
from sftmine.testgen.generate import Settings
from sftmine.testgen.stage import TestsStage


def generate_file(tasks_path: Path, out: Path, settings: Settings, pool_args: dict[str, Any],
                  cache_path: Path | None = None, on_done: Callable[[Task], None] | None = None,
                  executor: ExecutorConfig | None = None, progress: bool = False) -> dict[str, Any]:
    """Generate tests for every task in `tasks_path` into `out`; sandboxes start only if something is new."""
    tasks = list(read_records(tasks_path, Task))
    result = run_stage(TestsStage, settings, tasks, StageFiles(out, cache_path), pool_args, executor, progress,
                       on_outcome=(lambda o: on_done(o.record)) if on_done else None)
    return {**result.summary, "labelled_now": result.processed, "from_cache": result.cached,
            "seconds": round(result.seconds, 2)}
