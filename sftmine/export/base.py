"""The export interface: a format turns each kept task of a snapshot into rows, or skips it with a
reason; the export stage (sftmine.export.stage) writes the rows in one go to a path or fsspec URL."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from sftmine.export.targets import DEFAULT_POLICY, check_policy
from sftmine.records import FilteredTask, Style, Task
from sftmine.registry import Registry
from sftmine.snapshot.guard import refuse_inside_snapshot
from sftmine.snapshot.layout import Snapshot
from sftmine.store import Funnel
from sftmine.store.jsonl import dumps_line


class Skip(Exception):
    """This task has no row in this format; the message is the funnel reason."""


def function_only(task: Task) -> None:
    """Formats built around one called function have no row for a stdio program."""
    if task.style is Style.STDIO:
        raise Skip("stdio_task")


class Format(ABC):
    name = ""
    binary = False

    @abstractmethod
    def rows(self, record: FilteredTask, policy: str) -> list[dict[str, Any]]:
        """The rows of one kept task, or Skip(reason)."""

    def write(self, rows: Iterable[dict[str, Any]], fh: IO[Any]) -> int:
        count = 0
        for row in rows:
            fh.write(dumps_line(row))
            count += 1
        return count


FORMATS: Registry[Format] = Registry("export format", [
    "sftmine.export.codexd", "sftmine.export.humaneval", "sftmine.export.sft"])


def register(fmt: Format) -> Format:
    return FORMATS.register(fmt.name)(fmt)


def get_format(name: str) -> Format:
    return FORMATS.get(name)


@dataclass
class ExportResult:
    format: str
    out: str
    rows: int = 0
    funnel: Funnel = field(default_factory=Funnel)

    def message(self) -> str:
        return f"wrote {self.rows} {self.format} row(s) to {self.out}; tasks: {self.funnel.summary()}"


def export(snapshot: Snapshot, fmt_name: str, out: str, policy: str = DEFAULT_POLICY, progress: bool = False
           ) -> ExportResult:
    """Every kept task of `snapshot` through the export stage (sftmine.export.stage) into `out`."""
    from sftmine.export.stage import ExportSettings, ExportStage
    from sftmine.stages import run_stage, scratch

    get_format(fmt_name)
    check_policy(policy)
    refuse_inside_snapshot(out)
    with scratch("export") as files:
        result = run_stage(ExportStage, ExportSettings(fmt_name, policy), list(snapshot.kept()), files,
                           {"url": out}, progress=progress)
    return ExportResult(fmt_name, out, result.summary["rows"], result.funnel)
