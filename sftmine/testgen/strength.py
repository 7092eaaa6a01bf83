"""Mutation analysis of one task: how many mutants of its reference do its tests kill?

Each mutant is judged in the sandbox like any sample: (a) against the task's original tests, (b) against
its generated cases. A mutant that neither kills is run on a probe: a second, independent set of mutated
inputs (another salt, not selected, labelled by the reference like generated tests). A mutant that also
agrees with the reference on every probe input has equalled the original on every input tried and is
dropped as probably equivalent; one that differs on the probe is a real survivor (killable, and missed).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from sftmine.judge import canonical_program, judge
from sftmine.records import Case, Origin, Status, Task
from sftmine.sandbox.pool import Pool
from sftmine.testgen.generate import Settings, input_candidates, new_case
from sftmine.testgen.label import label
from sftmine.testgen.mutants import Mutant, mutants

PROBE_INPUTS = 200


@dataclass
class MutantResult:
    operator: str
    line: int
    before: str
    after: str
    killed_original: bool = False
    killed_generated: bool = False
    equal_on_probe: bool = False
    error: str = ""  # a sandbox error: the mutant is not counted

    @property
    def counted(self) -> bool:
        return not self.error and not self.equal_on_probe


@dataclass
class TaskStrength:
    task_id: str
    source: str
    reference_passes: bool
    reference_detail: str = ""
    mutants: list[MutantResult] = field(default_factory=list)
    probe_cases: int = 0
    seconds: float = 0.0


def source_of(task: Task) -> str:
    return str(task.source.get("site") or task.source.get("kind") or "unknown")


def analyse(pool: Pool, original: Task, generated: Task, limit: int) -> TaskStrength:
    """Mutation analysis of `original` (whose reference must exist) and its generated version."""
    start = time.monotonic()
    ref_orig = judge(pool, original, canonical_program(original))
    ref_gen = judge(pool, generated, canonical_program(generated))
    result = TaskStrength(original.task_id, source_of(original), ref_orig.passed and ref_gen.passed,
                          ref_orig.detail or ref_gen.detail)
    gen_only = _only(generated, [c for c in generated.tests if c.origin == Origin.GENERATED.value])
    probe = _only(original, probe_cases(pool, original))
    result.probe_cases = len(probe.tests)
    for mutant in mutants(original.prompt, original.canonical_solution or "", limit, original.task_id):
        result.mutants.append(_run_mutant(pool, mutant, original, gen_only, probe))
    result.seconds = round(time.monotonic() - start, 3)
    return result


def probe_cases(pool: Pool, task: Task) -> list[Case]:
    found = input_candidates(task, Settings(candidates=PROBE_INPUTS, salt="probe"))
    return [new_case(task, inp, expected) for inp, expected in label(pool, task, found).labelled]


def _only(task: Task, cases: list[Case]) -> Task:
    """A copy of `task` judged on exactly `cases` (as structured calls)."""
    return dataclasses.replace(task, tests=cases, test_code=None, meta={}, fingerprint=None)


def _run_mutant(pool: Pool, mutant: Mutant, original: Task, gen_only: Task, probe: Task) -> MutantResult:
    out = MutantResult(mutant.operator, mutant.line, mutant.before, mutant.after)
    program = mutant.code
    first = judge(pool, original, program, "mutant")
    if first.status is Status.SANDBOX_ERROR:
        out.error = first.detail
        return out
    out.killed_original = not first.passed
    if gen_only.tests:
        second = judge(pool, gen_only, program, "mutant")
        out.killed_generated = out.killed_original or (second.status is not Status.SANDBOX_ERROR
                                                       and not second.passed)
    else:
        out.killed_generated = out.killed_original
    if not out.killed_generated:
        third = judge(pool, probe, program, "mutant") if probe.tests else None
        out.equal_on_probe = third is None or third.passed
    return out


def summary(strength: TaskStrength) -> dict[str, int]:
    """The counts a task keeps in `meta.tests.mutation`: what its tests kill of its reference's mutants."""
    kept = [m for m in strength.mutants if m.counted]
    return {"mutants": len(kept), "killed_original": sum(m.killed_original for m in kept),
            "killed_with_generated": sum(m.killed_generated for m in kept),
            "dropped_equal": sum(m.equal_on_probe and not m.error for m in strength.mutants),
            "sandbox_errors": sum(bool(m.error) for m in strength.mutants)}


def with_mutation(pool: Pool, original: Task, generated: Task, limit: int) -> Task:
    """`generated` with `meta.tests.mutation` set, when its reference passes both test sets; else unchanged.

    The fingerprint does not cover `meta`, so the task stays the same version for every cache."""
    if not original.canonical_solution or limit <= 0 or "tests" not in generated.meta:
        return generated
    strength = analyse(pool, original, generated, limit)
    if not strength.reference_passes:
        return generated
    tests = {**generated.meta["tests"], "mutation": summary(strength)}
    return dataclasses.replace(generated, meta={**generated.meta, "tests": tests})


def detail(strength: TaskStrength) -> list[dict[str, Any]]:
    """The mutants that survive the original tests, for a report: who, where, what, and what became of them."""
    return [{"task_id": strength.task_id, "probe_cases": strength.probe_cases, **dataclasses.asdict(m)}
            for m in strength.mutants
            if not m.killed_original and not m.error]
