"""`sftmine tests generate`: every task of a file, cached by (fingerprint, settings), written atomically.

Each finished task goes into a SQLite cache beside the output as soon as it is done, so a killed run
loses at most the tasks in flight, and a rerun (or a run on a file that shares tasks) labels nothing it
has labelled before. The output file is written once at the end, whole, in input order.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.records import Task, stable_hash
from sftmine.sandbox.pool import Pool
from sftmine.store.cache import Cache
from sftmine.store.jsonl import read_records, write_jsonl
from sftmine.testgen.generate import Settings, already_generated, generate_task
from sftmine.testgen.strength import with_mutation
from sftmine.testgen.summary import summarize
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
        if settings.mutants and not already_generated(task):
            new = with_mutation(pool, task, new, settings.mutants)
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
