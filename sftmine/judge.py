"""Judge one program against one task's tests in the sandbox; all comparisons happen here, in the parent."""

from __future__ import annotations

import time
from typing import Any

from sftmine.checkers import compare_text, compare_values, same
from sftmine.records import Case, CaseResult, Origin, Status, Style, Task, Verdict
from sftmine.sandbox.base import Limits
from sftmine.sandbox.execution import Execution, Outcome
from sftmine.sandbox.pool import Pool
from sftmine.sandbox.wire import from_literal

# Statuses that describe the run as a whole, not one case's answer.
_RUN_LEVEL = (Status.TIMEOUT, Status.MEMORY, Status.SANDBOX_ERROR)


def uses_structured_tests(task: Task) -> bool:
    """Structured cases when they cover every test; otherwise the task's own check code."""
    if not task.tests:
        return False
    return task.test_code is None or bool(task.meta.get("tests_complete", False))


def extra_cases(task: Task) -> list[Case]:
    """Cases that a task's check code does not contain (generated ones): judged after it, as calls."""
    return [c for c in task.tests if c.origin == Origin.GENERATED.value]


def judge(pool: Pool, task: Task, program: str, sample_key: str = "canonical") -> Verdict:
    """Run `program` (a whole module: prompt plus completion) against `task`."""
    start = time.monotonic()
    cases = originals_first(task.tests)
    origins = [c.origin for c in cases]
    if task.style is Style.STDIO:
        status, results, detail = _judge_stdio(pool, task, cases, program)
    elif uses_structured_tests(task):
        status, results, detail = _judge_function(pool, task, cases, program)
    elif task.test_code:
        status, results, detail = _judge_check(pool, task, program)
        origins, extra = ["check"], extra_cases(task)
        if status is Status.PASSED and extra:
            status, more, detail = _judge_function(pool, task, extra, program)
            results, origins = results + more, origins + [c.origin for c in extra]
    else:
        status, results, detail, origins = Status.FAILED, [], "task has no tests", []
    return Verdict(sample_key=sample_key, task_id=task.task_id, status=status, tests=results,
                   duration_s=round(time.monotonic() - start, 4), backend=pool.backend.name, detail=detail,
                   failed_origin=_failed_origin(status, results, origins))


def originals_first(cases: list[Case]) -> list[Case]:
    """Generated cases after the task's own, so a failure on one of them means the originals all passed."""
    return sorted(cases, key=lambda c: c.origin == Origin.GENERATED.value)


def _failed_origin(status: Status, results: list[CaseResult], origins: list[str]) -> str:
    if status is Status.PASSED:
        return ""
    # A run-level failure (timeout, sandbox error, a module that does not load) has no case results.
    failing = next((i for i, r in enumerate(results) if r.status is not Status.PASSED), None)
    return "" if failing is None else origins[failing]


def canonical_program(task: Task) -> str:
    return task.prompt + (task.canonical_solution or "")


def _limits(task: Task) -> Limits:
    return Limits.from_task(task.limits)


def _judge_function(pool: Pool, task: Task, cases: list[Case], program: str) -> tuple[Status, list[CaseResult], str]:
    calls = tuple(_call(c) for c in cases)
    outcome = pool.execute(Execution(mode="function", code=program, entry_point=task.entry_point,
                                     cases=calls, limits=_limits(task)))
    if outcome.status in _RUN_LEVEL:
        return outcome.status, [], outcome.detail
    load_error = next((e for e in outcome.events if "load_error" in e), None)
    if load_error is not None:
        return Status.RUNTIME_ERROR, [], f"{load_error['load_error'][0]}: {load_error.get('message', '')}"
    by_index, forged = _events_by_case(outcome)
    results = [CaseResult(Status.FAILED, "conflicting results: the program wrote to the result channel")
               if i in forged else _case_result(task, case, by_index.get(i), outcome) for i, case in enumerate(cases)]
    return _overall(results, outcome)


def _call(case: Case) -> dict[str, Any]:
    """What the harness needs of a case: its arguments, a generator's count, a method's receiver and
    whether to report the receiver's attributes after the call."""
    call: dict[str, Any] = {"args": case.args, "kwargs": case.kwargs}
    if case.take is not None:
        call["take"] = case.take
    if case.receiver is not None:
        call["receiver"] = case.receiver
    if case.state is not None:
        call["state"] = True
    return call


def _events_by_case(outcome: Outcome) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """Each case's result event, and the cases with more than one: the harness writes one per case, so a
    second one was written by the program itself."""
    by_index: dict[int, dict[str, Any]] = {}
    forged: set[int] = set()
    for event in outcome.events:
        if isinstance(event.get("i"), int):
            if event["i"] in by_index:
                forged.add(event["i"])
            by_index.setdefault(event["i"], event)
    return by_index, forged


