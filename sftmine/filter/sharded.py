"""Judging on Ray: shards of tasks, each judged by a worker with its own warm sandbox pool.

Each shard runs the same engine as a local run (`filter_samples`: round 0, re-verification, decisions),
so the merged verdicts, kept and dropped files equal a local run's. Shards land in OUT/shards/judge (or
the executor's shard_dir) and a restarted run skips the finished ones.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sftmine.executors import ExecutorConfig, ShardStore, WorkerSpec, get_executor
from sftmine.executors.shards import Shard, ShardWorker, run_shards, shard_digest, shard_url
from sftmine.filter.engine import filter_samples
from sftmine.filter.policy import check_policy
from sftmine.filter.verdicts import Judging
from sftmine.records import FilteredTask, Sample, Task, Verdict
from sftmine.sandbox.pool import Pool
from sftmine.store import shard as chunk

SHARD_TASKS = 16
COUNTS = ("executions", "verdict_cache_hits", "sandbox_errors")


class JudgeWorker(ShardWorker):
    def __init__(self, store_url: str, pool_args: dict[str, Any], pool_size: int) -> None:
        super().__init__(store_url)
        self.pool = Pool(pool_args["backend"], pool_size, unsafe=pool_args.get("unsafe", False))
        self.tmp = tempfile.mkdtemp(prefix="sftmine-judge-")  # this worker's verdict cache

    def process(self, data: tuple[list[Task], list[Sample], int, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        tasks, samples, repeat, policy = data
        judging = Judging(self.pool, Path(self.tmp) / "verdicts.sqlite", progress=False)
        try:
            results, verdicts = filter_samples(judging, tasks, samples, repeat, policy)
        finally:
            judging.close()
        records = [{"result": r.to_dict()} for r in results] + [{"verdict": v.to_dict()} for v in verdicts]
        return records, {**judging.counts(), "sandbox": self.pool.backend.name}

    def close(self) -> None:
        self.pool.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def judge_on(config: ExecutorConfig, run_dir: Path, pool_args: dict[str, Any], repeat: int, policy: str,
             progress: bool = True) -> dict[str, Any]:
    from sftmine.filter.run import read_run, write_outputs

    check_policy(policy)
    tasks, samples = read_run(run_dir)
    by_task: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_task[s.task_id].append(s)
    shards = []
    for index, part in enumerate(chunk(tasks, config.shard_size or SHARD_TASKS)):
        own = [s for t in part for s in by_task[t.task_id]]
        digest = shard_digest([t.to_dict() for t in part], [s.to_dict() for s in own], repeat, policy,
                              pool_args["backend"])
        shards.append(Shard(index, digest, (part, own, repeat, policy)))
    store = ShardStore(shard_url(config, run_dir, "judge"))
    executor = get_executor(config)
    spec = WorkerSpec(JudgeWorker, (store.url, pool_args, config.sandbox_pool(pool_args.get("size"))),
                      cpus=config.cpus_per_worker, memory_mb=config.memory_mb)
    try:
        ran = run_shards(executor, spec, store, shards, "judge", progress)
    finally:
        executor.close()
    results: list[FilteredTask] = []
    verdicts: list[Verdict] = []
    for shard in shards:
        for record in store.read(shard.index):
            if "result" in record:
                results.append(FilteredTask.from_dict(record["result"]))
            else:
                verdicts.append(Verdict.from_dict(record["verdict"]))
    counts = {k: sum(info.get(k, 0) for info in ran["infos"]) for k in COUNTS}
    sandbox = next((i["sandbox"] for i in ran["infos"] if "sandbox" in i), pool_args["backend"])
    return write_outputs(run_dir, results, verdicts, {
        **counts, "repeat": repeat, "policy": policy, "sandbox": sandbox, "executor": "ray",
        "shards": {"total": len(shards), "run": ran["run"], "skipped": ran["skipped"]}})
