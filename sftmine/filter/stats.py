"""The numbers of one filter run: tasks, kept, dropped by reason, mean pass@k."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sftmine.passk import mean_pass_at_k
from sftmine.records import FilteredTask, Origin, Verdict
from sftmine.store import Funnel

KS = (1, 10, 100)


def funnel(results: list[FilteredTask]) -> Funnel:
    out = Funnel()
    for r in results:
        if r.kept:
            out.keep()
        else:
            out.drop(r.drop_reason or "unknown")
    return out


def summarize(results: list[FilteredTask]) -> dict[str, Any]:
    """Mean pass@k is over tasks with at least k judged samples; null when no task has that many."""
    counts = [(r.n, r.c) for r in results if r.n > 0]
    f = funnel(results)
    means = {f"pass@{k}": _round(mean_pass_at_k(counts, k)) for k in KS}
    return {"tasks": f.seen, "kept": f.kept, "dropped": dict(sorted(f.dropped.items())), **means,
            "samples": sum(r.n for r in results), "passing_samples": sum(r.c for r in results),
            "targets": sum(len(r.passing) for r in results if r.kept)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def failures_by_origin(verdicts: list[Verdict]) -> dict[str, Any]:
    """First-round failures by the tests that caught them; those caught by generated cases passed the
    task's own tests, so they are the false positives the generated tests removed."""
    by_origin = Counter(v.failed_origin for v in verdicts if not v.passed and v.failed_origin)
    return {"failed_by_origin": dict(sorted(by_origin.items())),
            "false_positives_caught": by_origin.get(Origin.GENERATED.value, 0)}