# Checker kinds under which a value passes whenever it reads the same as the expected one, so a result
# written exactly as expected needs no reading (truthy and falsy judge the value, not the text).
_EQUAL_TEXT_PASSES = (None, "exact", "float", "identical")


def _case_result(task: Task, case: Case, event: dict[str, Any] | None, outcome: Outcome) -> CaseResult:
    if event is None:
        if outcome.status is not Status.PASSED:  # it crashed (a signal, a non-zero exit) before this case
            return CaseResult(outcome.status, outcome.detail)
        return CaseResult(Status.FAILED, "no result: the program stopped before this case")
    if event.get("memory"):
        return CaseResult(Status.MEMORY, "MemoryError")
    if "raised" in event:
        names = event["raised"]
        if case.raises and case.raises in names:
            return CaseResult(Status.PASSED)
        return CaseResult(Status.RUNTIME_ERROR, f"{names[0]}: {event.get('message', '')}"[:300])
    if "unbuildable" in event:
        return CaseResult(Status.FAILED, f"arguments could not be rebuilt ({event['unbuildable']})"[:300])
    if "unencodable" in event:
        return CaseResult(Status.FAILED, f"returned a non-plain value ({event['unencodable']})")
    if case.raises:
        return CaseResult(Status.FAILED, f"expected {case.raises} to be raised")
    checker = case.checker or task.checker
    if not (event.get("value") == case.expected and (checker or {}).get("kind") in _EQUAL_TEXT_PASSES):
        try:
            got = from_literal(event["value"])
        except (ValueError, SyntaxError, KeyError, TypeError, MemoryError, RecursionError):
            return CaseResult(Status.FAILED, "unreadable result")
        want = from_literal(case.expected) if case.expected is not None else None
        if not compare_values(checker, got, want):
            return CaseResult(Status.FAILED, f"got {event['value'][:120]}, want {(case.expected or 'None')[:120]}")
    if case.state is not None:
        return _state_result(case.state, event.get("state"))
    return CaseResult(Status.PASSED)


def _state_result(want: str, got: str | None) -> CaseResult:
    """A method's receiver after the call: its attributes compared exactly, by structure."""
    if got is None:
        return CaseResult(Status.FAILED, "no receiver state reported")
    try:
        equal = same(from_literal(got), from_literal(want))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return CaseResult(Status.FAILED, "unreadable receiver state")
    if equal:
        return CaseResult(Status.PASSED)
    return CaseResult(Status.FAILED, f"receiver after the call: got {got[:120]}, want {want[:120]}")


def _overall(results: list[CaseResult], outcome: Outcome) -> tuple[Status, list[CaseResult], str]:
    for r in results:
        if r.status is not Status.PASSED:
            return r.status, results, r.detail
    return Status.PASSED, results, ""


def _judge_check(pool: Pool, task: Task, program: str) -> tuple[Status, list[CaseResult], str]:
    outcome = pool.execute(Execution(mode="check", code=program, entry_point=task.entry_point,
                                     test_code=task.test_code, prelude=_prelude(task.prompt),
                                     limits=_limits(task)))
    if outcome.status in _RUN_LEVEL:
        return outcome.status, [], outcome.detail
    for event in outcome.events:
        if event.get("check") == "ok" and event.get("done") == outcome.nonce:
            return Status.PASSED, [CaseResult(Status.PASSED)], ""
        if event.get("check") == "raised":
            names = event.get("raised", ["Exception"])
            status = Status.FAILED if "AssertionError" in names else Status.RUNTIME_ERROR
            detail = f"{names[0]}: {event.get('message', '')}"[:300]
            return status, [CaseResult(status, detail)], detail
    return Status.FAILED, [CaseResult(Status.FAILED, "check did not finish")], "check did not finish"


def _prelude(prompt: str) -> str:
    """The prompt as code the check can run apart from the candidate (its helpers, imports, constants): a
    prompt that ends in a bare signature gets a body; one that still does not compile is left out."""
    for text in (prompt, prompt.rstrip() + "\n    pass\n"):
        try:
            compile(text, "prompt.py", "exec")
        except (SyntaxError, ValueError):
            continue
        return text
    return ""


def _judge_stdio(pool: Pool, task: Task, cases: list[Case], program: str) -> tuple[Status, list[CaseResult], str]:
    results = []
    for case in cases:
        outcome = pool.execute(Execution(mode="script", code=program, stdin=case.stdin or "",
                                         limits=_limits(task)))
        if outcome.status is not Status.PASSED:
            results.append(CaseResult(outcome.status, outcome.detail))
        elif compare_text(case.checker or task.checker, outcome.stdout, case.stdout or ""):
            results.append(CaseResult(Status.PASSED))
        else:
            results.append(CaseResult(Status.FAILED, f"wrong output: {outcome.stdout[:120]!r}"))
        if results[-1].status is not Status.PASSED:
            break  # like a judge: the first failing case decides
    return _overall(results, Outcome(Status.PASSED))
