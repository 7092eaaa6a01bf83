"""`sftmine trace`: many sources, one folder, resumable per source.

    OUT/tasks.jsonl                 verified tasks of every finished source, in source order
    OUT/funnel.json                 the funnel totals, and per source its funnel, plan and stop reason
    OUT/sources/SLUG/               one source's work (checkout, venv, traces)
    OUT/sources/SLUG/result.json    that source's funnel and record: written last, so it marks it done
    OUT/sources/SLUG/tasks.jsonl    that source's verified tasks

A source whose result.json exists is skipped on a rerun; one without it is started again from a clean
folder, so a run killed at any point loses only the source in progress. Any failure of a project,
expected or not, is counted and the run goes on to the next.
"""

from __future__ import annotations

import json
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sftmine.ci.funnel import CIFunnel
from sftmine.ci.pipconf import PipSetup, pip_setup
from sftmine.ci.project import ProjectResult, TraceOptions, trace_project
from sftmine.ci.sources import Source
from sftmine.executors.config import ExecutorConfig
from sftmine.records import Task
from sftmine.sandbox import Pool
from sftmine.sandbox.base import Backend, get_backend
from sftmine.store import RunLock, read_records, write_json, write_jsonl


def trace_sources(specs: list[str], out: Path, options: TraceOptions, backend: str = "auto",
                  workers: int | None = None, unsafe: bool = False,
                  executor: ExecutorConfig | None = None) -> dict[str, Any]:
    """`executor` ray: one source per shard on the cluster; OUT must then be a path every node reaches."""
    for spec in specs:
        Source.parse(spec)  # a typo in any spec fails now, before hours of work
    if executor is not None and executor.is_ray:
        from sftmine.ci.sharded import trace_on

        with RunLock(out):
            try:
                trace_on(executor, specs, out, options, backend, workers, unsafe)
            finally:
                summary = merge(specs, out)
        return summary
    sandbox = get_backend(backend, unsafe=unsafe)
    # Merged once at the end (or when stopped): after every source it would reread them all, n² reads.
    with RunLock(out), Pool(sandbox, size=workers) as pool, \
            tqdm(specs, desc="trace", unit="source", file=sys.stderr, disable=None) as bar:
        pip = pip_setup(out / "pip")
        try:
            for spec in bar:
                if is_finished(out, spec):
                    continue
                trace_one(spec, out, sandbox, pip, pool, options,
                          step=lambda s, spec=spec: bar.set_postfix_str(f"{spec[:40]}: {s}", refresh=True))
        finally:
            summary = merge(specs, out)
    return summary


def source_dir(out: Path, spec: str) -> Path:
    return out / "sources" / Source.parse(spec).slug


def is_finished(out: Path, spec: str) -> bool:
    return (source_dir(out, spec) / "result.json").is_file()


def trace_one(spec: str, out: Path, sandbox: Backend, pip: PipSetup, pool: Pool, options: TraceOptions,
              step: Callable[[str], None] = lambda _s: None) -> ProjectResult:
    """Trace one source from a clean folder; its result.json, written last, marks it finished."""
    work = source_dir(out, spec)
    shutil.rmtree(work, ignore_errors=True)
    result = _run_one(spec, work, sandbox, pip, pool, options, step)
    write_jsonl(work / "tasks.jsonl", result.tasks)
    write_json(work / "result.json", {"funnel": result.funnel.to_dict(), "record": result.record})
    return result


def _run_one(spec, work, sandbox, pip, pool, options, step) -> ProjectResult:
    work.mkdir(parents=True, exist_ok=True)
    try:
        return trace_project(spec, work, sandbox, pip, pool, options, step=step)
    except Exception as exc:  # noqa: BLE001 - one project's surprise must not end the run
        funnel = CIFunnel()
        funnel.add("sources_tried", 0, {f"internal error ({type(exc).__name__})": 1})
        return ProjectResult(spec, funnel, [], {"spec": spec, "reason": traceback.format_exc(limit=8)})


def merge(specs: list[str], out: Path) -> dict[str, Any]:
    """Combine the finished sources into OUT/tasks.jsonl and OUT/funnel.json; return the funnel file's content."""
    total, per_source, tasks = CIFunnel(), {}, []
    for spec in specs:
        work = out / "sources" / Source.parse(spec).slug
        if not (work / "result.json").is_file():
            continue
        result = json.loads((work / "result.json").read_text(encoding="utf-8"))
        total.merge(CIFunnel.from_dict(result["funnel"]))
        per_source[spec] = {**_brief(result["record"]), "funnel": result["funnel"]}
        tasks += list(read_records(work / "tasks.jsonl", Task))
    write_jsonl(out / "tasks.jsonl", tasks)
    summary = {"sources": len(specs), "finished": len(per_source), "tasks": len(tasks), "stages": total.to_dict(),
               "per_source": per_source, "summary": total.summary().splitlines()}
    write_json(out / "funnel.json", summary)
    return summary


def _brief(record: dict[str, Any]) -> dict[str, Any]:
    plan = record.get("plan") or {}
    keys = ("config", "env", "python_version", "reason", "skipped")
    return {"label": record.get("label"), "stopped_at": record.get("stopped_at"), "reason": record.get("reason"),
            "plan": {k: plan[k] for k in keys if k in plan}}
