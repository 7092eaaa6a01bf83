"""The one runner: any stage, on this process or on Ray, through the same shards and the same cache.

The runner looks up every input record's outcome in the stage's cache (keyed by the stage's digest and
the record), cuts the rest into shards, and hands them to a group of workers, each holding one prepared
stage: one worker in this process (its stage parallelises inside, over its sandbox pool), or one Ray
actor per worker. Each finished shard's outcomes go into the cache as it comes back, so a killed run
loses only the shards in flight, and a rerun (or a run on a file that shares records) does nothing twice.
The outputs are written once, whole, at the end (see `sftmine.stages.layout`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sftmine.executors.base import WorkerSpec
from sftmine.executors.config import ExecutorConfig
from sftmine.executors.shards import run_on_workers
from sftmine.records import Record
from sftmine.stages.base import Drop, Keep, Outcome, Stage, outcome_from_dict, outcome_to_dict
from sftmine.stages.layout import StageFiles
from sftmine.store import Cache, Funnel, RunLock, shard, write_json, write_jsonl


@dataclass
class StageResult:
    stage: str
    records: list[Record]
    funnel: Funnel
    files: StageFiles
    processed: int = 0  # input records run now
    cached: int = 0  # input records whose outcome came from the cache
    shards: int = 0
    executor: str = "local"
    seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list, repr=False)

    def stats(self) -> dict[str, Any]:
        return {"stage": self.stage, "funnel": self.funnel.to_dict(), "processed": self.processed,
                "cached": self.cached, "shards": self.shards, "executor": self.executor,
                "seconds": round(self.seconds, 3)}


class StageWorker:
    """A worker of the executors: one prepared stage, run on shards of record dicts."""

    def __init__(self, stage_cls: type[Stage], settings: Any, runtime: dict[str, Any]) -> None:
        self.stage = stage_cls(settings, runtime)
        self.stage.prepare()

    def run(self, payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
        records = [self.stage.record.from_dict(d) for d in payload]
        outcomes = [outcome_to_dict(o) for o in self.stage.process(records)]
        if len(outcomes) != len(records):
            raise RuntimeError(f"stage {self.stage.name}: {len(outcomes)} outcomes for {len(records)} records")
        return outcomes

    def close(self) -> None:
        self.stage.close()


def run_stage(stage_cls: type[Stage], settings: Any, records: list[Record], files: StageFiles,
              runtime: dict[str, Any] | None = None, executor: ExecutorConfig | None = None,
              progress: bool = True, on_outcome: Callable[[Outcome], None] | None = None) -> StageResult:
    """Run `stage_cls` with `settings` on `records`; writes the stage's files and returns its result."""
    from sftmine.executors import get_executor

    start = time.monotonic()
    config = executor or ExecutorConfig()
    driver = stage_cls(settings, runtime)  # never prepared: it only keys, merges and names
    files.output.parent.mkdir(parents=True, exist_ok=True)
    with RunLock(files.output.parent, files.lock):
        cache = Cache(files.cache, table="stage_" + "".join(c if c.isalnum() else "_" for c in driver.name))
        try:
            keys = [driver.key(r) for r in records]
            known = cache.get_many(keys)
            todo = [i for i, k in enumerate(keys) if k not in known]
            parts = shard(todo, config.shard_size or stage_cls.shard_size) if todo else []

            def done(part: list[int], outcomes: list[dict[str, Any]]) -> None:
                for i, outcome in zip(part, outcomes):
                    cache.put(keys[i], outcome)
                    known[keys[i]] = outcome
                    if on_outcome:
                        on_outcome(outcome_from_dict(outcome, stage_cls.record))

            spec = WorkerSpec(StageWorker, (stage_cls, settings, dict(runtime or {})), cpus=config.cpus_per_worker,
                              memory_mb=config.memory_mb)
            payloads = [[records[i].to_dict() for i in part] for part in parts]
            if payloads:
                runner = get_executor(config)
                try:
                    run_on_workers(runner, spec, payloads, driver.name, len(payloads), progress,
                                   on_result=lambda pos, result: done(parts[pos], result))
                finally:
                    runner.close()
            outcomes = [outcome_from_dict(known[k], stage_cls.record) for k in keys]
        finally:
            cache.close()
        result = _result(driver, outcomes, files, len(todo), len(parts), config)
        result.seconds = time.monotonic() - start
        write_jsonl(files.output, result.records)
        write_jsonl(files.dropped, [{"reason": o.reason, "record": o.record.to_dict()}
                                    for o in outcomes if isinstance(o, Drop)])
        write_json(files.stats, result.stats())
    return result


def _result(stage: Stage, outcomes: list[Outcome], files: StageFiles, processed: int, shards: int,
            config: ExecutorConfig) -> StageResult:
    funnel = Funnel()
    for outcome in outcomes:
        if isinstance(outcome, Keep):
            funnel.keep()
        else:
            funnel.drop(outcome.reason)
        for name, n in outcome.counts.items():
            funnel.count(name, n)
    kept = stage.merge([o.record for o in outcomes if isinstance(o, Keep)])
    return StageResult(stage.name, kept, funnel, files, processed, len(outcomes) - processed, shards,
                       "ray" if config.is_ray else "local", outcomes=outcomes)
