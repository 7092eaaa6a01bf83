"""The one runner: any stage, on this process or on Ray, through the same shards and the same cache.

The runner looks up every input record's outcome in the stage's cache (keyed by the stage's digest and
the record), cuts the rest into shards, and hands them to a group of workers, each holding one prepared
stage: one worker in this process (its stage parallelises inside, over its sandbox pool), or one Ray
actor per worker. Each finished shard's outcomes go into the cache as it comes back, so a killed run
loses only the shards in flight, and a rerun (or a run on a file that shares records) does nothing twice.
The outputs are written once, whole, at the end (see `sftmine.stages.layout`).

A stage's memo (sftmine.stages.base) is the one thing that differs between the executors, and only in
how it travels: the in-process worker opens the memo's file itself; for a Ray actor the driver reads the
file once, sends each shard the entries tagged with its records, and keeps what comes back.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.executors.base import WorkerSpec, get_executor
from sftmine.executors.config import ExecutorConfig
from sftmine.executors.shards import run_on_workers
from sftmine.records import Record
from sftmine.stages.base import Keep, Outcome, Stage, memo_entry_tag, outcome_from_dict, outcome_to_dict
from sftmine.stages.layout import StageFiles
from sftmine.store import Cache, Funnel, MemoryCache, RunLock, shard, write_json


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
    info: dict[str, Any] = field(default_factory=dict)  # the shards' `shard_info`, summed
    summary: dict[str, Any] = field(default_factory=dict)  # the stage's own entries of its stats file
    written: Any = None  # what the stage's `write` returned (a snapshot, a report's files)

    def stats(self) -> dict[str, Any]:
        """What the stats file holds: the runner's entries, then the stage's (which win on a shared name:
        the sampler's `cached` counts samples, not outcomes)."""
        return {"stage": self.stage, "funnel": self.funnel.to_dict(), "processed": self.processed,
                "cached": self.cached, "shards": self.shards, "executor": self.executor,
                "seconds": round(self.seconds, 3), **self.summary}


class StageWorker:
    """A worker of the executors: one prepared stage, run on shards of record dicts.

    `memo_path` is given to a worker in the driver's process, which then keeps memo entries in the file
    as they are made; a Ray actor gets None and the shard's entries with each payload.
    """

    def __init__(self, stage_cls: type[Stage], settings: Any, runtime: dict[str, Any],
                 memo_path: str | None = None) -> None:
        self.stage = stage_cls(settings, runtime)
        self.memo = Cache(memo_path, table=stage_cls.memo) if memo_path and stage_cls.memo else None
        self.stage.prepare()

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        records = [self.stage.record.from_dict(d) for d in payload["records"]]
        sent = MemoryCache(payload.get("memo")) if self.stage.memo and self.memo is None else None
        self.stage.memo_store = self.memo if self.memo is not None else sent
        outcomes = [outcome_to_dict(o) for o in self.stage.process(records)]
        if len(outcomes) != len(records):
            raise RuntimeError(f"stage {self.stage.name}: {len(outcomes)} outcomes for {len(records)} records")
        return {"outcomes": outcomes, "memo": sent.added if sent is not None else {},
                "info": self.stage.shard_info()}

    def close(self) -> None:
        try:
            self.stage.close()
        finally:
            if self.memo is not None:
                self.memo.close()


def run_stage(stage_cls: type[Stage], settings: Any, records: list[Record], files: StageFiles,
              runtime: dict[str, Any] | None = None, executor: ExecutorConfig | None = None,
              progress: bool = True, on_outcome: Callable[[Outcome], None] | None = None) -> StageResult:
    """Run `stage_cls` with `settings` on `records`; writes the stage's files and returns its result."""
    start = time.monotonic()
    config = executor or ExecutorConfig()
    driver = stage_cls(settings, runtime)  # never prepared: it only keys, settles and names
    files.output.parent.mkdir(parents=True, exist_ok=True)
    with RunLock(files.output.parent, files.lock):
        run = _Run(driver, config, files, progress, on_outcome)
        try:
            outcomes = run.outcomes(records, dict(runtime or {}))
        finally:
            run.close()
        result = _result(driver, records, outcomes, files, run, config)
        result.seconds = time.monotonic() - start
        result.summary = driver.summary(result)
        result.written = driver.write(result, files)
        write_json(files.stats, result.stats())
    return result


class _Run:
    """One run's caches and its shards on the executor."""

    def __init__(self, driver: Stage, config: ExecutorConfig, files: StageFiles, progress: bool,
                 on_outcome: Callable[[Outcome], None] | None) -> None:
        self.driver, self.config, self.files = driver, config, files
        self.progress, self.on_outcome = progress, on_outcome
        self.cache = Cache(files.cache, table=_table(driver.name)) if driver.cache_outcomes else None
        self.memo_path = _memo_path(driver, files)
        self.memo = Cache(self.memo_path, table=driver.memo) if driver.memo and config.is_ray else None
        self.processed = self.shards = 0
        self.info: dict[str, Any] = {}

    def outcomes(self, records: list[Record], runtime: dict[str, Any]) -> list[Outcome]:
        stage_cls = type(self.driver)
        keys = [self.driver.key(r) for r in records]
        known = self.cache.get_many(keys) if self.cache is not None else {}
        for i, key in enumerate(keys):
            if key not in known and (done_before := self.driver.finished(records[i])) is not None:
                known[key] = outcome_to_dict(done_before)
        todo = [i for i, k in enumerate(keys) if k not in known]
        parts = shard(todo, self.config.shard_size or stage_cls.shard_size) if todo else []
        self.processed, self.shards = len(todo), len(parts)
        memo_path = None if self.config.is_ray or self.memo_path is None else str(self.memo_path)
        spec = WorkerSpec(StageWorker, (stage_cls, self.driver.settings, runtime, memo_path),
                          cpus=self.config.cpus_per_worker, gpus=self.driver.gpus(self.config.gpus_per_worker),
                          memory_mb=self.config.memory_mb)

        def done(pos: int, result: dict[str, Any]) -> None:
            for i, outcome in zip(parts[pos], result["outcomes"]):
                if self.cache is not None:
                    self.cache.put(keys[i], outcome)
                known[keys[i]] = outcome
                if self.on_outcome:
                    self.on_outcome(outcome_from_dict(outcome, stage_cls))
            if self.memo is not None:
                present = self.memo.get_many(list(result["memo"]))
                for key, entry in result["memo"].items():
                    if key not in present:
                        self.memo.put(key, entry)
            _add_info(self.info, result["info"])

        if parts:
            payloads = self._payloads(records, parts)
            runner = get_executor(self.config)
            try:
                run_on_workers(runner, spec, payloads, self.driver.name, len(records), self.progress,
                               on_result=done, unit=stage_cls.unit, sizes=[len(p) for p in parts])
            finally:
                runner.close()
        return [outcome_from_dict(known[k], stage_cls) for k in keys]

    def _payloads(self, records: list[Record], parts: list[list[int]]) -> list[dict[str, Any]]:
        """Each shard's records and, for a Ray actor, the memo entries tagged with them."""
        by_tag: dict[str, dict[str, Any]] = defaultdict(dict)
        if self.memo is not None:
            for key, entry in self.memo.items():
                tag = memo_entry_tag(entry)
                if tag is not None:
                    by_tag[tag][key] = entry
        payloads = []
        for part in parts:
            payload: dict[str, Any] = {"records": [records[i].to_dict() for i in part]}
            if self.memo is not None:
                tags = {self.driver.memo_tag(records[i]) for i in part}
                payload["memo"] = {k: v for tag in sorted(tags) for k, v in by_tag[tag].items()}
            payloads.append(payload)
        return payloads

    def close(self) -> None:
        for cache in (self.cache, self.memo):
            if cache is not None:
                cache.close()


def _table(name: str) -> str:
    return "stage_" + "".join(c if c.isalnum() else "_" for c in name)


def _memo_path(stage: Stage, files: StageFiles) -> Path | None:
    if not stage.memo:
        return None
    if files.memo is None:
        raise ValueError(f"stage {stage.name}: keeps a memo, so its files must name one")
    return files.memo


def _add_info(total: dict[str, Any], info: dict[str, Any]) -> None:
    for key, value in info.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            total[key] = total.get(key, 0) + value
        elif isinstance(value, dict) and isinstance(total.get(key), dict):
            total[key] = {**total[key], **value}
        else:
            total[key] = value


def in_memory(stage: Stage, records: list[Record]) -> list[Outcome]:
    """A stage's outcomes for `records` in this process, with no files and no cache: for a library caller
    that wants the records themselves (`settle` included, so it gives what a run would)."""
    stage.prepare()
    try:
        return stage.settle(records, list(stage.process(records)))
    finally:
        stage.close()


def tally(outcomes: list[Outcome], funnel: Funnel) -> Funnel:
    """Count `outcomes` into `funnel`: kept, dropped by reason, and their own counts."""
    for outcome in outcomes:
        if isinstance(outcome, Keep):
            funnel.keep()
        else:
            funnel.drop(outcome.reason)
        for name, n in outcome.counts.items():
            funnel.count(name, n)
    return funnel


def _result(stage: Stage, records: list[Record], outcomes: list[Outcome], files: StageFiles, run: _Run,
            config: ExecutorConfig) -> StageResult:
    outcomes = stage.settle(records, outcomes)
    funnel = tally(outcomes, Funnel())
    kept = [o.record for o in outcomes if isinstance(o, Keep)]
    return StageResult(stage.name, kept, funnel, files, run.processed, len(outcomes) - run.processed, run.shards,
                       "ray" if config.is_ray else "local", outcomes=outcomes, info=dict(run.info))
