"""The buffering logger between capture and store.

Standard library only. Rows are appended to a list (cheap, atomic under the GIL) and written in one
transaction every `flush_every` rows, every `flush_s` seconds of activity, before a fork (when rows
are pending), and at exit; the functions' counters are written with them.
A failed write is counted, never raised: the traced program must not notice the recorder.
"""

from __future__ import annotations

import threading
import time


class Logger:
    def __init__(self, store, flush_every: int = 200, flush_s: float = 2.0) -> None:
        self.store = store
        self.flush_every = flush_every
        self.flush_s = flush_s
        self.rows: list = []
        self.funcs: dict = {}  # key -> the Func whose counters are written at each flush
        self.meta: dict = {"failures": 0, "last_error": ""}
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def log(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.flush_every or time.monotonic() - self._last > self.flush_s:
            self.flush()

    def track(self, func) -> None:
        self.funcs[func.key] = func

    def failed(self, exc: BaseException) -> None:
        self.meta["failures"] += 1
        self.meta["last_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"

    def flush_rows(self) -> None:
        """Before a fork: write pending rows (so the child does not inherit them); cheap when there are none."""
        if self.rows:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            rows, self.rows = self.rows, []
            self._last = time.monotonic()
            if not rows and not self.funcs:
                return
            try:
                self.store.write(rows, {k: f.info() for k, f in list(self.funcs.items())}, self.meta)
            except Exception as exc:  # noqa: BLE001 - disk full, read-only dir: count it and go on
                self.failed(exc)

    def after_fork_in_child(self) -> None:
        """The child starts its own file with empty counters; the parent flushed before the fork."""
        self._lock = threading.Lock()
        self.rows = []
        self.store.forget()
        for func in self.funcs.values():
            func.reset_counters()
        self.meta = {"failures": 0, "last_error": "", "driver": self.meta.get("driver", "")}

    def close(self) -> None:
        self.flush()
        self.store.close()
