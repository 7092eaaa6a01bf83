"""A judge run directory built from HumanEval: kept tasks and unsolved ones."""

from __future__ import annotations

from pathlib import Path

from sftmine.bench.scale import judge_workload
from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Sample
from sftmine.sampling.run import SAMPLES, TASKS
from sftmine.store import read_records, write_jsonl


def judge_run_dir(run_dir: Path, tasks: int = 12, per_task: int = 4, delay_s: float = 0.0) -> Path:
    """`tasks` HumanEval tasks; the last two get only wrong samples."""
    problems = import_humaneval()[:tasks]
    judge_workload(run_dir, problems, per_task, delay_s)
    samples = list(read_records(run_dir / SAMPLES, Sample))
    unsolved = {t.task_id for t in problems[-2:]}
    for s in samples:
        if s.task_id in unsolved:
            s.code = f"    return None  # {s.index}\n"
    write_jsonl(run_dir / SAMPLES, samples)
    assert (run_dir / TASKS).is_file()
    return run_dir
