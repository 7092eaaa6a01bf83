"""The report as a stage: each judged task of a snapshot in, its row out (source, pass rate, rating),
and the pages and plots written once, at the end, from all the rows and the snapshot's manifest.

Runtime: `name` and `manifest` (the snapshot's), `out` (the report folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sftmine.records import FilteredTask
from sftmine.report.data import ReportData, TaskRow, task_row
from sftmine.stages import Keep, Outcome, Stage, StageFiles, StageResult


@dataclass(frozen=True)
class ReportSettings:
    """Nothing to choose: the report shows every plot it has."""


class ReportStage(Stage[FilteredTask]):
    name = "report"
    version = "report/1"
    record = FilteredTask
    output = TaskRow
    shard_size = 4096
    unit = "task"
    cache_outcomes = False  # a row is cheap; the pages are drawn whole anyway

    def process(self, shard: list[FilteredTask]) -> Iterator[Outcome]:
        for record in shard:
            yield Keep(task_row(record))

    def write(self, result: StageResult, files: StageFiles) -> Any:
        from sftmine.report import render_files

        rows = sorted(result.records, key=lambda r: r.task_id)  # type: ignore[attr-defined]
        return render_files(ReportData(self.runtime["name"], self.runtime["manifest"], rows), self.runtime["out"])
