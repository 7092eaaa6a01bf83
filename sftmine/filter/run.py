"""Judging a sample run directory (see sftmine.sampling.run) and writing the filter's outputs:

    DIR/verdicts.jsonl          one verdict per sample (first judging)
    DIR/kept.jsonl              FilteredTask records of kept tasks, passing samples chosen by the policy
    DIR/dropped.jsonl           FilteredTask records of dropped tasks, each with its drop reason
    DIR/stats.json              tasks, kept, dropped by reason, mean pass@k, execution counts, the funnel
    DIR/cache/verdicts.sqlite   the verdict cache (a local and a Ray run fill and reuse the same one)

Both executors run the judge stage (sftmine.filter.stage) through the stage runner: shards of tasks,
each judged by a worker with a warm sandbox pool, in this process or on Ray actors.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sftmine.errors import InputFileError
from sftmine.executors.config import ExecutorConfig
from sftmine.filter.stage import VERDICT_CACHE, JudgeSettings, JudgeStage, judge_files
from sftmine.records import Sample, SampledTask, Task
from sftmine.sampling.run import SAMPLES, TASKS
from sftmine.sandbox.pool import Pool
from sftmine.stages import run_stage
from sftmine.store import read_records

__all__ = ["VERDICT_CACHE", "judge_dir", "judge_run", "read_run"]


def judge_dir(run_dir: Path, pool: Pool, repeat: int = 3, policy: str = "all",
              progress: bool = True) -> dict[str, Any]:
    """Judge and filter the run in `run_dir` on a warm pool of this process; returns what stats.json holds."""
    return _judge(run_dir, {"pool": pool}, JudgeSettings(repeat, policy), None, progress)


def judge_run(run_dir: Path, pool_args: dict[str, Any], repeat: int = 3, policy: str = "all",
              executor: ExecutorConfig | None = None, progress: bool = True) -> dict[str, Any]:
    """Judge on the chosen executor: local (one warm pool here) or ray (shards of tasks on a cluster).

    A Ray worker's sandbox pool is --workers if given, else twice the CPUs it declares."""
    runtime = dict(pool_args)
    if executor is not None and executor.is_ray:
        runtime["size"] = executor.sandbox_pool(pool_args.get("size"))
    return _judge(run_dir, runtime, JudgeSettings(repeat, policy), executor, progress)


def _judge(run_dir: Path, runtime: dict[str, Any], settings: JudgeSettings, executor: ExecutorConfig | None,
           progress: bool) -> dict[str, Any]:
    settings.validate()
    tasks, samples = read_run(run_dir)
    by_task: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_task[s.task_id].append(s)
    records = [SampledTask(t, by_task[t.task_id]) for t in tasks]
    return run_stage(JudgeStage, settings, records, judge_files(run_dir), runtime, executor, progress).stats()


def read_run(run_dir: Path) -> tuple[list[Task], list[Sample]]:
    for name in (TASKS, SAMPLES):
        if not (run_dir / name).is_file():
            raise InputFileError(f"{run_dir / name}: missing; run `sftmine sample TASKS --out {run_dir}` first")
    return list(read_records(run_dir / TASKS, Task)), list(read_records(run_dir / SAMPLES, Sample))
