"""Executor settings, from a pipeline YAML's `executor:` mapping and the command line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from sftmine.config import Layer, build
from sftmine.errors import ConfigError

EXECUTORS = ("local", "ray")


@dataclass(frozen=True)
class ExecutorConfig:
    SHORTHAND: ClassVar[str] = "name"  # `executor: ray` is `executor: {name: ray}`

    name: str = "local"  # local: this process (the default); ray: shards on a Ray cluster
    address: str | None = None  # ray: e.g. "auto" or "ray://head:10001"; None starts a local Ray instance
    workers: int | None = None  # ray: actors per stage [default: the cluster's CPUs / cpus_per_worker]
    cpus_per_worker: float = 1.0  # declared to Ray; a judge worker's sandbox pool is twice this
    gpus_per_worker: float | None = None  # None: 1 for in-process GPU model backends (vllm, transformers), else 0
    memory_mb: int | None = None  # declared to Ray per worker (None: nothing declared)
    shard_size: int | None = None  # items per shard [stage default: judge 16 tasks, sample 16, trace 1 source]
    num_cpus: int | None = None  # CPUs of the local Ray instance started when there is no address

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None, source: str = "config") -> ExecutorConfig:
        """The `executor:` entry of a config (`source` names it in messages)."""
        return build(cls, Layer(data, source, where="executor"))

    def merged(self, **overrides: Any) -> ExecutorConfig:
        """These settings with every override that is not None."""
        config = dataclasses.replace(self, **{k: v for k, v in overrides.items() if v is not None})
        try:
            config.validate()
        except ConfigError as exc:
            raise ConfigError(f"options: {exc}") from None
        return config

    def validate(self) -> None:
        if self.name not in EXECUTORS:
            raise ConfigError(f"executor must be one of {', '.join(EXECUTORS)}, got {self.name!r}")
        for key in ("workers", "shard_size", "memory_mb", "num_cpus"):
            value = getattr(self, key)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ConfigError(f"{key} must be a whole number of at least 1, got {value!r}")
        if not self.cpus_per_worker > 0:
            raise ConfigError(f"cpus_per_worker must be above 0, got {self.cpus_per_worker!r}")
        if self.gpus_per_worker is not None and self.gpus_per_worker < 0:
            raise ConfigError(f"gpus_per_worker must be 0 or more, got {self.gpus_per_worker!r}")

    def sandbox_pool(self, workers: int | None) -> int:
        """A worker's sandbox pool: --workers if given, else twice its declared CPUs."""
        return workers or max(1, round(2 * self.cpus_per_worker))

    @property
    def is_ray(self) -> bool:
        return self.name == "ray"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
