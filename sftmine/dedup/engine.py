"""Contamination, a check of one task on its own; then one pass over the rest, in a stable priority
order, where the first of a group of duplicates survives.

Priority: tasks with a reference solution first, then tasks with more tests, then by task id (then by
input position), so the same input always keeps the same tasks whatever order the sources came in.
Each task that overlaps no benchmark is checked, in order, for a task id already kept, an exact
duplicate and a near duplicate of a task kept before it; the first hit is its removal reason and names
the match.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from datasketch import MinHash
from tqdm import tqdm

from sftmine.dedup.contamination import Benchmark
from sftmine.dedup.exact import exact_keys
from sftmine.dedup.near import MIN_WORDS, THRESHOLD, NearIndex
from sftmine.dedup.normalize import TaskTokens, task_tokens
from sftmine.dedup.sources import source_name
from sftmine.records import Removal, Task

DUPLICATE_ID = "duplicate_task_id"
CONTAMINATED = "contaminated"
EXACT = "exact_duplicate"
NEAR = "near_duplicate"


def priority(task: Task, position: int) -> tuple[Any, ...]:
    return (task.canonical_solution is None, -len(task.tests), task.task_id, position)


def contamination(task: Task, benchmarks: Sequence[Benchmark]) -> Removal | None:
    """The first benchmark problem `task` overlaps, as its removal, or None."""
    if not benchmarks:
        return None
    tokens = task_tokens(task)
    for benchmark in benchmarks:
        found = benchmark.check(tokens)
        if found is not None:
            return Removal(task.task_id, source_name(task), CONTAMINATED, found.match, found.detail())
    return None


class Deduplicator:
    """Holds what the tasks kept so far look like; `check` says why a new task goes, or None."""

    def __init__(self, near_threshold: float = THRESHOLD) -> None:
        self._ids: set[str] = set()
        self._exact: dict[tuple[str, str], str] = {}
        self._near = NearIndex(near_threshold)
        self._kept: list[str] = []

    def check(self, task: Task) -> Removal | None:
        tokens = task_tokens(task)
        sig = self._near.signature(tokens.prose) if len(tokens.prose) >= MIN_WORDS else None
        removal = self._removal(task, tokens, sig)
        if removal is None:
            self._keep(task, tokens, sig)
        return removal

    def _removal(self, task: Task, tokens: TaskTokens, sig: MinHash | None) -> Removal | None:
        src = source_name(task)
        if task.task_id in self._ids:
            return Removal(task.task_id, src, DUPLICATE_ID, task.task_id)
        for kind, key in exact_keys(tokens):
            if (kind, key) in self._exact:
                return Removal(task.task_id, src, EXACT, self._exact[kind, key], {"on": kind})
        hit = self._near.nearest(sig) if sig is not None else None
        if hit is not None:
            return Removal(task.task_id, src, NEAR, self._kept[hit[0]], {"jaccard": round(hit[1], 3)})
        return None

    def _keep(self, task: Task, tokens: TaskTokens, sig: MinHash | None) -> None:
        self._ids.add(task.task_id)
        for key in exact_keys(tokens):
            self._exact.setdefault(key, task.task_id)
        if sig is not None:
            self._near.add(len(self._kept), sig)
        self._kept.append(task.task_id)


def deduplicate(tasks: Sequence[Task], dedup: Deduplicator, progress: bool = False) -> list[Removal | None]:
    """The removal of each task (None: kept), aligned with `tasks`."""
    order = sorted(range(len(tasks)), key=lambda i: priority(tasks[i], i))
    decisions: list[Removal | None] = [None] * len(tasks)
    for i in tqdm(order, desc="dedup", unit="task", file=sys.stderr, disable=not progress or None):
        decisions[i] = dedup.check(tasks[i])
    return decisions
