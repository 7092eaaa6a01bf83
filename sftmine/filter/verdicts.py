"""Judging many programs in the sandbox pool, each distinct one once.

A verdict is cached under (program, the task's verdict inputs, sandbox config, round): identical code
extracted from different samples is judged once, and a rerun judges nothing already judged. Round 0 is the
first judging; rounds 1..R are re-verification, cached apart so a rerun does not re-run them either.
Sandbox errors are never cached and never counted as failures: they get one more try at the end of a
batch, and whatever still fails is reported as `sandbox_error`.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sftmine.judge import judge
from sftmine.records import Status, Task, Verdict, stable_hash
from sftmine.sandbox.pool import Pool
from sftmine.store import Cache, MemoryCache


@dataclass(frozen=True)
class Job:
    task: Task
    program: str
    sample_key: str
    round: int = 0


def sandbox_config(pool: Pool) -> dict[str, Any]:
    """What about the sandbox can change a verdict."""
    spec = pool.spec
    return {"backend": pool.backend.name, "python": pool.python, "memory_mb": spec.memory_mb, "tmp_mb": spec.tmp_mb,
            "network": spec.network}


class Judging:
    def __init__(self, pool: Pool, cache: str | Path | MemoryCache, progress: bool = True) -> None:
        """`cache`: the SQLite file of a run folder, or (on a Ray worker) the driver's entries in memory."""
        self.pool, self.progress = pool, progress
        self.cache = Cache(cache, table="verdicts") if isinstance(cache, (str, Path)) else cache
        self.config = sandbox_config(pool)
        self.executions = self.cache_hits = self.sandbox_errors = 0

    def key(self, job: Job) -> str:
        return stable_hash({"program": job.program, "task": job.task.verdict_inputs(), "sandbox": self.config,
                            "round": job.round, "verdict": 2})  # 2: verdicts name the origin that failed

    def run(self, jobs: list[Job], desc: str = "judge") -> list[Verdict]:
        """One verdict per job, in order, labelled with the job's sample key."""
        keys = [self.key(j) for j in jobs]
        unique = dict(zip(keys, jobs))
        known = {k: Verdict.from_dict(v) for k, v in self.cache.get_many(list(unique)).items()}
        self.cache_hits += len(known)
        todo = [(k, j) for k, j in unique.items() if k not in known]
        known.update(self._execute(todo, desc))
        retry = [(k, unique[k]) for k, v in known.items() if v.status is Status.SANDBOX_ERROR]
        known.update(self._execute(retry, f"{desc} (retry)"))
        self.sandbox_errors += sum(known[k].status is Status.SANDBOX_ERROR for k in set(keys))
        return [dataclasses.replace(known[k], sample_key=j.sample_key) for k, j in zip(keys, jobs)]

    def _execute(self, todo: list[tuple[str, Job]], desc: str) -> dict[str, Verdict]:
        if not todo:
            return {}
        out: dict[str, Verdict] = {}
        start = time.perf_counter()
        with tqdm(total=len(todo), desc=desc, unit="exec", file=sys.stderr,
                  disable=None if self.progress else True) as bar:
            for key, verdict in self.pool.map(self._one, todo):
                out[key] = verdict
                if verdict.status is not Status.SANDBOX_ERROR:
                    self.cache.put(key, verdict.to_dict())
                bar.update()
                bar.set_postfix_str(f"{bar.n / (time.perf_counter() - start):.1f} exec/s", refresh=False)
        self.executions += len(todo)
        return out

    def _one(self, item: tuple[str, Job]) -> tuple[str, Verdict]:
        key, job = item
        return key, judge(self.pool, job.task, job.program, job.sample_key)

    def counts(self) -> dict[str, int]:
        return {"executions": self.executions, "verdict_cache_hits": self.cache_hits,
                "sandbox_errors": self.sandbox_errors}

    def close(self) -> None:
        self.cache.close()
