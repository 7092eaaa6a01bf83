"""Re-verification: run each task's canonical solution R times in the sandbox; flag unstable tasks."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sftmine.judge import canonical_program, judge
from sftmine.records import Status, Task, Verdict
from sftmine.sandbox.base import Mount, python_mounts
from sftmine.sandbox.pool import Pool

R = TypeVar("R")


@dataclass
class TaskCheck:
    task: Task
    verdicts: list[Verdict]

    @property
    def statuses(self) -> list[Status]:
        return [v.status for v in self.verdicts]

    @property
    def outcome(self) -> str:
        """passed, failed, unstable, or sandbox_error (never counted as a failure)."""
        if Status.SANDBOX_ERROR in self.statuses:
            return "sandbox_error"
        distinct = set(self.statuses)
        if len(distinct) > 1:
            return "unstable"
        return "passed" if distinct == {Status.PASSED} else "failed"

    @property
    def reason(self) -> str:
        bad = next((v for v in self.verdicts if v.status is not Status.PASSED), None)
        return "" if bad is None else f"{bad.status.value}: {bad.detail}"


def verify(pool: Pool, tasks: Iterable[Task], repeat: int = 2,
           on_done: Callable[[TaskCheck], None] | None = None) -> list[TaskCheck]:
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    return map_by_runtime(pool, list(tasks), lambda p, t: _check(p, t, repeat, on_done))


def map_by_runtime(pool: Pool, tasks: list[Task], fn: Callable[[Pool, Task], R]) -> list[R]:
    """`fn(pool, task)` for every task, results in order. Tasks whose `meta.runtime` names an interpreter
    (a traced project's virtualenv) run in a pool of their own, built like `pool` but on that interpreter
    with the named folders mounted read-only."""
    results: list[R | None] = [None] * len(tasks)
    groups: dict[str, list[int]] = {}
    for i, task in enumerate(tasks):
        groups.setdefault(json.dumps(task.meta.get("runtime"), sort_keys=True), []).append(i)
    for key, indices in groups.items():
        runtime = json.loads(key)
        group_pool = pool if runtime is None else runtime_pool(pool, runtime)
        try:
            done = group_pool.map(lambda t, p=group_pool: fn(p, t), [tasks[i] for i in indices])
            for i, result in zip(indices, done):
                results[i] = result
        finally:
            if group_pool is not pool:
                group_pool.close()
    return [r for r in results if r is not None]


def _check(pool: Pool, task: Task, repeat: int, on_done: Callable[[TaskCheck], None] | None) -> TaskCheck:
    program = canonical_program(task)
    check = TaskCheck(task, [judge(pool, task, program, f"canonical#{i}") for i in range(repeat)])
    if on_done:
        on_done(check)
    return check


def runtime_pool(pool: Pool, runtime: dict) -> Pool:
    """A pool like `pool` on `runtime["python"]`, with `runtime["mounts"]` bound read-only."""
    python = str(runtime["python"])
    mounts = python_mounts(python) + [Mount(str(p), str(p)) for p in runtime.get("mounts", [])]
    return Pool(pool.backend, size=pool.size, python=python, mounts=mounts)


def summarize(checks: list[TaskCheck]) -> dict[str, int]:
    counts = Counter(c.outcome for c in checks)
    return {"tasks": len(checks), "passed": counts["passed"], "failed": counts["failed"],
            "unstable": counts["unstable"], "sandbox_error": counts["sandbox_error"]}
