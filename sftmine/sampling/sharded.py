"""Sampling on Ray: shards of tasks, each sampled by a worker that loads the model once.

The driver owns the sample cache: before a shard runs it looks up the shard's cached samples and sends
them along, so a worker generates only what is missing; a finished shard's samples go into the cache when
the run merges. A worker declares its CPUs (llama-cpp threads follow them) and, for the in-process GPU
backends, a GPU.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sftmine.executors import ExecutorConfig, ShardStore, WorkerGroup, WorkerSpec, get_executor
from sftmine.executors.shards import Shard, ShardWorker, run_shards, shard_digest, shard_url
from sftmine.records import Sample, Task, stable_hash
from sftmine.sampling.base import get_backend
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.config import RunConfig
from sftmine.sampling.prompts import get_mode
from sftmine.sampling.sampler import Sampler, SamplingStats, cache_keys
from sftmine.store import MemoryCache, write_json, write_jsonl
from sftmine.store import shard as chunk

SHARD_TASKS = 4
GPU_BACKENDS = ("vllm", "transformers")
STAT_KEYS = ("generated", "cached", "tokens", "seconds")


class SampleWorker(ShardWorker):
    def __init__(self, store_url: str, config: RunConfig) -> None:
        super().__init__(store_url)
        self.config = config
        self.backend = get_backend(config.backend, **config.backend_options())

    def _sampler(self, cache: MemoryCache) -> Sampler:
        return Sampler(self.backend, self.config.params(), cache, self.config.seed)  # type: ignore[arg-type]

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend.name, "model": self.backend.model,
                "params": self._sampler(MemoryCache()).record_params}

    def process(self, data: tuple[list[Task], int, dict[str, dict[str, Any]]]
                ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        tasks, n, known = data
        sampler = self._sampler(MemoryCache({k: Sample.from_dict(v) for k, v in known.items()}))
        samples = sampler.sample(tasks, n, progress=False)
        return [s.to_dict() for s in samples], sampler.stats.to_dict()

    def close(self) -> None:
        self.backend.close()


def worker_config(config: RunConfig, executor: ExecutorConfig) -> tuple[RunConfig, float]:
    """(the run config a worker uses, GPUs it declares): llama-cpp threads follow the declared CPUs."""
    gpus = executor.gpus_per_worker
    if gpus is None:
        gpus = 1.0 if config.backend in GPU_BACKENDS else 0.0
    if config.backend == "llama-cpp" and "threads" not in config.options:
        config = dataclasses.replace(config, options={**config.options,
                                                      "threads": max(1, int(executor.cpus_per_worker))})
    return config, gpus


def sample_on(executor_config: ExecutorConfig, tasks: list[Task], config: RunConfig, run_dir: Path,
              cache_path: Path, progress: bool = True) -> dict[str, Any]:
    from sftmine.sampling.run import INFO, SAMPLES, TASKS

    write_jsonl(run_dir / TASKS, tasks)
    setting = {k: v for k, v in dataclasses.asdict(config).items() if k not in ("repeat", "policy", "options", "executor")}
    parts = chunk(tasks, executor_config.shard_size or SHARD_TASKS)
    shards = [Shard(i, shard_digest([t.to_dict() for t in part], setting), part) for i, part in enumerate(parts)]
    store = ShardStore(shard_url(executor_config, run_dir, "sample"))
    cache = SampleCache(cache_path)
    described: dict[str, Any] = {}
    mode = get_mode(config.mode)

    def prepare(group: WorkerGroup, todo: list[Shard]) -> list[Shard]:
        described.update(group.ask("describe"))
        out = []
        for shard in todo:
            keys = [k for t in shard.data
                    for k in cache_keys(t, config.n, described["model"], described["params"], mode.prompt(t))]
            known = {k: s.to_dict() for k, s in cache.get_many(keys).items()}
            out.append(dataclasses.replace(shard, data=(shard.data, config.n, known)))
        return out

    wconfig, gpus = worker_config(config, executor_config)
    spec = WorkerSpec(SampleWorker, (store.url, wconfig), cpus=executor_config.cpus_per_worker, gpus=gpus,
                      memory_mb=executor_config.memory_mb)
    executor = get_executor(executor_config)
    try:
        ran = run_shards(executor, spec, store, shards, "sample", progress, prepare)
        samples = [Sample.from_dict(r) for s in shards for r in store.read(s.index)]
        _fill_cache(cache, samples, {t.task_id: t for t in tasks}, mode)
    finally:
        executor.close()
        cache.close()
    stats = SamplingStats()
    for info in ran["infos"]:
        for key in STAT_KEYS:
            setattr(stats, key, getattr(stats, key) + info.get(key, 0))
        stats.failed_tasks.update(info.get("failed_tasks", {}))
    first = samples[0] if samples else None
    info = {"backend": described.get("backend", config.backend),
            "model": described.get("model", first.model if first else config.model),
            "params": described.get("params", first.params if first else {}), "n": config.n,
            "tasks": len(tasks), "samples": len(samples), **stats.to_dict(), "executor": "ray",
            "shards": {"total": len(shards), "run": ran["run"], "skipped": ran["skipped"]}}
    write_jsonl(run_dir / SAMPLES, samples)
    write_json(run_dir / INFO, info)
    return info


def _fill_cache(cache: SampleCache, samples: list[Sample], tasks: dict[str, Task], mode: Any) -> None:
    """Put every merged sample the cache lacks, under the key the sampler would look it up by."""
    digests = {tid: stable_hash(mode.prompt(t).to_dict()) for tid, t in tasks.items()}
    keyed = {SampleCache.key(s.fingerprint, s.model, s.params, s.index, digests[s.task_id]): s for s in samples}
    present = cache.get_many(list(keyed))
    for key, sample in keyed.items():
        if key not in present:
            cache.put(key, sample)
