"""Which source a task came from, as one short name for funnels, manifests and plots; and funnels
counted per source."""

from __future__ import annotations

from collections.abc import Iterable

from sftmine.records import Task
from sftmine.store import Funnel


def source_name(task: Task) -> str:
    """The site (codeforces, humaneval, ...), else the kind (ci, import), else the task id's first part."""
    source = task.source or {}
    for key in ("site", "kind"):
        value = source.get(key)
        if isinstance(value, str) and value:
            return value
    return task.task_id.split("/", 1)[0]


def count_by_source(outcomes: Iterable[tuple[str, str | None]]) -> tuple[Funnel, dict[str, Funnel]]:
    """(total, per-source) funnels of (source, drop reason, or None when kept) pairs."""
    by_source: dict[str, Funnel] = {}
    for source, reason in outcomes:
        funnel = by_source.setdefault(source, Funnel())
        if reason is None:
            funnel.keep()
        else:
            funnel.drop(reason)
    total = Funnel()
    for funnel in by_source.values():
        total.merge(funnel)
    return total, dict(sorted(by_source.items()))
