"""Where a stage's shards run: `local` (this process and its warm sandbox pool) or `ray` (a cluster).

A stage that scales out hands the executor a worker class and a list of shard payloads. With Ray, each
worker is an actor that declares its CPUs, memory and GPUs, keeps its own warm state (a sandbox pool, a
loaded model) across shards, and is restarted, its shard retried, if its process dies. Every shard writes
its output and then a marker to a shard folder every worker reaches (a shared path or an fsspec URL), so a
restarted run skips finished shards.
"""

from sftmine.executors.base import Executor, WorkerGroup, WorkerSpec, get_executor, session
from sftmine.executors.config import ExecutorConfig
from sftmine.executors.shards import ShardStore, run_shards

__all__ = ["Executor", "ExecutorConfig", "ShardStore", "WorkerGroup", "WorkerSpec", "get_executor", "run_shards",
           "session"]
