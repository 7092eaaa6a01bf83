"""Sampling as a stage: each task in, the task with its n samples out.

The samples are the stage's memo, one entry per (task fingerprint, model, sampling params, index): in this
process each is kept the moment it is generated (a killed run loses only those in flight), on a Ray actor
the shard's cached samples travel with it and the new ones come back. A larger n generates only the new
indices. Outcomes are not cached: a rerun loads the model and finds every sample in the memo.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.executors.config import ExecutorConfig
from sftmine.records import Sample, SampledTask, Task, stable_hash
from sftmine.sampling.base import Backend, get_backend
from sftmine.sampling.cache import TABLE as SAMPLE_TABLE
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.config import RunConfig
from sftmine.sampling.sampler import Sampler, SamplingStats
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult
from sftmine.store import write_jsonl

TASKS, SAMPLES, INFO = "tasks.jsonl", "samples.jsonl", "sampling.json"
GPU_BACKENDS = ("vllm", "transformers")
GENERATION_FAILED = "generation failed"


class SampleStage(Stage[Task]):
    """Settings: the run config. Runtime: `progress` (a bar per shard, for a worker in this process)."""

    name = "sample"
    version = "sample/1"
    record = Task
    output = SampledTask
    shard_size = 16  # the tasks a shard hands the sampler in one call, to decode their prompts together
    unit = "task"
    cache_outcomes = False
    memo = SAMPLE_TABLE

    def digest(self) -> str:
        """What decides the samples: not the judge's settings, the executor, or llama.cpp's thread count
        (which the Ray workers set from their CPUs), so that local and Ray runs share one digest."""
        settings = {k: v for k, v in dataclasses.asdict(self.settings).items()
                    if k not in ("repeat", "policy", "executor")}
        settings["options"] = {k: v for k, v in settings["options"].items() if k != "threads"}
        return stable_hash([self.name, self.version, settings])

    def prepare(self) -> None:
        config: RunConfig = self.settings
        self.backend: Backend = get_backend(config.backend, **config.backend_options())
        self.info: dict[str, Any] = {}

    def process(self, shard: list[Task]) -> Iterator[Outcome]:
        config: RunConfig = self.settings
        sampler = Sampler(self.backend, config.params(), SampleCache(self.memo_store), config.seed)
        samples = sampler.sample(shard, config.n, progress=bool(self.runtime.get("progress")))
        self.info = {"backend": self.backend.name, "model": self.backend.model, "params": sampler.record_params,
                     **dataclasses.asdict(sampler.stats)}
        by_task: dict[str, list[Sample]] = defaultdict(list)
        for sample in samples:
            by_task[sample.task_id].append(sample)
        for task in shard:
            sampled = SampledTask(task, by_task[task.task_id])
            failed = sampler.stats.failed_tasks.get(task.task_id)
            yield Drop(sampled, GENERATION_FAILED) if failed else Keep(sampled)

    def shard_info(self) -> dict[str, Any]:
        return self.info

    def gpus(self, declared: float | None) -> float:
        if declared is not None:
            return declared
        return 1.0 if self.settings.backend in GPU_BACKENDS else 0.0

    def close(self) -> None:
        backend = getattr(self, "backend", None)
        if backend is not None:
            backend.close()

    def summary(self, result: StageResult) -> dict[str, Any]:
        config: RunConfig = self.settings
        info = result.info
        first = next((s for o in result.outcomes for s in o.record.samples), None)
        stats = SamplingStats(**{k: info.get(k, v) for k, v in dataclasses.asdict(SamplingStats()).items()})
        return {"backend": info.get("backend", config.backend),
                "model": info.get("model", first.model if first else config.model),
                "params": info.get("params", first.params if first else {}), "n": config.n,
                "tasks": len(result.outcomes), "samples": sum(len(o.record.samples) for o in result.outcomes),
                **stats.to_dict()}

    def write(self, result: StageResult, files: StageFiles) -> None:
        """tasks.jsonl (every task, sampled or not) and samples.jsonl, in task then index order."""
        write_jsonl(files.output.with_name(TASKS), (o.record.task for o in result.outcomes))
        write_jsonl(files.output.with_name(SAMPLES), (s for o in result.outcomes for s in o.record.samples))


def sample_files(run_dir: Path, memo: Path | None = None) -> StageFiles:
    """The sampler's files in a run folder (see sftmine.sampling.run); the memo is the sample cache."""
    return StageFiles(run_dir / SAMPLES, memo=memo or run_dir / "cache" / "samples.sqlite",
                      stats_path=run_dir / INFO)


def worker_config(config: RunConfig, executor: ExecutorConfig) -> RunConfig:
    """The run config a Ray worker uses: llama-cpp threads follow the CPUs it declares."""
    if config.backend == "llama-cpp" and "threads" not in config.options:
        return dataclasses.replace(config, options={**config.options,
                                                    "threads": max(1, int(executor.cpus_per_worker))})
    return config
