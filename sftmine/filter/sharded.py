"""Judging on Ray: shards of tasks, each judged by a worker with its own warm sandbox pool.

Each shard runs the same engine as a local run (`filter_samples`: round 0, re-verification, decisions),
so the merged verdicts, kept and dropped files equal a local run's. Shards land in OUT/shards/judge (or
the executor's shard_dir) and a restarted run skips the finished ones.

The driver owns the verdict cache, the run folder's cache/verdicts.sqlite that a local run uses too:
before a shard runs it is sent the cached verdicts of its tasks, so its worker judges only what they lack;
what the worker judged comes back in the shard's output and goes into the cache when the run merges.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path
from typing import Any

from sftmine.executors import ExecutorConfig, ShardStore, WorkerGroup, WorkerSpec, get_executor
from sftmine.executors.shards import Shard, ShardWorker, run_shards, shard_digest, shard_url
from sftmine.filter.engine import filter_samples
from sftmine.filter.policy import check_policy
from sftmine.filter.verdicts import Judging
from sftmine.records import FilteredTask, Sample, Task, Verdict
from sftmine.sandbox.pool import Pool
from sftmine.store import Cache, MemoryCache
from sftmine.store import shard as chunk

SHARD_TASKS = 16
COUNTS = ("executions", "verdict_cache_hits", "sandbox_errors")
Known = dict[str, dict[str, Any]]  # verdict cache key -> verdict


class JudgeWorker(ShardWorker):
    def __init__(self, store_url: str, pool_args: dict[str, Any], pool_size: int) -> None:
        super().__init__(store_url)
        self.pool = Pool(pool_args["backend"], pool_size, unsafe=pool_args.get("unsafe", False))

    def process(self, data: tuple[list[Task], list[Sample], int, str, Known]
                ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        tasks, samples, repeat, policy, known = data
        cache = MemoryCache(known)
        judging = Judging(self.pool, cache, progress=False)
        results, verdicts = filter_samples(judging, tasks, samples, repeat, policy)
        records = ([{"result": r.to_dict()} for r in results] + [{"verdict": v.to_dict()} for v in verdicts]
                   + [{"key": k, "cached": v} for k, v in cache.added.items()])
        return records, {**judging.counts(), "sandbox": self.pool.backend.name}

    def close(self) -> None:
        self.pool.close()


def judge_on(config: ExecutorConfig, run_dir: Path, pool_args: dict[str, Any], repeat: int, policy: str,
             progress: bool = True) -> dict[str, Any]:
    from sftmine.filter.run import VERDICT_CACHE, read_run, write_outputs

    check_policy(policy)
    tasks, samples = read_run(run_dir)
    shards = _shards(tasks, samples, config.shard_size or SHARD_TASKS, repeat, policy, pool_args["backend"])
    store = ShardStore(shard_url(config, run_dir, "judge"))
    cache = Cache(run_dir / VERDICT_CACHE, table="verdicts")

    def prepare(group: WorkerGroup, todo: list[Shard]) -> list[Shard]:
        return [dataclasses.replace(s, data=(*s.data, known)) for s, known in zip(todo, _known(cache, todo))]

    executor = get_executor(config)
    spec = WorkerSpec(JudgeWorker, (store.url, pool_args, config.sandbox_pool(pool_args.get("size"))),
                      cpus=config.cpus_per_worker, memory_mb=config.memory_mb)
    try:
        ran = run_shards(executor, spec, store, shards, "judge", progress, prepare)
        results, verdicts = _merge(store, shards, cache)
    finally:
        executor.close()
        cache.close()
    counts = {k: sum(info.get(k, 0) for info in ran["infos"]) for k in COUNTS}
    sandbox = next((i["sandbox"] for i in ran["infos"] if "sandbox" in i), pool_args["backend"])
    return write_outputs(run_dir, results, verdicts, {
        **counts, "repeat": repeat, "policy": policy, "sandbox": sandbox, "executor": "ray",
        "shards": {"total": len(shards), "run": ran["run"], "skipped": ran["skipped"]}})


def _shards(tasks: list[Task], samples: list[Sample], size: int, repeat: int, policy: str,
            backend: str) -> list[Shard]:
    """Shards of tasks with their samples; the digest names inputs and settings, never the cache."""
    by_task: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_task[s.task_id].append(s)
    shards = []
    for index, part in enumerate(chunk(tasks, size)):
        own = [s for t in part for s in by_task[t.task_id]]
        digest = shard_digest([t.to_dict() for t in part], [s.to_dict() for s in own], repeat, policy, backend)
        shards.append(Shard(index, digest, (part, own, repeat, policy)))
    return shards


def _known(cache: Cache, todo: list[Shard]) -> list[Known]:
    """Each shard's cached verdicts: every entry of its tasks, under the key it is stored by.

    The driver cannot name a shard's keys itself: a key holds the sandbox config as the worker resolves it
    (its backend, its python) and the jobs the engine makes as it goes (re-verification follows round 0,
    agreement labels new cases in the sandbox). A verdict names its task, though, so sending a task's
    entries covers every job; the worker looks them up under its own keys, and an entry made under another
    sandbox config (or for an older version of the task) is simply never found.
    """
    wanted = {t.task_id for s in todo for t in s.data[0]}
    by_task: dict[str, Known] = defaultdict(dict)
    for key, verdict in cache.items():
        if verdict.get("task_id") in wanted:
            by_task[verdict["task_id"]][key] = verdict
    return [{k: v for t in s.data[0] for k, v in by_task[t.task_id].items()} for s in todo]


def _merge(store: ShardStore, shards: list[Shard], cache: Cache) -> tuple[list[FilteredTask], list[Verdict]]:
    """Every shard's results and verdicts, in shard order; what the workers judged goes into the cache."""
    results: list[FilteredTask] = []
    verdicts: list[Verdict] = []
    judged: Known = {}
    for shard in shards:
        for record in store.read(shard.index):
            if "result" in record:
                results.append(FilteredTask.from_dict(record["result"]))
            elif "verdict" in record:
                verdicts.append(Verdict.from_dict(record["verdict"]))
            else:
                judged[record["key"]] = record["cached"]
    present = cache.get_many(list(judged))
    for key, verdict in judged.items():
        if key not in present:
            cache.put(key, verdict)
    return results, verdicts
