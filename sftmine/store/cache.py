"""A small SQLite key → JSON cache, safe to share between threads and processes, and its in-memory twin."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SCHEMA = "CREATE TABLE IF NOT EXISTS {t} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class Cache:
    def __init__(self, path: str | Path, table: str = "cache") -> None:
        if not table.isidentifier():
            raise ValueError(f"cache table name must be an identifier: {table!r}")
        self.path, self.table = Path(path), table
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conn().execute(_SCHEMA.format(t=table))

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def get(self, key: str) -> Any | None:
        row = self._conn().execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn().execute(
                f"SELECT key, value FROM {self.table} WHERE key IN ({marks})", chunk)
            out.update((k, json.loads(v)) for k, v in rows)
        return out

    def put(self, key: str, value: Any) -> None:
        self._conn().execute(
            f"INSERT OR REPLACE INTO {self.table} (key, value) VALUES (?, ?)",
            (key, json.dumps(value, sort_keys=True, ensure_ascii=False)),
        )

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every (key, value), read lazily."""
        for key, value in self._conn().execute(f"SELECT key, value FROM {self.table}"):
            yield key, json.loads(value)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return self._conn().execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class MemoryCache:
    """A Cache's interface over a dict: the entries it starts with, and those put since (`added`).

    A worker that cannot reach the driver's SQLite file uses one: the driver sends what is known, the
    worker sends back `added`.
    """

    def __init__(self, known: dict[str, Any] | None = None) -> None:
        self.entries: dict[str, Any] = dict(known or {})
        self.added: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        return self.entries.get(key)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return {k: self.entries[k] for k in keys if k in self.entries}

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = self.added[key] = value

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def close(self) -> None:
        pass
