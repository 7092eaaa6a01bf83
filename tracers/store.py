"""The trace store: one SQLite file per traced process, and a reader over a directory of them.

Standard library only. Each process writes its own file (`trace-<pid>-<random>.sqlite`), so a test
suite that forks or spawns Python subprocesses never contends for a lock. The reader opens every file
read-only and yields rows whose JSON is decoded only when a field is read, so one damaged row costs
that row alone.

Tables:
  funcs(key, info)     info: JSON {module, qualname, file, line, kind, skip, seen, attempts, duplicates}
  calls(func, params, result, raised, reason, items, after)
                       params: JSON [[name, kind, literal, is_default], ...] (kind: self, pos, posonly,
                       varargs, kwonly, varkw; `self` is a method's receiver, see receivers.py);
                       result: literal text; raised: exception class name;
                       reason: why the call cannot be kept (mock, unrestorable, too_large, ...) or NULL;
                       items: for a generator, how many values to take (result lists them), else NULL;
                       after: a method's receiver's attributes when it returned, if it changed them
  meta(key, value)     the recorder's own counters and its last error
"""

from __future__ import annotations

import glob
import json
import os
import sqlite3
import stat

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS funcs (key TEXT PRIMARY KEY, info TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, func TEXT NOT NULL, params TEXT,"
    " result TEXT, raised TEXT, reason TEXT, items INTEGER, after TEXT)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
)
PATTERN = "trace-*.sqlite"


class Store:
    """Writer for one process's file; the file is created on the first write."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.path = ""
        self._conn = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            name = f"trace-{os.getpid()}-{os.urandom(4).hex()}.sqlite"
            self.path = os.path.join(self.directory, name)
            self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                         check_same_thread=False)
            for statement in SCHEMA:
                self._conn.execute(statement)
        return self._conn

    def write(self, calls: list, funcs: dict, meta: dict) -> None:
        conn = self._connect()
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO calls (func, params, result, raised, reason, items, after)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)", calls)
            conn.executemany("INSERT OR REPLACE INTO funcs (key, info) VALUES (?, ?)",
                             [(k, json.dumps(v)) for k, v in funcs.items()])
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             [(k, json.dumps(v)) for k, v in meta.items()])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def forget(self) -> None:
        """After a fork: the child must not share the parent's connection or file."""
        self._conn = None
        self.path = ""

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class CallRow:
    """One recorded call; `params` is decoded on first access."""

    __slots__ = ("func", "_params", "result", "raised", "reason", "items", "after", "_decoded")

    def __init__(self, func: str, params: str | None, result: str | None, raised: str | None,
                 reason: str | None, items: int | None = None, after: str | None = None) -> None:
        self.func, self._params, self.result, self.raised, self.reason = func, params, result, raised, reason
        self.items, self.after = items, after
        self._decoded = None

    @property
    def params(self) -> list:
        if self._decoded is None:
            self._decoded = json.loads(self._params) if self._params else []
        return self._decoded


class FuncRow:
    __slots__ = ("key", "_info", "_decoded")

    def __init__(self, key: str, info: str) -> None:
        self.key, self._info, self._decoded = key, info, None

    @property
    def info(self) -> dict:
        if self._decoded is None:
            self._decoded = json.loads(self._info)
        return self._decoded


def trace_files(directory: str) -> list:
    """Regular files only: a symlink planted by the traced program is never opened."""
    out = []
    for path in sorted(glob.glob(os.path.join(directory, PATTERN))):
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                out.append(path)
        except OSError:
            continue
    return out


def _open_ro(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    return conn


def read_calls(path: str):
    conn = _open_ro(path)
    try:
        for row in conn.execute("SELECT func, params, result, raised, reason, items, after FROM calls ORDER BY id"):
            yield CallRow(*row)
    finally:
        conn.close()


def read_funcs(path: str):
    conn = _open_ro(path)
    try:
        for key, info in conn.execute("SELECT key, info FROM funcs"):
            yield FuncRow(key, info)
    finally:
        conn.close()


def read_meta(path: str) -> dict:
    conn = _open_ro(path)
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    finally:
        conn.close()
