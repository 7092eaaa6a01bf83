"""Run directories: one folder per stage, sharded outputs, a completion marker per shard.

Layout of a stage folder::

    RUN/STAGE/shard-00000.jsonl    output records of shard 0 (written atomically)
    RUN/STAGE/shard-00000.done     JSON: the shard's funnel and timing; written after the output
    RUN/STAGE/stats.json           merged funnel of all shards
    RUN/.lock                      held while a run writes to RUN

A shard whose marker exists is skipped on rerun, so a killed run resumes where it stopped and a
finished stage does nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sftmine.errors import StageLockedError
from sftmine.records import Record
from sftmine.store.funnel import Funnel
from sftmine.store.jsonl import read_jsonl, write_json, write_jsonl

In = TypeVar("In")


@dataclass
class StageResult:
    stage: str
    shards: int
    skipped: int
    funnel: Funnel
    outputs: list[Path]

    @property
    def did_nothing(self) -> bool:
        return self.skipped == self.shards

    def message(self) -> str:
        if self.did_nothing:
            return f"{self.stage}: all {self.shards} shard(s) already done, nothing to do"
        return f"{self.stage}: {self.shards - self.skipped} shard(s) run, {self.skipped} skipped; " + \
            self.funnel.summary()


class RunLock:
    """An exclusive, non-blocking lock on a run directory (released when the process dies)."""

    def __init__(self, run_dir: str | Path) -> None:
        self.path = Path(run_dir) / ".lock"
        self._fh: Any = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise StageLockedError(
                f"{self.path.parent}: another sftmine run is writing here; wait for it or use another --out"
            ) from None
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def shard(items: Sequence[In], size: int) -> list[list[In]]:
    if size < 1:
        raise ValueError("shard size must be at least 1")
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


class Stage(Generic[In]):
    """A resumable, sharded step. Subclasses fill in `process`."""

    name = "stage"

    def __init__(self, run_dir: str | Path) -> None:
        self.dir = Path(run_dir) / self.name

    def process(self, items: list[In], funnel: Funnel) -> Iterable[Record | dict[str, Any]]:
        raise NotImplementedError

    def shard_path(self, index: int) -> Path:
        return self.dir / f"shard-{index:05d}.jsonl"

    def marker_path(self, index: int) -> Path:
        return self.dir / f"shard-{index:05d}.done"

    def is_done(self, index: int) -> bool:
        return self.marker_path(index).is_file()

    def run(self, shards: Sequence[list[In]], on_shard: Callable[[int], None] | None = None) -> StageResult:
        funnel, skipped, outputs = Funnel(), 0, []
        for index, items in enumerate(shards):
            outputs.append(self.shard_path(index))
            if self.is_done(index):
                skipped += 1
                funnel.merge(Funnel.from_dict(json.loads(self.marker_path(index).read_text())["funnel"]))
            else:
                funnel.merge(self._run_shard(index, items))
            if on_shard:
                on_shard(index)
        write_json(self.dir / "stats.json", {"stage": self.name, "shards": len(shards), **funnel.to_dict()})
        return StageResult(self.name, len(shards), skipped, funnel, outputs)

    def _run_shard(self, index: int, items: list[In]) -> Funnel:
        funnel, start = Funnel(), time.monotonic()
        write_jsonl(self.shard_path(index), self.process(items, funnel))
        write_json(self.marker_path(index), {
            "funnel": funnel.to_dict(), "items": len(items), "seconds": round(time.monotonic() - start, 3)})
        return funnel

    def outputs(self) -> Iterator[dict[str, Any]]:
        for path in sorted(self.dir.glob("shard-*.jsonl")):
            if self.marker_path(int(path.stem.split("-")[1])).is_file():
                yield from read_jsonl(path)
