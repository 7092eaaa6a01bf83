"""Judging a sample run directory (see sftmine.sampling.run) and writing the filter's outputs:

    DIR/verdicts.jsonl          one verdict per sample (first judging)
    DIR/kept.jsonl              FilteredTask records of kept tasks, passing samples chosen by the policy
    DIR/dropped.jsonl           FilteredTask records of dropped tasks, each with its drop reason
    DIR/stats.json              tasks, kept, dropped by reason, mean pass@k, execution counts
    DIR/cache/verdicts.sqlite   the verdict cache (a local and a Ray run fill and reuse the same one)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sftmine.errors import InputFileError
from sftmine.executors.config import ExecutorConfig
from sftmine.filter.engine import filter_samples
from sftmine.filter.policy import check_policy
from sftmine.filter.stats import failures_by_origin, summarize
from sftmine.filter.verdicts import Judging
from sftmine.records import FilteredTask, Sample, Task, Verdict
from sftmine.sampling.run import INFO, SAMPLES, TASKS
from sftmine.sandbox.pool import Pool
from sftmine.store import read_records, write_json, write_jsonl

VERDICT_CACHE = Path("cache", "verdicts.sqlite")


def judge_dir(run_dir: Path, pool: Pool, repeat: int = 3, policy: str = "all",
              progress: bool = True) -> dict[str, Any]:
    """Judge and filter the run in `run_dir`; returns what stats.json holds."""
    check_policy(policy)
    tasks, samples = read_run(run_dir)
    judging = Judging(pool, run_dir / VERDICT_CACHE, progress)
    try:
        results, verdicts = filter_samples(judging, tasks, samples, repeat, policy)
    finally:
        judging.close()
    return write_outputs(run_dir, results, verdicts, {**judging.counts(), "repeat": repeat, "policy": policy,
                                                       "sandbox": pool.backend.name})


def read_run(run_dir: Path) -> tuple[list[Task], list[Sample]]:
    for name in (TASKS, SAMPLES):
        if not (run_dir / name).is_file():
            raise InputFileError(f"{run_dir / name}: missing; run `sftmine sample TASKS --out {run_dir}` first")
    return list(read_records(run_dir / TASKS, Task)), list(read_records(run_dir / SAMPLES, Sample))


def write_outputs(run_dir: Path, results: list[FilteredTask], verdicts: list[Verdict],
                  extra: dict[str, Any]) -> dict[str, Any]:
    """verdicts.jsonl, kept.jsonl, dropped.jsonl and stats.json; returns what stats.json holds.

    Every file but stats.json is a function of the inputs alone (wall times are left out of the verdicts),
    so two runs of the same samples, local or on Ray, write the same bytes.
    """
    write_jsonl(run_dir / "verdicts.jsonl", ({k: x for k, x in v.to_dict().items() if k != "duration_s"}
                                             for v in verdicts))
    write_jsonl(run_dir / "kept.jsonl", (r for r in results if r.kept))
    write_jsonl(run_dir / "dropped.jsonl", (r for r in results if not r.kept))
    stats = {**summarize(results), **failures_by_origin(verdicts), **extra, **_sampling_info(run_dir)}
    write_json(run_dir / "stats.json", stats)
    return stats


def judge_run(run_dir: Path, pool_args: dict[str, Any], repeat: int = 3, policy: str = "all",
              executor: ExecutorConfig | None = None, progress: bool = True) -> dict[str, Any]:
    """judge_dir on the chosen executor: local (one warm pool here) or ray (shards of tasks on a cluster)."""
    if executor is not None and executor.is_ray:
        from sftmine.filter.sharded import judge_on

        return judge_on(executor, run_dir, pool_args, repeat, policy, progress)
    from sftmine.sandbox.pool import Pool

    with Pool(pool_args["backend"], pool_args.get("size"), unsafe=pool_args.get("unsafe", False)) as pool:
        return judge_dir(run_dir, pool, repeat, policy, progress)


def _sampling_info(run_dir: Path) -> dict[str, Any]:
    path = run_dir / INFO
    if not path.is_file():
        return {}
    info = json.loads(path.read_text(encoding="utf-8"))
    return {k: info[k] for k in ("backend", "model", "params", "n") if k in info}
