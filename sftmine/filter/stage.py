"""Judging as a stage: each task with its samples in, its filter result and first-round verdicts out.

A shard of tasks goes through the filter engine whole (round 0, agreement, re-verification, decisions), so
its outcomes equal those of one pass over every task. The verdicts are the stage's memo: a verdict is kept
under (program, the task's verdict inputs, sandbox config, round), which is finer than a task, so a run
with more samples, another policy or fewer rounds executes only what it has not judged before; outcomes
themselves are not cached, and a rerun redoes only the bookkeeping.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.filter.engine import filter_samples
from sftmine.filter.policy import check_policy
from sftmine.filter.stats import failures_by_origin, summarize
from sftmine.filter.verdicts import Judging
from sftmine.records import JudgedTask, SampledTask, Verdict, stable_hash
from sftmine.sampling.run import INFO
from sftmine.sandbox.pool import Pool
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult
from sftmine.store import write_jsonl

COUNTS = ("executions", "verdict_cache_hits", "sandbox_errors")
KEPT, DROPPED, VERDICTS, STATS = "kept.jsonl", "dropped.jsonl", "verdicts.jsonl", "stats.json"
VERDICT_CACHE = Path("cache", "verdicts.sqlite")


def judge_files(run_dir: Path) -> StageFiles:
    """The judge's files in a sample run's folder (see sftmine.filter.run)."""
    return StageFiles(run_dir / KEPT, memo=run_dir / VERDICT_CACHE, dropped_path=run_dir / DROPPED,
                      stats_path=run_dir / STATS)


@dataclass(frozen=True)
class JudgeSettings:
    repeat: int = 3
    policy: str = "all"

    def validate(self) -> None:
        check_policy(self.policy)


class JudgeStage(Stage[SampledTask]):
    """Runtime: `backend`, `size` and `unsafe` of the sandbox pool, or (in this process) a warm `pool`."""

    name = "judge"
    version = "judge/1"
    record = SampledTask
    output = JudgedTask
    shard_size = 16
    unit = "task"
    cache_outcomes = False
    memo = "verdicts"

    def digest(self) -> str:
        """The settings and the sandbox: verdicts are kept per sandbox, so another one judges again."""
        return stable_hash([super().digest(), self._sandbox_name()])

    def prepare(self) -> None:
        given = self.runtime.get("pool")
        self.own_pool = given is None
        self.pool: Pool = given or Pool(self.runtime.get("backend", "auto"), self.runtime.get("size"),
                                        unsafe=bool(self.runtime.get("unsafe")))
        self.info: dict[str, Any] = {}

    def process(self, shard: list[SampledTask]) -> Iterator[Outcome]:
        judging = Judging(self.pool, self.memo_store, progress=False)
        results, verdicts = filter_samples(judging, [r.task for r in shard], [s for r in shard for s in r.samples],
                                           self.settings.repeat, self.settings.policy)
        self.info = {**judging.counts(), "sandbox": self.pool.backend.name}
        by_task: dict[str, list[Verdict]] = defaultdict(list)
        for verdict in verdicts:
            by_task[verdict.task_id].append(verdict)
        for result in results:
            judged = JudgedTask(result, by_task[result.task.task_id])
            yield Keep(judged) if result.kept else Drop(judged, result.drop_reason or "unknown")

    def memo_tag(self, record: SampledTask) -> str:
        return record.task.task_id

    def shard_info(self) -> dict[str, Any]:
        return self.info

    def close(self) -> None:
        if getattr(self, "own_pool", False):
            self.pool.close()

    def summary(self, result: StageResult) -> dict[str, Any]:
        judged = [o.record for o in result.outcomes]
        counts = {k: result.info.get(k, 0) for k in COUNTS}
        sandbox = result.info.get("sandbox") or self._sandbox_name()
        return {**summarize([j.result for j in judged]), **failures_by_origin([v for j in judged for v in j.verdicts]),
                **counts, "repeat": self.settings.repeat, "policy": self.settings.policy, "sandbox": sandbox,
                **_sampling_info(result.files)}

    def write(self, result: StageResult, files: StageFiles) -> None:
        """kept.jsonl and dropped.jsonl hold filter results, verdicts.jsonl every first-round verdict.

        Every file but stats.json is a function of the inputs alone (wall times are left out of the
        verdicts), so two runs of the same samples, local or on Ray, write the same bytes."""
        judged = [o.record for o in result.outcomes]
        write_jsonl(files.output, (j.result for j in judged if j.result.kept))
        write_jsonl(files.dropped, (j.result for j in judged if not j.result.kept))
        write_jsonl(files.output.with_name(VERDICTS),
                    ({k: x for k, x in v.to_dict().items() if k != "duration_s"} for j in judged for v in j.verdicts))

    def _sandbox_name(self) -> str:
        pool = self.runtime.get("pool")
        return pool.backend.name if pool is not None else str(self.runtime.get("backend", "auto"))


def _sampling_info(files: StageFiles) -> dict[str, Any]:
    path = files.output.with_name(INFO)
    if not path.is_file():
        return {}
    info = json.loads(path.read_text(encoding="utf-8"))
    return {k: info[k] for k in ("backend", "model", "params", "n") if k in info}
