"""The judge stage's worker as a Ray actor runs it, here: it judges only what the memo sent to it lacks."""

from __future__ import annotations

from sftmine.filter.run import VERDICT_CACHE, judge_dir, read_run
from sftmine.filter.stage import JudgeSettings, JudgeStage
from sftmine.records import JudgedTask, SampledTask
from sftmine.sandbox.pool import Pool
from sftmine.stages.runner import StageWorker
from sftmine.store import Cache
from tests.executors.support import judge_run_dir


def payload(run, memo: dict) -> dict:
    tasks, samples = read_run(run)
    records = [SampledTask(t, [s for s in samples if s.task_id == t.task_id]) for t in tasks[:2]]
    return {"records": [r.to_dict() for r in records], "memo": memo}


def test_a_worker_sent_a_local_runs_verdicts_executes_nothing_and_judges_the_rest_as_locally(tmp_path):
    run = judge_run_dir(tmp_path / "run", tasks=3, per_task=2)
    with Pool("bwrap", 2) as pool:
        local = judge_dir(run, pool, repeat=1, progress=False)
    cache = Cache(run / VERDICT_CACHE, table="verdicts")
    known = {k: v for k, v in cache.items() if v["task_id"] in {"HumanEval/0", "HumanEval/1"}}
    assert 0 < len(known) < len(cache) == local["executions"]
    worker = StageWorker(JudgeStage, JudgeSettings(repeat=1), {"backend": "bwrap", "size": 2})
    try:
        sent = worker.run(payload(run, known))
        assert (sent["info"]["executions"], sent["info"]["verdict_cache_hits"]) == (0, len(known))
        assert sent["memo"] == {}
        fresh = worker.run(payload(run, {}))
    finally:
        worker.close()
    assert fresh["info"]["executions"] == len(fresh["memo"]) == len(known)
    assert {k: v["status"] for k, v in fresh["memo"].items()} == {k: v["status"] for k, v in known.items()}
    results = [JudgedTask.from_dict(o["record"]).result for o in sent["outcomes"]]
    assert [(r.task.task_id, r.kept) for r in results] == [("HumanEval/0", True), ("HumanEval/1", False)]
