"""Counts over tasks' `meta.tests` summaries: for a tests run's summary, the manifest and the report."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sftmine.records import Task


def summarize(tasks: list[Task]) -> dict[str, Any]:
    """Counts for the whole file: tasks, cases per origin, how generated outputs were labelled, weak tasks."""
    origins: Counter = Counter()
    labelled_by: Counter = Counter()
    for task in tasks:
        origins.update(c.origin for c in task.tests)
        labelled_by[str(task.meta.get("tests", {}).get("labelled_by"))] += 1
    weak = sum(bool(t.meta.get("tests", {}).get("weak")) for t in tasks)
    with_generated = sum(bool(t.meta.get("tests", {}).get("generated")) for t in tasks)
    return {"tasks": len(tasks), "tasks_with_generated": with_generated, "weak": weak,
            "cases_by_origin": dict(sorted(origins.items())), "labelled_by": dict(sorted(labelled_by.items())),
            **({"mutation": mutation} if (mutation := mutation_counts(tasks)) else {})}


def mutation_counts(tasks: list[Task]) -> dict[str, Any]:
    """Summed `meta.tests.mutation` counts with the two scores; empty when no task was analysed."""
    found = [m for t in tasks if (m := t.meta.get("tests", {}).get("mutation"))]
    if not found:
        return {}
    total: Counter = Counter()
    for m in found:
        total.update(m)
    scores = {f"score_{k}": round(total[f"killed_{k}"] / total["mutants"], 4) if total["mutants"] else None
              for k in ("original", "with_generated")}
    return {"tasks": len(found), **dict(sorted(total.items())), **scores}
