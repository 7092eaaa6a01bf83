"""Executors and worker groups.

A worker is any class with `run(payload) -> result` and `close()`; its constructor builds the warm state
(a sandbox pool, a loaded model). A group holds a stage's workers: `map` runs payloads on them and yields
(position, result) as shards finish; `ask` calls a method on one worker (e.g. what model it loaded).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sftmine.executors.config import ExecutorConfig


@dataclass(frozen=True)
class WorkerSpec:
    cls: type
    args: tuple[Any, ...] = ()
    cpus: float = 1.0
    gpus: float = 0.0
    memory_mb: int | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)


class WorkerGroup(Protocol):
    def ask(self, method: str, *args: Any) -> Any: ...

    def map(self, payloads: list[Any]) -> Iterator[tuple[int, Any]]: ...

    def close(self, wait: bool = True) -> None: ...


class Executor(Protocol):
    name: str

    def group(self, spec: WorkerSpec, shards: int) -> WorkerGroup: ...

    def close(self) -> None: ...


class InProcessGroup:
    """One worker in this process; shards run one after another (the worker parallelizes inside)."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.worker = spec.cls(*spec.args, **spec.kwargs)

    def ask(self, method: str, *args: Any) -> Any:
        return getattr(self.worker, method)(*args)

    def map(self, payloads: list[Any]) -> Iterator[tuple[int, Any]]:
        for pos, payload in enumerate(payloads):
            yield pos, self.worker.run(payload)

    def close(self, wait: bool = True) -> None:
        self.worker.close()


class LocalExecutor:
    name = "local"

    def group(self, spec: WorkerSpec, shards: int) -> WorkerGroup:
        return InProcessGroup(spec)

    def close(self) -> None:
        pass


@contextmanager
def session(config: ExecutorConfig | None) -> Iterator[None]:
    """Keep one Ray connection for several stages (sample then judge) instead of one per stage."""
    if config is None or not config.is_ray:
        yield
        return
    from sftmine.executors.rayexec import RayExecutor

    executor = RayExecutor(config)
    executor.connect()
    try:
        yield
    finally:
        executor.close()


def get_executor(config: ExecutorConfig) -> Executor:
    if config.is_ray:
        from sftmine.executors.rayexec import RayExecutor

        return RayExecutor(config)
    return LocalExecutor()
