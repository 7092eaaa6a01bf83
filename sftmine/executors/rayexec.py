"""The Ray executor: one actor per worker, each with its declared CPUs/GPUs/memory and its own warm state.

Ray restarts an actor whose process dies and retries the call it was running (`max_restarts`,
`max_task_retries`); if an actor is gone for good, its shard goes to a fresh actor, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from collections.abc import Iterator
from typing import Any

from sftmine.errors import ConfigError, ExecutorError, MissingDependencyError
from sftmine.executors.base import WorkerSpec
from sftmine.executors.config import ExecutorConfig

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RESTARTS = 4
CLOSE_TIMEOUT_S = 120
LOCAL_OBJECT_STORE_BYTES = 512 * 2**20  # shard payloads are small; the default (30% of RAM) is not needed


def require_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingDependencyError(
            "--executor ray needs Ray, which is not installed; run: pip install 'sftmine[ray]' "
            "(or use --executor local)") from None
    return ray


class RayExecutor:
    name = "ray"

    def __init__(self, config: ExecutorConfig) -> None:
        self.ray = require_ray()
        self.config = config
        self.started_here = False
        self._stdout: Any = None

    def connect(self) -> None:
        """Join the cluster or start a local instance; on first use, so a run with nothing to do starts none."""
        if not self.ray.is_initialized():
            # Workers report through results and exceptions; their log lines would mix into our stdout.
            kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING,
                                      "configure_logging": False, "log_to_driver": False}
            if self.config.address:
                kwargs["address"] = self.config.address
            else:
                kwargs.update(num_cpus=self.config.num_cpus, object_store_memory=LOCAL_OBJECT_STORE_BYTES)
            # Ray's error listener prints worker deaths to stdout, which carries our --json output.
            self._stdout, sys.stdout = sys.stdout, sys.stderr
            try:
                self.ray.init(**kwargs)
            except ConnectionError as exc:
                self._restore()
                raise ConfigError(f"ray: cannot connect to {self.config.address!r}: {exc}") from None
            self.started_here = True

    def group(self, spec: WorkerSpec, shards: int) -> ActorGroup:
        self.connect()
        resources = self.ray.cluster_resources()
        size = self.config.workers or max(1, int(resources.get("CPU", 1) // spec.cpus))
        if spec.gpus:
            available = resources.get("GPU", 0)
            if available < spec.gpus:
                raise ConfigError(f"ray: each worker needs {spec.gpus} GPU(s) but the cluster has {available:g}; "
                                  "set executor gpus_per_worker: 0 for a CPU backend")
            size = min(size, max(1, int(available // spec.gpus)))
        return ActorGroup(self.ray, spec, max(1, min(size, shards)))

    def close(self) -> None:
        try:
            if self.started_here and self.ray.is_initialized():
                self.ray.shutdown()
        finally:
            self._restore()

    def _restore(self) -> None:
        if self._stdout is not None:
            sys.stdout, self._stdout = self._stdout, None


class ActorGroup:
    def __init__(self, ray: Any, spec: WorkerSpec, size: int) -> None:
        options: dict[str, Any] = {"num_cpus": spec.cpus, "num_gpus": spec.gpus, "max_restarts": RESTARTS,
                                   "max_task_retries": RESTARTS}
        if spec.memory_mb:
            options["memory"] = spec.memory_mb * 2**20
        self.ray, self.spec = ray, spec
        self.actor_class = ray.remote(spec.cls).options(**options)
        self.actors = [self._start() for _ in range(size)]

    def _start(self) -> Any:
        return self.actor_class.remote(*self.spec.args, **self.spec.kwargs)

    def ask(self, method: str, *args: Any) -> Any:
        return self._get(getattr(self.actors[0], method).remote(*args))

    def _get(self, ref: Any) -> Any:
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayTaskError as exc:
            raise exc.as_instanceof_cause() from None

    def map(self, payloads: list[Any]) -> Iterator[tuple[int, Any]]:
        """Each actor runs one shard at a time; results come back as they finish."""
        lost = self.ray.exceptions.RayActorError
        pending: deque[tuple[int, int]] = deque((pos, 0) for pos in range(len(payloads)))
        idle = list(self.actors)
        running: dict[Any, tuple[Any, int, int]] = {}
        while pending or running:
            while idle and pending:
                actor = idle.pop()
                pos, attempt = pending.popleft()
                running[actor.run.remote(payloads[pos])] = (actor, pos, attempt)
            ready, _ = self.ray.wait(list(running), num_returns=1)
            actor, pos, attempt = running.pop(ready[0])
            try:
                result = self._get(ready[0])
            except lost as exc:
                if attempt + 1 >= MAX_ATTEMPTS:
                    raise ExecutorError(f"ray: shard {pos} failed on {MAX_ATTEMPTS} workers: {exc}") from None
                log.warning("ray: worker lost on shard %d (%s); retrying on a fresh worker", pos, exc)
                self.actors.remove(actor)
                fresh = self._start()
                self.actors.append(fresh)
                idle.append(fresh)
                pending.appendleft((pos, attempt + 1))
                continue
            idle.append(actor)
            yield pos, result

    def close(self, wait: bool = True) -> None:
        """Let each worker close its sandbox pool or model, then end it; wait=False ends them at once."""
        try:
            if wait:
                refs = [a.close.remote() for a in self.actors]
                self.ray.wait(refs, num_returns=len(refs), timeout=CLOSE_TIMEOUT_S)
        finally:
            for actor in self.actors:
                self.ray.kill(actor, no_restart=True)
