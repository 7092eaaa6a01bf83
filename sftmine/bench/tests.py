"""`sftmine bench tests`: mutation scores per source and overall, original tests vs original + generated.

`mutants` counts the mutants kept (compiled, no sandbox error, not equal to the original on every input
tried); `dropped_equal` those dropped as probably equivalent. `score_*` are kill rates over the kept
mutants; `generated_kill_rate_on_survivors` is the share of the original tests' survivors that the
generated tests kill, the figure the done-when asks for; `*_all` repeat the scores without dropping the
probably-equivalent ones, for comparison with tools that do not.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.records import Task
from sftmine.sandbox.pool import Pool
from sftmine.store.jsonl import read_records
from sftmine.testgen.generate import Settings, generate_task
from sftmine.testgen.strength import TaskStrength, analyse, detail
from sftmine.verify import map_by_runtime


def bench_tests(tasks_path: Path, pool: Pool, limit: int, generated_path: Path | None = None,
                settings: Settings | None = None, on_done: Callable[[TaskStrength], None] | None = None
                ) -> dict[str, Any]:
    start = time.monotonic()
    tasks = [t for t in read_records(tasks_path, Task) if t.canonical_solution]
    generated = {t.task_id: t for t in read_records(generated_path, Task)} if generated_path else {}
    settings = settings or Settings()

    def one(p: Pool, task: Task) -> TaskStrength:
        gen = generated.get(task.task_id) or generate_task(p, task, settings)
        result = analyse(p, task, gen, limit)
        if on_done:
            on_done(result)
        return result

    results = map_by_runtime(pool, tasks, one)
    return report(results, time.monotonic() - start, pool.backend.name, limit)


def report(results: list[TaskStrength], seconds: float, backend: str, limit: int) -> dict[str, Any]:
    by_source: dict[str, list[TaskStrength]] = defaultdict(list)
    for r in results:
        by_source[r.source].append(r)
    survivors = [row for r in results for row in detail(r)]
    return {"overall": scores(results, seconds), "by_source": {s: scores(rs) for s, rs in sorted(by_source.items())},
            "operators": operators(results), "backend": backend, "mutants_per_task": limit,
            "reference_failures": [{"task_id": r.task_id, "detail": r.reference_detail}
                                   for r in results if not r.reference_passes],
            "survivors_of_original": survivors}


def scores(results: list[TaskStrength], seconds: float | None = None) -> dict[str, Any]:
    kept = [m for r in results for m in r.mutants if m.counted]
    dropped = sum(m.equal_on_probe and not m.error for r in results for m in r.mutants)
    errors = sum(bool(m.error) for r in results for m in r.mutants)
    k_orig = sum(m.killed_original for m in kept)
    k_gen = sum(m.killed_generated for m in kept)
    survivors = len(kept) - k_orig
    tried = len(kept) + dropped
    return {
        "tasks": len(results), "mutants": len(kept), "dropped_equal": dropped, "sandbox_errors": errors,
        "killed_original": k_orig, "killed_with_generated": k_gen,
        "score_original": _ratio(k_orig, len(kept)), "score_with_generated": _ratio(k_gen, len(kept)),
        "generated_kill_rate_on_survivors": _ratio(k_gen - k_orig, survivors),
        "score_original_all": _ratio(k_orig, tried), "score_with_generated_all": _ratio(k_gen, tried),
        "reference_pass_rate": _ratio(sum(r.reference_passes for r in results), len(results)),
        "seconds": round(seconds if seconds is not None else sum(r.seconds for r in results), 2),
    }


def operators(results: list[TaskStrength]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for m in (m for r in results for m in r.mutants if not m.error):
        c = counts[m.operator]
        c["mutants" if m.counted else "dropped_equal"] += 1
        c["killed_original"] += m.counted and m.killed_original
        c["killed_with_generated"] += m.counted and m.killed_generated
        c["survivors_with_generated"] += m.counted and not m.killed_generated
    return {op: dict(sorted(c.items())) for op, c in sorted(counts.items())}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None
