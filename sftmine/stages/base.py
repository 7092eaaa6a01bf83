"""What a pipeline stage declares: a name, its input record type, typed settings, and `process`.

A stage is a class; the runner builds one per worker (`prepare` warms it: a sandbox pool, a model) and
hands it shards of input records. `process` yields one outcome per input record, `Keep(record)` (the
record to pass on, usually a new version of the input) or `Drop(record, reason)`, each with counts of its
own for the funnel. Outcomes carry their counts, not a shared funnel, so that an outcome the runner took
from its cache counts exactly as it did when it was made. Everything else (sharding, the cache that makes
reruns cheap, the lock, the files, the funnel, the stats, progress, timing, local or Ray) is the runner's.

The digest that decides reruns is `name`, `version` and the settings' fields; `runtime` options (which
sandbox, how many workers) decide how a stage runs, not what it outputs, and stay out of it.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from sftmine.records import Record, stable_hash

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Keep(Generic[R]):
    record: R
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Drop(Generic[R]):
    record: R
    reason: str
    counts: dict[str, int] = field(default_factory=dict)


Outcome = Keep | Drop


class Stage(ABC, Generic[R]):
    name: ClassVar[str]
    version: ClassVar[str] = "1"  # bump when `process` makes something else of the same input and settings
    record: ClassVar[type[Record]]  # the input type; outcomes carry the same type
    shard_size: ClassVar[int] = 8  # input records per shard, unless the executor config says otherwise

    def __init__(self, settings: Any, runtime: dict[str, Any] | None = None) -> None:
        if not dataclasses.is_dataclass(settings):
            raise TypeError(f"{self.name}: settings must be a dataclass, got {type(settings).__name__}")
        self.settings = settings
        self.runtime = dict(runtime or {})

    def digest(self) -> str:
        return stable_hash([self.name, self.version, dataclasses.asdict(self.settings)])

    def key(self, record: R) -> str:
        """The cache key of one input record's outcome."""
        return stable_hash([self.digest(), record.to_dict()])

    def prepare(self) -> None:  # noqa: B027 - a stage with no warm state needs nothing here
        """Build warm state once per worker, before its first shard."""

    @abstractmethod
    def process(self, shard: list[R]) -> Iterator[Outcome]:
        """One outcome per record of `shard`, in order."""

    def merge(self, kept: list[R]) -> list[R]:
        """The stage's output from every kept record, in input order (default: those records)."""
        return kept

    def close(self) -> None:  # noqa: B027 - a stage with no warm state frees nothing
        """Free what `prepare` built."""


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    reason = outcome.reason if isinstance(outcome, Drop) else None
    return {"record": outcome.record.to_dict(), "drop": reason, "counts": dict(outcome.counts)}


def outcome_from_dict(data: dict[str, Any], record_type: type[Record]) -> Outcome:
    record = record_type.from_dict(data["record"])
    counts = dict(data.get("counts") or {})
    return Keep(record, counts) if data.get("drop") is None else Drop(record, data["drop"], counts)
