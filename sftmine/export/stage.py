"""Exporting as a stage: each kept task of a snapshot in, its rows in the format out, or the reason the
format has none (a stdio task in a function format); the rows are written once, whole, at the end, to a
path or fsspec URL (under a temporary name, then moved).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sftmine.export.base import Skip, get_format
from sftmine.export.output import open_output
from sftmine.export.targets import DEFAULT_POLICY
from sftmine.records import ExportRows, FilteredTask
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult


@dataclass(frozen=True)
class ExportSettings:
    format: str
    policy: str = DEFAULT_POLICY


class ExportStage(Stage[FilteredTask]):
    """Runtime: `url`, where the rows go."""

    name = "export"
    version = "export/1"
    record = FilteredTask
    output = ExportRows
    dropped = FilteredTask
    shard_size = 512
    unit = "task"
    cache_outcomes = False  # a format call is cheap; the export is rewritten whole anyway

    def process(self, shard: list[FilteredTask]) -> Iterator[Outcome]:
        fmt = get_format(self.settings.format)
        for record in shard:
            try:
                rows = fmt.rows(record, self.settings.policy)
            except Skip as skip:
                yield Drop(record, str(skip))
                continue
            yield Keep(ExportRows(record.task.task_id, rows), {"rows": len(rows)})

    def summary(self, result: StageResult) -> dict[str, Any]:
        return {"format": self.settings.format, "policy": self.settings.policy, "out": self.runtime["url"],
                "rows": sum(len(r.rows) for r in result.records)}

    def write(self, result: StageResult, files: StageFiles) -> None:
        fmt = get_format(self.settings.format)
        with open_output(self.runtime["url"], fmt.binary) as fh:
            fmt.write((row for r in result.records for row in r.rows), fh)
