"""Re-verification: run each task's canonical solution R times in the sandbox; flag unstable tasks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sftmine.judge import canonical_program, judge
from sftmine.records import Status, Task, Verdict
from sftmine.sandbox.pool import Pool


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

    def one(task: Task) -> TaskCheck:
        program = canonical_program(task)
        check = TaskCheck(task, [judge(pool, task, program, f"canonical#{i}") for i in range(repeat)])
        if on_done:
            on_done(check)
        return check

    return list(pool.map(one, list(tasks)))


def summarize(checks: list[TaskCheck]) -> dict[str, int]:
    counts = Counter(c.outcome for c in checks)
    return {"tasks": len(checks), "passed": counts["passed"], "failed": counts["failed"],
            "unstable": counts["unstable"], "sandbox_error": counts["sandbox_error"]}
