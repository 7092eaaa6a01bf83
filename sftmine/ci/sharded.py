"""Tracing on Ray: one source per shard, each traced by a worker with its own sandbox pool.

A source's `result.json` is its shard marker, as in a local run, so local and Ray runs resume each
other's work; the caller decides which sources are due (see attempts.py). OUT must be a path every node
reaches (a shared file system): checkouts and virtualenvs live there.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from sftmine.ci.env.pipconf import pip_setup
from sftmine.ci.project import TraceOptions
from sftmine.executors import ExecutorConfig, WorkerSpec, get_executor
from sftmine.executors.shards import run_on_workers
from sftmine.sandbox import Pool
from sftmine.sandbox.base import get_backend


class TraceWorker:
    def __init__(self, out: str, options: TraceOptions, backend: str, pool_size: int, unsafe: bool) -> None:
        self.out, self.options = Path(out), options
        self.sandbox = get_backend(backend, unsafe=unsafe)
        self.pool = Pool(self.sandbox, size=pool_size)
        self.tmp = tempfile.mkdtemp(prefix="sftmine-trace-")
        self.pip = pip_setup(Path(self.tmp))  # this node's pip configuration

    def run(self, spec: str) -> dict[str, Any]:
        from sftmine.ci.pipeline import trace_one

        result = trace_one(spec, self.out, self.sandbox, self.pip, self.pool, self.options)
        return {"spec": spec, "tasks": len(result.tasks)}

    def close(self) -> None:
        self.pool.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def trace_on(config: ExecutorConfig, todo: list[str], out: Path, options: TraceOptions, backend: str,
             workers: int | None, unsafe: bool, total: int | None = None) -> None:
    """Trace the sources in `todo` (the caller chose them and merges OUT/tasks.jsonl); `total`: all sources."""
    if not todo:
        return
    executor = get_executor(config)
    spec = WorkerSpec(TraceWorker, (str(out.resolve()), options, backend, config.sandbox_pool(workers), unsafe),
                      cpus=config.cpus_per_worker, memory_mb=config.memory_mb)
    try:
        run_on_workers(executor, spec, todo, "trace", total or len(todo), unit="source")
    finally:
        executor.close()
