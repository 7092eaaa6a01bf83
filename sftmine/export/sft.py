"""SFT prompt/completion rows, as JSONL and as Parquet.

One row per training target (see targets.py): `prompt` is the task's prompt; `completion` the code
that follows it (`mode` "completion"), or a whole function/program for chat-mode samples (`mode` "chat").
Parquet rows add the task's fields (tests and checker as JSON text), so one flat schema fits every
source and both pandas and `datasets` read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from sftmine.dedup.sources import source_name
from sftmine.export.base import Format, Skip, register
from sftmine.export.targets import targets
from sftmine.records import FilteredTask
from sftmine.store.jsonl import write_parquet_batches


class SFT(Format):
    name = "sft"

    def rows(self, record: FilteredTask, policy: str) -> list[dict[str, Any]]:
        task, chosen = record.task, targets(record, policy)
        if not chosen:
            raise Skip("no_target")
        return [{"task_id": task.task_id, "source": source_name(task), "prompt": task.prompt,
                 "completion": t.code, "target": t.kind, "mode": t.mode, "model": t.model,
                 "mean_logprob": t.mean_logprob} for t in chosen]


def _task_columns(record: FilteredTask) -> dict[str, Any]:
    task, meta = record.task, record.task.meta
    rating = meta.get("rating")
    return {"style": task.style.value, "entry_point": task.entry_point,
            "canonical_solution": task.canonical_solution, "test_code": task.test_code,
            "tests": json.dumps([c.to_dict() for c in task.tests], ensure_ascii=False),
            "checker": json.dumps(task.checker, sort_keys=True), "fingerprint": task.fingerprint,
            "n": record.n, "c": record.c, "pass_at_1": record.pass_at.get("pass@1"),
            "difficulty": None if meta.get("difficulty") is None else str(meta["difficulty"]),
            "rating": float(rating) if isinstance(rating, (int, float)) else None}


COLUMNS = [("task_id", "string"), ("source", "string"), ("prompt", "string"), ("completion", "string"),
           ("target", "string"), ("mode", "string"), ("model", "string"), ("mean_logprob", "float64"),
           ("style", "string"), ("entry_point", "string"), ("canonical_solution", "string"),
           ("test_code", "string"), ("tests", "string"), ("checker", "string"), ("fingerprint", "string"),
           ("n", "int64"), ("c", "int64"), ("pass_at_1", "float64"), ("difficulty", "string"),
           ("rating", "float64")]
BATCH = 10_000  # rows per Parquet row group: memory stays flat however large the snapshot


class Parquet(SFT):
    name = "parquet"
    binary = True

    def rows(self, record: FilteredTask, policy: str) -> list[dict[str, Any]]:
        extra = _task_columns(record)
        return [{**row, **extra} for row in super().rows(record, policy)]

    def write(self, rows: Iterable[dict[str, Any]], fh: IO[Any]) -> int:
        return write_parquet_batches(rows, fh, COLUMNS, BATCH)


register(SFT())
register(Parquet())
