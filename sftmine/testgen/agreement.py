"""Labelling without a reference: the answer that distinct programs agree on (rStar-Coder's mutual
verification).

The programs are the distinct samples that pass a task's own tests. Each runs on every input twice
(like a reference, through `label`); an input's output is accepted when at least two distinct programs
give it and they are a clear majority (more than half) of the programs that answered. A program that
disagrees with an accepted output then fails that case when judged: a false positive caught.
"""

from __future__ import annotations

import ast
import dataclasses
import time
from collections import Counter
from typing import Any

from sftmine.records import Origin, Style, Task
from sftmine.sandbox.pool import Pool
from sftmine.testgen.generate import Settings, input_candidates, new_case, with_summary
from sftmine.testgen.label import Labelling, label
from sftmine.testgen.select import select

MIN_AGREE = 2


def majority(answers: list[str | None], min_agree: int = MIN_AGREE) -> str | None:
    """The accepted answer among the programs' (None: that program gave none), or None."""
    votes = Counter(a for a in answers if a is not None)
    if not votes:
        return None
    top, n = votes.most_common(1)[0]
    return top if n >= min_agree and 2 * n > sum(votes.values()) else None


def distinct_programs(programs: list[str]) -> list[str]:
    """One program per distinct code (compared as syntax trees, so formatting and comments do not count)."""
    seen, out = set(), []
    for program in programs:
        try:
            key = ast.dump(ast.parse(program))
        except (SyntaxError, ValueError):
            key = program.strip()
        if key not in seen:
            seen.add(key)
            out.append(program)
    return out


def label_by_agreement(pool: Pool, task: Task, programs: list[str], inputs: list[Any],
                       deadline: float | None = None) -> Labelling:
    """Label `inputs` with the outputs a clear majority of the distinct `programs` agree on."""
    distinct = distinct_programs(programs)
    out = Labelling()
    if len(distinct) < MIN_AGREE:
        out.dropped["fewer than two distinct programs"] = len(inputs)
        return out
    answers: list[dict[str, str]] = []
    for program in distinct:
        run = label(pool, task, inputs, program=program, deadline=deadline)
        answers.append({_key(inp): expected for inp, expected in run.labelled})
    for inp in inputs:
        given = [a.get(_key(inp)) for a in answers]
        raw = {_normal(g): g for g in given if g is not None}
        accepted = majority([None if g is None else _normal(g) for g in given])
        if accepted is None:
            out.dropped["no agreement"] += 1
        else:
            out.labelled.append((inp, raw[accepted]))
    return out


def _key(inp: Any) -> str:
    return inp if isinstance(inp, str) else inp.key()


def _normal(output: str) -> str:
    """Outputs compared as a judge compares lines: trailing spaces and blank lines do not count."""
    lines = [line.rstrip() for line in output.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def is_weak(task: Task) -> bool:
    """Tests the generation stage could not strengthen: no reference to label its inputs."""
    return bool(task.meta.get("tests", {}).get("weak")) and not task.canonical_solution


def agree(pool: Pool, task: Task, programs: list[str], settings: Settings | None = None) -> Task:
    """A weak `task` with generated cases labelled by agreement of its distinct passing `programs`; the
    task unchanged (still weak) when fewer than two distinct programs or no agreed output."""
    settings = settings or Settings()
    distinct = distinct_programs(programs)
    if len(distinct) < MIN_AGREE:
        return task
    inputs = input_candidates(task, settings)
    labelling = label_by_agreement(pool, task, distinct, inputs, deadline=time.monotonic() + settings.budget_s)
    known = [c.stdout if task.style is Style.STDIO else c.expected for c in task.tests]
    chosen = select(labelling.labelled, [k for k in known if k is not None], settings.per_task)
    if not chosen:
        return task
    base = dataclasses.replace(task, tests=[c for c in task.tests if c.origin != Origin.GENERATED.value])
    return with_summary(base, [new_case(task, inp, out) for inp, out in chosen], "agreement",
                        programs=len(distinct), candidates=len(inputs), labelled=len(labelling.labelled),
                        dropped=dict(sorted(labelling.dropped.items())))
