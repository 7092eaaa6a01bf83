"""One task in, the same task plus generated cases out, with a `meta.tests` summary.

Nothing already in the task changes except that cases are appended and `meta.tests` is set; the
fingerprint, which covers the tests, is recomputed (a new task version). The summary counts cases per
origin, says how generated outputs were labelled (`reference`, or null), and marks the task `weak` when
nothing can label generated inputs (no reference solution).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sftmine.errors import ConfigError
from sftmine.judge import canonical_program, judge
from sftmine.records import Case, Origin, Style, Task
from sftmine.sandbox.pool import Pool
from sftmine.sandbox.wire import from_literal
from sftmine.testgen.inputs import candidates, generator_take, seeds, task_rng
from sftmine.testgen.label import Labelling, label
from sftmine.testgen.select import select
from sftmine.testgen.stdio import stdin_candidates

STDIO_CANDIDATES = 60
FLOAT_CHECKER = {"kind": "float", "abs": 1e-6, "rel": 1e-6}


@dataclass(frozen=True)
class Settings:
    """Everything that decides what is generated; its hash keys the cache."""

    per_task: int = 30
    candidates: int = 200  # mutated inputs labelled per task, before selection
    budget_s: float = 120.0  # labelling time per task; past it, the remaining inputs are not labelled
    salt: str = ""  # a different salt draws a different, equally deterministic set
    mutants: int = 0  # mutants of the reference judged per task for `meta.tests.mutation`; 0: none

    def __post_init__(self) -> None:
        for key in ("per_task", "candidates", "mutants"):
            if getattr(self, key) < 0:
                raise ConfigError(f"{key}: must be 0 or more, got {getattr(self, key)}")
        if self.budget_s <= 0:
            raise ConfigError(f"budget_s: must be more than 0, got {self.budget_s}")


def already_generated(task: Task) -> bool:
    """A task this stage has seen (imports may ship generated cases of their own: those do not count)."""
    return "tests" in task.meta


def generate_task(pool: Pool, task: Task, settings: Settings) -> Task:
    """`task` with up to `settings.per_task` generated cases; a task done before comes back unchanged."""
    if already_generated(task):
        return task
    if not task.canonical_solution:
        return with_summary(task, [], None, note="no reference solution to label generated inputs")
    if any(c.receiver is not None for c in task.tests):
        return with_summary(task, [], None, note="a method's inputs include its receiver, which is not mutated yet")
    start = time.monotonic()
    found = input_candidates(task, settings)
    if not found:
        return with_summary(task, [], "reference", note="no inputs to mutate")
    labelling = label(pool, task, found, deadline=start + settings.budget_s)
    known = [c.stdout if task.style is Style.STDIO else c.expected for c in task.tests]
    chosen = select(labelling.labelled, [k for k in known if k is not None], settings.per_task)
    cases = [new_case(task, inp, expected) for inp, expected in chosen]
    return _checked(pool, task, cases, labelling, len(found))


def input_candidates(task: Task, settings: Settings) -> list[Any]:
    """Mutated inputs for `task`: Inputs for a function task, stdin texts for a stdio task."""
    rng = task_rng(task.task_id, settings.salt)
    if task.style is Style.STDIO:  # one sandboxed run per input (no batching): fewer of them
        return stdin_candidates(task, rng, min(settings.candidates, STDIO_CANDIDATES))
    return candidates(seeds(task), rng, settings.candidates)


def new_case(task: Task, inp: Any, expected: str) -> Case:
    if task.style is Style.STDIO:
        return Case(stdin=inp, stdout=expected, origin=Origin.GENERATED.value)
    return generated_case(inp.literals(), expected, task)


def _checked(pool: Pool, task: Task, cases: list[Case], labelling: Labelling, tried: int) -> Task:
    """The reference must pass the task with its new cases, or the cases are not added."""
    extra = {"candidates": tried, "labelled": len(labelling.labelled), "dropped": dict(sorted(labelling.dropped.items()))}
    new = with_summary(task, cases, "reference", **extra)
    if not cases:
        return new
    verdict = judge(pool, new, canonical_program(new), "canonical")
    if verdict.passed:
        return new
    return with_summary(task, [], "reference", note=f"reference failed its generated tests: {verdict.detail}"[:300],
                        **extra)


def generated_case(literals: tuple[str, str | None], expected: str, task: Task) -> Case:
    return Case(args=literals[0], kwargs=literals[1], expected=expected, origin=Origin.GENERATED.value,
                checker=_checker(expected, task), take=generator_take(task))


def _checker(expected: str, task: Task) -> dict[str, Any] | None:
    """The seeds' float tolerance when they have one; a default tolerance for float answers; else the task's."""
    seed_float = next((c.checker for c in task.tests if (c.checker or {}).get("kind") == "float"), None)
    if seed_float is not None:
        return seed_float
    if task.checker.get("kind") != "float" and _has_float(from_literal(expected)):
        return dict(FLOAT_CHECKER)
    return None


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_float(v) for v in value)
    return False


def with_summary(task: Task, cases: list[Case], labelled_by: str | None, **extra: Any) -> Task:
    tests = list(task.tests) + cases
    summary = {"by_origin": dict(sorted(Counter(c.origin for c in tests).items())),
               "generated": len(cases), "labelled_by": labelled_by, "weak": labelled_by is None, **extra}
    return dataclasses.replace(task, tests=tests, meta={**task.meta, "tests": summary}, fingerprint=None)
