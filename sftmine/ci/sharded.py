"""Tracing on Ray: one source per shard, each traced by a worker with its own sandbox pool.

A source's `result.json` is its shard marker, as in a local run, so local and Ray runs resume each other's
work. OUT must be a path every node reaches (a shared file system): checkouts and virtualenvs live there.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sftmine.ci.pipconf import pip_setup
from sftmine.ci.project import TraceOptions
from sftmine.executors import ExecutorConfig, WorkerSpec, get_executor
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


def worker_pool_size(config: ExecutorConfig, workers: int | None) -> int:
    """A worker's sandbox pool: --workers if given, else twice its declared CPUs."""
    return workers or max(1, round(2 * config.cpus_per_worker))


def trace_on(config: ExecutorConfig, specs: list[str], out: Path, options: TraceOptions, backend: str,
             workers: int | None, unsafe: bool) -> None:
    from sftmine.ci.pipeline import is_finished, merge

    todo = [s for s in specs if not is_finished(out, s)]
    if not todo:
        return
    executor = get_executor(config)
    spec = WorkerSpec(TraceWorker, (str(out.resolve()), options, backend, worker_pool_size(config, workers), unsafe),
                      cpus=config.cpus_per_worker, memory_mb=config.memory_mb)
    try:
        group = executor.group(spec, len(todo))
        try:
            with tqdm(total=len(specs), initial=len(specs) - len(todo), desc="trace", unit="source",
                      file=sys.stderr, disable=None) as bar:
                for _pos, _info in group.map(todo):
                    merge(specs, out)
                    bar.update()
        except BaseException:
            group.close(wait=False)
            raise
        group.close()
    finally:
        executor.close()
