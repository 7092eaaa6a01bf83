"""`sftmine bench scale`: judge throughput with the local executor and with Ray, 1 and 2 workers.

The workload is a sample run directory built from HumanEval: per task, its canonical solution and wrong
variants, each program made distinct (a trailing comment) so the verdict cache cannot shortcut anything.
Every side judges the same directory from scratch; Ray starts before the clock and its worker start-up
(sandbox pool, warm-up) is timed, as a user would see it. Throughput is round-0 executions per second.
Ray runs twice: with each worker's default pool (two sandboxes per declared CPU), and with one sandbox
per worker, which shows the scaling across workers on a machine too small for two full pools.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from sftmine.executors.config import ExecutorConfig
from sftmine.records import Sample, Task
from sftmine.sampling.run import INFO, SAMPLES, TASKS
from sftmine.store import write_json, write_jsonl

WRONG_BODIES = ("    return None\n", "    raise ValueError('no')\n")


def judge_workload(run_dir: Path, tasks: list[Task], per_task: int, delay_s: float = 0.0) -> int:
    """Write a run directory with `per_task` samples per task (a quarter wrong); returns the sample count.

    `delay_s` makes each program sleep that long when loaded (tests use it to have a run last).
    """
    samples = []
    delay = f"\n__import__('time').sleep({delay_s})\n" if delay_s else ""
    for task in tasks:
        for i in range(per_task):
            body = WRONG_BODIES[i % 2] if i % 4 == 3 else (task.canonical_solution or "    pass\n")
            samples.append(Sample(task_id=task.task_id, fingerprint=task.fingerprint or "", model="bench",
                                  params={"mode": "completion"}, seed=i, index=i, text=body,
                                  code=f"{body}    # variant {i}\n{delay}"))
    run_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(run_dir / TASKS, tasks)
    write_jsonl(run_dir / SAMPLES, samples)
    write_json(run_dir / INFO, {"backend": "bench", "model": "bench", "n": per_task})
    return len(samples)


def _fresh(src: Path, dst: Path) -> Path:
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    for name in (TASKS, SAMPLES, INFO):
        shutil.copy(src / name, dst / name)
    return dst


def bench_scale(work: Path, tasks: int = 164, per_task: int = 24, backend: str = "bwrap",
                cpus: int = 2, address: str | None = None) -> dict[str, Any]:
    from sftmine.executors.rayexec import RayExecutor, require_ray
    from sftmine.filter.run import judge_run
    from sftmine.importers.humaneval import import_humaneval

    require_ray()
    base = work / "workload"
    count = judge_workload(base, import_humaneval()[:tasks], per_task)
    pool = {"backend": backend, "size": None, "unsafe": False}
    result: dict[str, Any] = {"tasks": tasks, "samples": count, "sandbox": backend, "repeat": 0}

    def timed(name: str, executor: ExecutorConfig | None, size: int | None = None) -> dict[str, Any]:
        run = _fresh(base, work / name)
        start = time.perf_counter()
        stats = judge_run(run, {**pool, "size": size}, 0, "all", executor, progress=False)
        seconds = time.perf_counter() - start
        out = {"seconds": round(seconds, 2), "exec_per_s": round(stats["executions"] / seconds, 1),
               "kept": stats["kept"], "outputs": (run / "verdicts.jsonl").read_bytes()}
        return out

    local = timed("local", None, 2 * cpus)
    cluster = RayExecutor(ExecutorConfig(name="ray", address=address, num_cpus=None if address else cpus))
    cluster.connect()
    try:
        one = timed("ray-1", ExecutorConfig(name="ray", workers=1, cpus_per_worker=1))
        two = timed("ray-2", ExecutorConfig(name="ray", workers=2, cpus_per_worker=1))
        # One sandbox per worker: a worker's default pool (two sandboxes) already fills two cores.
        one_single = timed("ray-1x1", ExecutorConfig(name="ray", workers=1, cpus_per_worker=1), 1)
        two_single = timed("ray-2x1", ExecutorConfig(name="ray", workers=2, cpus_per_worker=1), 1)
    finally:
        cluster.close()
    sides = (local, one, two, one_single, two_single)
    same = len({side.pop("outputs") for side in sides}) == 1
    result.update({"local": local, "ray_1_worker": one, "ray_2_workers": two,
                   "ray_1_worker_1_sandbox": one_single, "ray_2_workers_1_sandbox": two_single,
                   "same_verdicts": same,
                   "ray_2_vs_local": round(two["exec_per_s"] / local["exec_per_s"], 2),
                   "scaling_1_to_2_workers": round(two["exec_per_s"] / one["exec_per_s"], 2),
                   "scaling_1_to_2_workers_1_sandbox": round(two_single["exec_per_s"] / one_single["exec_per_s"], 2)})
    return result
