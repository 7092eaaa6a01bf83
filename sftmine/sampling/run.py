"""A sample run directory: the tasks, every sample, and how they were made.

    DIR/tasks.jsonl            the tasks sampled (so `sftmine judge DIR` needs nothing else)
    DIR/samples.jsonl          n samples per task, in task then index order
    DIR/sampling.json          backend, model, full sampling params, n, and this run's counts
    DIR/cache/samples.sqlite   the sample cache (unless another is named)

Files are written atomically once sampling ends; until then every sample already lives in the cache,
so a killed run loses nothing and the rerun generates only what is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sftmine.executors.config import ExecutorConfig
from sftmine.records import Task
from sftmine.sampling.base import get_backend
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.config import RunConfig
from sftmine.sampling.sampler import Sampler
from sftmine.store import write_json, write_jsonl

TASKS, SAMPLES, INFO = "tasks.jsonl", "samples.jsonl", "sampling.json"


def default_cache(run_dir: Path) -> Path:
    return run_dir / "cache" / "samples.sqlite"


def sample_dir(tasks: list[Task], config: RunConfig, run_dir: Path, cache: Path | None = None,
               progress: bool = True, executor: ExecutorConfig | None = None) -> dict[str, Any]:
    """Sample `config.n` completions per task into `run_dir`; returns what sampling.json holds.

    `executor` ray: shards of tasks on a Ray cluster (see sampling.sharded); local: this process.
    """
    if executor is not None and executor.is_ray:
        from sftmine.sampling.sharded import sample_on

        return sample_on(executor, tasks, config, run_dir, cache or default_cache(run_dir), progress)
    write_jsonl(run_dir / TASKS, tasks)
    sample_cache = SampleCache(cache or default_cache(run_dir))
    try:
        with get_backend(config.backend, **config.backend_options()) as backend:
            sampler = Sampler(backend, config.params(), sample_cache, config.seed)
            samples = sampler.sample(tasks, config.n, progress)
            info = {"backend": backend.name, "model": backend.model, "params": sampler.record_params,
                    "n": config.n, "tasks": len(tasks), "samples": len(samples), **sampler.stats.to_dict()}
    finally:
        sample_cache.close()
    write_jsonl(run_dir / SAMPLES, samples)
    write_json(run_dir / INFO, info)
    return info
