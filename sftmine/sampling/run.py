"""A sample run directory: the tasks, every sample, and how they were made.

    DIR/tasks.jsonl            the tasks sampled (so `sftmine judge DIR` needs nothing else)
    DIR/samples.jsonl          n samples per task, in task then index order
    DIR/sampling.json          backend, model, full sampling params, n, this run's counts and the funnel
    DIR/cache/samples.sqlite   the sample cache (unless another is named)

Files are written atomically once sampling ends; until then every sample already lives in the cache,
so a killed run loses nothing and the rerun generates only what is missing. Both executors run the
sample stage (sftmine.sampling.stage) through the stage runner: shards of tasks, each sampled by a
worker that loads the model once, in this process or on Ray actors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sftmine.executors.config import ExecutorConfig
from sftmine.records import Task
from sftmine.sampling.config import RunConfig
from sftmine.sampling.stage import INFO, SAMPLES, TASKS, SampleStage, sample_files, worker_config
from sftmine.stages import run_stage

__all__ = ["INFO", "SAMPLES", "TASKS", "default_cache", "sample_dir", "sample_settings"]


def default_cache(run_dir: Path) -> Path:
    return sample_files(run_dir).memo  # type: ignore[return-value]


def sample_settings(config: RunConfig, executor: ExecutorConfig | None = None) -> RunConfig:
    """The sample stage's settings on `executor`: on Ray, the workers' (see `worker_config`)."""
    return worker_config(config, executor) if executor is not None and executor.is_ray else config


def sample_dir(tasks: list[Task], config: RunConfig, run_dir: Path, cache: Path | None = None,
               progress: bool = True, executor: ExecutorConfig | None = None) -> dict[str, Any]:
    """Sample `config.n` completions per task into `run_dir`; returns what sampling.json holds."""
    ray = executor is not None and executor.is_ray
    result = run_stage(SampleStage, sample_settings(config, executor), tasks, sample_files(run_dir, cache), {"progress": progress and not ray},
                       executor, progress)
    return result.stats()
