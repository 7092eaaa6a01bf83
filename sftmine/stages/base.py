"""What a pipeline stage declares: a name, its input record type, typed settings, and `process`.

A stage is a class; the runner builds one per worker (`prepare` warms it: a sandbox pool, a model) and
hands it shards of input records. `process` yields one outcome per input record, `Keep(record)` (the
record to pass on, usually a new version of the input) or `Drop(record, reason)`, each with counts of its
own for the funnel. Outcomes carry their counts, not a shared funnel, so that an outcome the runner took
from its cache counts exactly as it did when it was made. Everything else (sharding, the cache that makes
reruns cheap, the lock, the files, the funnel, the stats, progress, timing, local or Ray) is the runner's.

The digest that decides reruns is `name`, `version` and the settings' fields; `runtime` options (which
sandbox, how many workers) decide how a stage runs, not what it outputs, and stay out of it.

A stage whose work is finer than its records (a sample of a task, one program's verdict) keeps it in a
memo: a table of entries, each naming the record it belongs to (`memo_tag`). The runner gives the stage
the memo before each shard: in this process the SQLite file itself, so each entry is kept the moment it
is made; on a Ray actor the entries of the shard's records, sent along, with what the shard added coming
back to the driver's file. Such a stage usually turns the outcome cache off (`cache_outcomes`): its memo
is keyed finer (a verdict by the sandbox that gave it, a sample by its index, so a larger n adds only the
new ones) and a rerun redoes only the bookkeeping.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from sftmine.records import Record, stable_hash
from sftmine.store.jsonl import write_jsonl

if TYPE_CHECKING:
    from sftmine.stages.layout import StageFiles
    from sftmine.stages.runner import StageResult

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
    record: ClassVar[type[Record]]  # the input type
    output: ClassVar[type[Record] | None] = None  # the type outcomes carry [default: the input type]
    dropped: ClassVar[type[Record] | None] = None  # the type a Drop carries [default: the output type]
    shard_size: ClassVar[int] = 8  # input records per shard, unless the executor config says otherwise
    unit: ClassVar[str] = "record"  # what the progress bar counts
    cache_outcomes: ClassVar[bool] = True  # keep each record's outcome, so a rerun skips it
    memo: ClassVar[str | None] = None  # the memo's table, for a stage that keeps finer work (see above)
    settings_type: ClassVar[type | None] = None  # what a refresh file's `name:` entry gives a task stage

    def __init__(self, settings: Any, runtime: dict[str, Any] | None = None) -> None:
        if not dataclasses.is_dataclass(settings):
            raise TypeError(f"{self.name}: settings must be a dataclass, got {type(settings).__name__}")
        self.settings = settings
        self.runtime = dict(runtime or {})
        self.memo_store: Any = None  # set by the runner before each shard when `memo` names a table

    @classmethod
    def output_type(cls) -> type[Record]:
        return cls.output or cls.record

    @classmethod
    def dropped_type(cls) -> type[Record]:
        return cls.dropped or cls.output_type()

    def digest(self) -> str:
        return stable_hash([self.name, self.version, dataclasses.asdict(self.settings)])

    def key(self, record: R) -> str:
        """The cache key of one input record's outcome."""
        return stable_hash([self.digest(), record.to_dict()])

    def finished(self, record: R) -> Outcome | None:
        """The outcome of `record` if the stage's own store already holds it (default: never); asked on
        the driver, for records the outcome cache lacks, by a stage that keeps its work elsewhere."""
        return None

    def prepare(self) -> None:  # noqa: B027 - a stage with no warm state needs nothing here
        """Build warm state once per worker, before its first shard."""

    @abstractmethod
    def process(self, shard: list[R]) -> Iterator[Outcome]:
        """One outcome per record of `shard`, in order."""

    def memo_tag(self, record: R) -> str:
        """The tag of the memo entries `record` may use; an entry's is its `task_id`."""
        return str(record.task_id)

    def shard_info(self) -> dict[str, Any]:
        """What the last shard did that its outcomes do not say (executions, tokens); summed by the runner.

        Numbers are added up over the shards run now, other values are the last one seen; outcomes from
        the cache count in the funnel, never here."""
        return {}

    def gpus(self, declared: float | None) -> float:
        """GPUs a Ray worker declares: the executor's setting, else none."""
        return declared or 0.0

    def settle(self, records: list[R], outcomes: list[Outcome]) -> list[Outcome]:
        """The driver's pass over every input record and its outcome, in input order, cached ones
        included, for what needs the whole set (a duplicate of a record in another shard); it may turn a
        Keep into a Drop. The funnel and the outputs count what it returns (default: the outcomes)."""
        return outcomes

    def close(self) -> None:  # noqa: B027 - a stage with no warm state frees nothing
        """Free what `prepare` built."""

    def summary(self, result: StageResult) -> dict[str, Any]:
        """The stage's own entries of its stats file, beside the runner's (funnel, timing)."""
        return {}

    def describe(self, result: StageResult) -> str:
        """One line on what a run did, for a refresh's log."""
        kept = len(result.records)
        return (f"{kept} of {len(result.outcomes)} {self.unit}(s) kept, {len(result.outcomes) - kept} dropped "
                f"({result.processed} run now, {result.cached} cached)")

    def write(self, result: StageResult, files: StageFiles) -> Any:
        """The output records and the dropped ones with their reasons (the stats file is the runner's).

        A stage whose output is more than records (a snapshot folder, a report) writes it here and may
        return what it made; the caller finds it in `StageResult.written`."""
        write_jsonl(files.output, result.records)
        write_jsonl(files.dropped, [{"reason": o.reason, "record": o.record.to_dict()}
                                    for o in result.outcomes if isinstance(o, Drop)])


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    reason = outcome.reason if isinstance(outcome, Drop) else None
    return {"record": outcome.record.to_dict(), "drop": reason, "counts": dict(outcome.counts)}


def memo_entry_tag(entry: Any) -> str | None:
    return entry.get("task_id") if isinstance(entry, dict) else None


def outcome_from_dict(data: dict[str, Any], stage_cls: type[Stage]) -> Outcome:
    counts = dict(data.get("counts") or {})
    if data.get("drop") is None:
        return Keep(stage_cls.output_type().from_dict(data["record"]), counts)
    return Drop(stage_cls.dropped_type().from_dict(data["record"]), data["drop"], counts)
