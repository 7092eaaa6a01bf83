"""Run directories: the lock a run holds on its folder, and cutting work into shards.

    RUN/.lock    held while a run writes to RUN (released when the process dies); a stage run writing
                 one file locks OUT.lock instead (sftmine.stages.layout)
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from sftmine.errors import StageLockedError

In = TypeVar("In")


class RunLock:
    """An exclusive, non-blocking lock on a run directory (released when the process dies)."""

    def __init__(self, run_dir: str | Path, lock_file: str | Path | None = None) -> None:
        self.path = Path(lock_file) if lock_file is not None else Path(run_dir) / ".lock"
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
