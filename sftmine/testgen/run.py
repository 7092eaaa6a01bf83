"""`sftmine tests generate`: every task of a file, cached by (fingerprint, settings), written atomically.

Each finished task goes into a SQLite cache beside the output as soon as it is done, so a killed run
loses at most the tasks in flight, and a rerun (or a run on a file that shares tasks) labels nothing it
has labelled before. The output file is written once at the end, whole, in input order.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.records import Task, stable_hash
from sftmine.sandbox.pool import Pool
from sftmine.store.cache import Cache
from sftmine.store.jsonl import read_records, write_jsonl
from sftmine.testgen.generate import Settings, generate_task
from sftmine.verify import map_by_runtime

# Bump when generation changes what it produces for the same task and settings.
GENERATOR = "testgen/3"


def cache_key(task: Task, settings: Settings) -> str:
    return stable_hash([GENERATOR, task.fingerprint, dataclasses.asdict(settings)])


def default_cache(out: Path) -> Path:
    return out.with_name(out.name + ".cache.sqlite")


def generate_file(tasks_path: Path, out: Path, settings: Settings, make_pool: Callable[[], Pool],
                  cache_path: Path | None = None, on_done: Callable[[Task], None] | None = None) -> dict[str, Any]:
    """Generate tests for every task in `tasks_path` into `out`; the pool starts only if something is new."""
    start = time.monotonic()
    tasks = list(read_records(tasks_path, Task))
    cache = Cache(cache_path or default_cache(out), table="testgen")
    keys = [cache_key(t, settings) for t in tasks]
    done = cache.get_many(keys)
    todo = [t for t, k in zip(tasks, keys) if k not in done]

    def work(pool: Pool, task: Task) -> Task:
        new = generate_task(pool, task, settings)
        cache.put(cache_key(task, settings), new.to_dict())
        if on_done:
            on_done(new)
        return new

    if todo:
        with make_pool() as pool:
            for task, new in zip(todo, map_by_runtime(pool, todo, work)):
                done[cache_key(task, settings)] = new.to_dict()
    results = [Task.from_dict(done[k]) for k in keys]
    write_jsonl(out, results)
    cache.close()
    return {**summarize(results), "labelled_now": len(todo), "from_cache": len(tasks) - len(todo),
            "seconds": round(time.monotonic() - start, 2)}


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
            "cases_by_origin": dict(sorted(origins.items())), "labelled_by": dict(sorted(labelled_by.items()))}
