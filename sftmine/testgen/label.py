"""Expected outputs for generated inputs: the reference solution run in the sandbox, twice.

An input is kept only when both runs return the same plain value. One on which the reference raises,
runs out of time or memory, returns something that cannot cross the sandbox boundary, or answers
differently the second time is probably outside the function's domain: it is dropped with its reason,
never turned into a test. Inputs run in batches (one sandboxed call per batch); a batch that dies as a
whole (a timeout, a crash) is split in eight until the culprits are alone, so one slow input costs only itself.
Batches get half the task's time limit, so the kept inputs leave the judged program room to spare.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sftmine.judge import canonical_program
from sftmine.records import Status, Style, Task
from sftmine.sandbox.base import Limits
from sftmine.sandbox.execution import Execution
from sftmine.sandbox.pool import Pool
from sftmine.testgen.inputs import Input, generator_take

BATCH = 50
SPLIT = 8


@dataclass
class Labelling:
    labelled: list[tuple[Any, str]] = field(default_factory=list)  # (Input or stdin text, expected)
    dropped: Counter = field(default_factory=Counter)  # reason -> inputs


def label(pool: Pool, task: Task, inputs: list[Any], program: str | None = None,
          deadline: float | None = None) -> Labelling:
    """Label `inputs` (Inputs, or stdin texts for a stdio task) by running `program` (default: the
    task's canonical solution) twice."""
    program = program or canonical_program(task)
    run = run_stdin if task.style is Style.STDIO else run_inputs
    first = run(pool, task, program, inputs, deadline)
    valued = [(inp, r) for inp, r in zip(inputs, first) if r[0] == "value"]
    second = run(pool, task, program, [inp for inp, _ in valued], deadline)
    out = Labelling()
    out.dropped.update(r[1] for r in first if r[0] == "drop")
    for (inp, (_, want)), (kind, got) in zip(valued, second):
        if kind == "drop":
            out.dropped[got] += 1
        elif got != want:
            out.dropped["unstable"] += 1
        else:
            out.labelled.append((inp, want))
    return out


def run_inputs(pool: Pool, task: Task, program: str, inputs: list[Input],
               deadline: float | None = None) -> list[tuple[str, str]]:
    """Per input ("value", literal) or ("drop", reason), in order."""
    results: list[tuple[str, str]] = []
    for start in range(0, len(inputs), BATCH):
        results.extend(_batch(pool, task, program, inputs[start:start + BATCH], deadline))
    return results


def run_stdin(pool: Pool, task: Task, program: str, stdins: list[str],
              deadline: float | None = None) -> list[tuple[str, str]]:
    """Per input ("value", stdout) or ("drop", reason): one sandboxed run each."""
    out = []
    for stdin in stdins:
        if deadline is not None and time.monotonic() > deadline:
            out.append(("drop", "budget"))
            continue
        outcome = pool.execute(Execution(mode="script", code=program, stdin=stdin, limits=_limits(task)))
        if outcome.status is not Status.PASSED:
            out.append(("drop", outcome.status.value))
        elif not outcome.stdout.strip():
            out.append(("drop", "no output"))
        else:
            out.append(("value", outcome.stdout))
    return out


def _batch(pool: Pool, task: Task, program: str, inputs: list[Input],
           deadline: float | None) -> list[tuple[str, str]]:
    if not inputs:
        return []
    if deadline is not None and time.monotonic() > deadline:
        return [("drop", "budget")] * len(inputs)
    take = generator_take(task)
    cases = tuple({**dict(zip(("args", "kwargs"), inp.literals())), **({"take": take} if take else {})}
                  for inp in inputs)
    outcome = pool.execute(Execution(mode="function", code=program, entry_point=task.entry_point,
                                     cases=cases, limits=_limits(task)))
    if any("load_error" in e for e in outcome.events):
        return [("drop", "reference does not load")] * len(inputs)
    events = {e["i"]: e for e in outcome.events if isinstance(e.get("i"), int)}
    finished = any(e.get("done") == outcome.nonce for e in outcome.events)
    if not finished and len(inputs) > 1:  # the batch died as a whole: find the inputs that killed it
        size = -(-len(inputs) // SPLIT)  # split wide, not in halves: slow inputs often come several at once
        return [r for k in range(0, len(inputs), size)
                for r in _batch(pool, task, program, inputs[k:k + size], deadline)]
    return [_result(events.get(i), outcome.status) for i in range(len(inputs))]


def _result(event: dict | None, status: Status) -> tuple[str, str]:
    if event is None:
        return "drop", status.value if status is not Status.PASSED else "no result"
    if "value" in event:
        return "value", event["value"]
    if event.get("memory"):
        return "drop", Status.MEMORY.value
    if "raised" in event:
        return "drop", "raises"
    return "drop", "unencodable"


def _limits(task: Task) -> Limits:
    time_s = float(task.limits.get("time_s", 10.0)) / 2
    return Limits.from_task({**task.limits, "time_s": time_s})
