"""`sftmine trace`: many sources, one folder, resumable per source.

    OUT/tasks.jsonl                 verified tasks of every finished source, in source order
    OUT/funnel.json                 the funnel totals, and per source its funnel, plan, outcome and attempts
    OUT/sources/SLUG/               one source's work (checkout, venv, traces)
    OUT/sources/SLUG/result.json    that source's last attempt (see attempts.py): written last
    OUT/sources/SLUG/tasks.jsonl    that source's verified tasks

A source whose last attempt stands (done, or failed for a reason about the project) is skipped on a
rerun; one whose attempt failed outside the project (a fetch error, an index outage) is tried again on a
later run, with backoff; one without result.json is started again from a clean folder, so a run killed
at any point loses only the source in progress. Any failure of a project, expected or not, is counted
and the run goes on to the next.
"""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.ci import attempts
from sftmine.ci.env.pipconf import PipSetup
from sftmine.ci.fetch.sources import Source
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.project import ProjectResult, TraceOptions, trace_project
from sftmine.errors import StageLockedError
from sftmine.executors.config import ExecutorConfig
from sftmine.records import SourceSpec, Task
from sftmine.sandbox import Pool
from sftmine.sandbox.base import Backend
from sftmine.store import read_records, write_json, write_jsonl


def trace_sources(specs: list[str], out: Path, options: TraceOptions, backend: str = "auto",
                  workers: int | None = None, unsafe: bool = False,
                  executor: ExecutorConfig | None = None, retry_failed: bool = False) -> dict[str, Any]:
    """Trace every due source through the runner (see sftmine.ci.stage); return the funnel file's content.

    `executor` ray: one source per shard on the cluster; OUT must then be a path every node reaches.
    `retry_failed`: trace again the sources whose last attempt failed, verdicts included, at once.
    """
    from sftmine.ci.stage import TraceStage, trace_files
    from sftmine.stages import run_stage

    for spec in specs:
        Source.parse(spec)  # a typo in any spec fails now, before hours of work
    out = Path(out).absolute()  # sandboxed steps run elsewhere: a relative --out would not resolve there
    config = executor or ExecutorConfig()
    runtime = {"out": str(out), "backend": backend, "unsafe": unsafe, "retry_failed": retry_failed,
               "size": config.sandbox_pool(workers) if config.is_ray else workers,
               "pip": None if config.is_ray else str(out / "pip")}
    try:
        result = run_stage(TraceStage, options, [SourceSpec(spec) for spec in specs], trace_files(out),
                           runtime, config)
    except StageLockedError:
        raise  # another run holds OUT: its files are not ours to write
    except BaseException:
        merge(specs, out)  # what finished before the stop still reaches OUT/tasks.jsonl
        raise
    return result.summary


def source_dir(out: Path, spec: str) -> Path:
    return out / "sources" / Source.parse(spec).slug


def trace_one(spec: str, out: Path, sandbox: Backend, pip: PipSetup, pool: Pool, options: TraceOptions,
              step: Callable[[str], None] = lambda _s: None) -> ProjectResult:
    """Trace one source from a clean folder; its result.json, written last, records the attempt."""
    work = source_dir(out, spec)
    previous = attempts.load(work)
    shutil.rmtree(work, ignore_errors=True)
    result = _run_one(spec, work, sandbox, pip, pool, options, step)
    write_jsonl(work / "tasks.jsonl", result.tasks)
    write_json(work / "result.json", attempts.result_file(result.funnel.to_dict(), result.record, previous))
    return result


def _run_one(spec, work, sandbox, pip, pool, options, step) -> ProjectResult:
    work.mkdir(parents=True, exist_ok=True)
    try:
        return trace_project(spec, work, sandbox, pip, pool, options, step=step)
    except Exception as exc:  # noqa: BLE001 - one project's surprise must not end the run
        funnel = CIFunnel()
        funnel.add("sources_tried", 0, {f"internal error ({type(exc).__name__})": 1})
        return ProjectResult(spec, funnel, [], {"spec": spec, "failure": attempts.INFRASTRUCTURE,
                                                "reason": f"internal error: {type(exc).__name__}: {exc}",
                                                "traceback": traceback.format_exc(limit=8)})


def merge(specs: list[str], out: Path) -> dict[str, Any]:
    """Combine the sources' last attempts into OUT/tasks.jsonl and OUT/funnel.json; return the funnel file's content."""
    total, per_source, tasks = CIFunnel(), {}, []
    for spec in specs:
        work = source_dir(out, spec)
        result = attempts.load(work)
        if result is None:
            continue
        total.merge(CIFunnel.from_dict(result["funnel"]))
        per_source[spec] = {**_brief(result), "funnel": result["funnel"]}
        tasks += list(read_records(work / "tasks.jsonl", Task))
    write_jsonl(out / "tasks.jsonl", tasks)
    outcomes = [s["outcome"] for s in per_source.values()]
    failed = [{"spec": spec, "outcome": s["outcome"], "reason": s["reason"], "wait_runs": s["wait_runs"]}
              for spec, s in per_source.items() if s["outcome"] != attempts.DONE]
    summary = {"sources": len(specs), "finished": outcomes.count(attempts.DONE) + outcomes.count(attempts.FAILED),
               "done": outcomes.count(attempts.DONE), "failed": failed, "tasks": len(tasks),
               "stages": total.to_dict(), "per_source": per_source, "summary": total.summary().splitlines()}
    write_json(out / "funnel.json", summary)
    return summary


def _brief(result: dict[str, Any]) -> dict[str, Any]:
    record = result["record"]
    plan = record.get("plan") or {}
    keys = ("config", "env", "python_version", "reason", "skipped")
    return {"label": record.get("label"), "stopped_at": record.get("stopped_at"),
            "reason": attempts.one_line(record.get("reason")),
            "outcome": result.get("outcome") or attempts.outcome(record), "wait_runs": result.get("wait_runs", 0),
            "attempts": result.get("attempts", []), "plan": {k: plan[k] for k in keys if k in plan}}
