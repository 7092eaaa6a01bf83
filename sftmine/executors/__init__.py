"""Where a stage's shards run: `local` (this process and its warm sandbox pool) or `ray` (a cluster).

The stage runner (sftmine.stages.runner) hands the executor a worker class and a list of shard payloads.
With Ray, each worker is an actor that declares its CPUs, memory and GPUs, keeps its own warm state (a
sandbox pool, a loaded model) across shards, and is restarted, its shard retried, if its process dies.
Shards carry their records there and their outcomes back; the driver keeps every cache.
"""

from sftmine.executors.base import Executor, WorkerGroup, WorkerSpec, get_executor, session
from sftmine.executors.config import ExecutorConfig
from sftmine.executors.shards import run_on_workers

__all__ = ["Executor", "ExecutorConfig", "WorkerGroup", "WorkerSpec", "get_executor", "run_on_workers", "session"]
