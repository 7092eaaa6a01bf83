"""The figures a report shows, gathered from one snapshot: one row per judged task, and the funnel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sftmine.dedup.sources import source_name
from sftmine.records import FilteredTask, Origin, Record
from sftmine.snapshot.layout import Snapshot

ORIGINS = [o.value for o in Origin]


@dataclass(frozen=True)
class TaskRow(Record):
    task_id: str
    source: str
    kept: bool
    reason: str | None
    n: int
    c: int
    rating: float | None
    difficulty: str | None

    @property
    def pass_rate(self) -> float | None:
        return self.c / self.n if self.n else None


@dataclass
class ReportData:
    name: str
    manifest: dict[str, Any]
    rows: list[TaskRow] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return sorted({r.source for r in self.rows} | set(self.manifest.get("counts", {}).get("by_source", {})))

    def funnel_table(self) -> list[dict[str, Any]]:
        """Per source: tasks in, after dedup, judged, kept (None where a stage did not run)."""
        out = []
        by_source = self.manifest.get("counts", {}).get("by_source", {})
        for source in self.sources:
            stages = by_source.get(source, {})
            dedup, judged = stages.get("dedup"), stages.get("filter", {})
            out.append({"source": source, "in": dedup["seen"] if dedup else judged.get("seen", 0),
                        "after_dedup": dedup["kept"] if dedup else None, "judged": judged.get("seen", 0),
                        "kept": judged.get("kept", 0)})
        return out

    def tests_table(self) -> list[list[str]]:
        """Per source: tasks, cases per task by origin, weak tasks, false positives caught, mutation score."""
        by_source = self.manifest.get("counts", {}).get("tests", {})
        rows = []
        for source, entry in by_source.items():
            per_task = {o: n / entry["tasks"] for o, n in entry["cases"].items()} if entry["tasks"] else {}
            rows.append([source, str(entry["tasks"])] + [f"{per_task.get(o, 0):.1f}" for o in ORIGINS]
                        + [str(entry["weak"]), str(entry.get("false_positives_caught", 0)),
                           _mutation_cell(entry.get("mutation"))])
        return rows

    def drop_reasons(self) -> dict[str, int]:
        """`stage: reason` -> count, largest first."""
        reasons = {f"{stage}: {reason}": n for stage, found in self.manifest.get("drop_reasons", {}).items()
                   for reason, n in found.items()}
        return dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))


def _mutation_cell(mutation: dict[str, Any] | None) -> str:
    """"original → with generated (mutants)", or "-" where no reference was mutated."""
    if not mutation or not mutation.get("mutants"):
        return "-"
    return (f"{mutation['score_original']:.0%} → {mutation['score_with_generated']:.0%} "
            f"({mutation['mutants']} mutants)")


def _rating(meta: dict[str, Any]) -> float | None:
    value = meta.get("rating")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _difficulty(meta: dict[str, Any]) -> str | None:
    value = meta.get("difficulty")
    return None if value is None or value == "" else str(value)


def task_row(record: FilteredTask) -> TaskRow:
    task = record.task
    return TaskRow(task.task_id, source_name(task), record.kept, record.drop_reason, record.n, record.c,
                   _rating(task.meta), _difficulty(task.meta))


def load(snapshot: Snapshot) -> ReportData:
    rows = [task_row(r) for r in snapshot.kept()] + [task_row(r) for r in snapshot.dropped()]
    return ReportData(snapshot.name, snapshot.manifest, sorted(rows, key=lambda r: r.task_id))
