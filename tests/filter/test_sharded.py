"""A Ray judge worker's shard, run in this process: it judges only what the driver's cache lacks."""

from __future__ import annotations

from sftmine.filter.run import VERDICT_CACHE, judge_dir, read_run
from sftmine.filter.sharded import JudgeWorker, _known, _shards
from sftmine.store import Cache
from tests.executors.support import judge_run_dir

POOL = {"backend": "bwrap", "size": 2, "unsafe": False}


def test_a_shard_sent_a_local_runs_verdicts_executes_nothing_and_judges_the_rest_as_locally(tmp_path):
    run = judge_run_dir(tmp_path / "run", tasks=3, per_task=2)
    worker = JudgeWorker(str(tmp_path / "shards"), POOL, 2)
    try:
        local = judge_dir(run, worker.pool, repeat=1, progress=False)  # the worker's sandbox config, here
        cache = Cache(run / VERDICT_CACHE, table="verdicts")
        cache.put("stale", {"task_id": "elsewhere/0", "status": "passed"})
        tasks, samples = read_run(run)
        shards = _shards(tasks, samples, 2, 1, "all", POOL["backend"])
        known = _known(cache, shards)
        assert sum(map(len, known)) == len(cache) - 1 == local["executions"]  # every entry but the stale one
        records, info = worker.process((*shards[0].data, known[0]))
        assert (info["executions"], info["verdict_cache_hits"]) == (0, len(known[0]))
        assert not [r for r in records if "cached" in r]
        records, info = worker.process((*shards[0].data, {}))
    finally:
        worker.close()
    judged = {r["key"]: r["cached"] for r in records if "cached" in r}
    assert info["executions"] == len(judged) == len(known[0])
    assert {k: v["status"] for k, v in judged.items()} == {k: v["status"] for k, v in known[0].items()}
