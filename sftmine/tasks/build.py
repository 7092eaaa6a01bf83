"""One raw problem as one task record, or the reason it cannot be one.

stdio problems: the prompt is the statement under a `solve()` skeleton; samples (and the site's official
tests) become stdin/stdout cases with their origin; the checker comes from the statement; limits from
the problem. Function problems (a starter signature and call tests): the prompt is the starter code with
the statement as docstring, and the tests are calls.
"""

from __future__ import annotations

from typing import Any

from sftmine.records import Case, Origin, RawProblem, Style, Task
from sftmine.tasks.checker import checker_for
from sftmine.tasks.prompt import function_prompt, stdio_prompt
from sftmine.tasks.screen import drop_reason, is_function
from sftmine.tasks.solution import function_solution, stdio_solution

DEFAULT_TIME_S = 2.0
DEFAULT_MEMORY_MB = 256


class Dropped(Exception):
    """The raw problem cannot be a faithful task; `reason` names why (a funnel key)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def build_task(raw: RawProblem, kind: str = "competitive") -> Task:
    """The task for `raw`, or Dropped(reason)."""
    reason = drop_reason(raw)
    if reason:
        raise Dropped(reason)
    if is_function(raw):
        return _function_task(raw, kind)
    return _stdio_task(raw, kind)


def task_id(raw: RawProblem) -> str:
    return f"{raw.site}/{raw.problem_id}"


def _stdio_task(raw: RawProblem, kind: str) -> Task:
    tests, prompt = stdio_cases(raw), stdio_prompt(raw)
    solution = next((s for s in (stdio_solution(prompt, p) for p in raw.solutions) if s is not None), None)
    return Task(task_id=task_id(raw), prompt=prompt, style=Style.STDIO, canonical_solution=solution,
                tests=tests, checker=checker_for(raw), limits=limits(raw), source=source(raw, kind),
                meta=meta(raw, tests))


def _function_task(raw: RawProblem, kind: str) -> Task:
    entry_point = raw.entry_point or ""
    try:
        prompt = function_prompt(raw, entry_point)
    except ValueError:
        raise Dropped("starter_mismatch") from None
    tests = [Case(args=t["args"], kwargs=t.get("kwargs"), expected=t.get("expected"), raises=t.get("raises"),
                  origin=t.get("origin", Origin.SAMPLE.value)) for t in raw.function_tests]
    solution = next((s for s in (function_solution(prompt, p, entry_point) for p in raw.solutions)
                     if s is not None), None)
    return Task(task_id=task_id(raw), prompt=prompt, style=Style.FUNCTION, entry_point=entry_point,
                canonical_solution=solution, tests=tests, checker=checker_for(raw), limits=limits(raw),
                source=source(raw, kind), meta=meta(raw, tests))


def stdio_cases(raw: RawProblem) -> list[Case]:
    """Samples first, then official and generated tests, each case once."""
    cases, seen = [], set()
    for origin, tests in ((Origin.SAMPLE, raw.samples), (Origin.OFFICIAL, raw.official_tests),
                          (Origin.GENERATED, raw.generated_tests)):
        for t in tests:
            key = (t["input"], tuple(t["output"].split()))
            if key not in seen:
                seen.add(key)
                cases.append(Case(stdin=t["input"], stdout=t["output"], origin=origin.value))
    return cases


def limits(raw: RawProblem) -> dict[str, Any]:
    return {"time_s": float(raw.time_limit_s or DEFAULT_TIME_S), "memory_mb": int(raw.memory_mb or DEFAULT_MEMORY_MB)}


def source(raw: RawProblem, kind: str) -> dict[str, Any]:
    return {"kind": kind, "site": raw.site, "url": raw.url, "version": None, "license": raw.license,
            "fetched_at": raw.fetched_at}


def meta(raw: RawProblem, tests: list[Case]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for case in tests:
        counts[case.origin] = counts.get(case.origin, 0) + 1
    return {"title": raw.title, "statement": raw.statement, "input_spec": raw.input_spec,
            "output_spec": raw.output_spec, "constraints": raw.constraints, "tags": raw.tags,
            "difficulty": raw.difficulty, "rating": raw.rating, "contest_id": raw.contest_id,
            "problem_id": raw.problem_id, "flags": raw.flags, "tests_by_origin": counts}
