"""The snapshot as a stage: each judged task in, kept or dropped (with the filter's reason) as the
filter's files say, and the dataset folder written once, whole, at the end (sftmine.snapshot.write).

The folder is content-addressed, so the stage keeps no outcome cache: an unchanged dataset is found by
its hash and only `latest` moves. Runtime: `root` (the data folder), `inputs` (what the dataset folder
records beside the tasks: model, config, dedup's removals) and `now` (the folder's date).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sftmine.records import FilteredTask
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult


@dataclass(frozen=True)
class SnapshotSettings:
    """Nothing to choose: a snapshot is what its inputs are."""


class SnapshotStage(Stage[FilteredTask]):
    name = "snapshot"
    version = "snapshot/1"
    record = FilteredTask
    shard_size = 4096
    unit = "task"
    cache_outcomes = False

    def process(self, shard: list[FilteredTask]) -> Iterator[Outcome]:
        dropped = {r.task.task_id for r in self.runtime["inputs"].dropped}
        for record in shard:
            yield Drop(record, record.drop_reason or "dropped") if record.task.task_id in dropped else Keep(record)

    def summary(self, result: StageResult) -> dict[str, Any]:
        return {"root": str(self.runtime["root"])}

    def write(self, result: StageResult, files: StageFiles) -> Any:
        from sftmine.snapshot.write import commit

        dropped = [o.record for o in result.outcomes if isinstance(o, Drop)]
        inputs = replace(self.runtime["inputs"], kept=list(result.records), dropped=dropped)
        return commit(self.runtime["root"], inputs, self.runtime["now"])
