"""The store: one SQLite file per process; rows read back lazily, so a damaged row costs only itself."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from tracers import store


def write_one(directory, rows, funcs=None, meta=None):
    s = store.Store(str(directory))
    s.write(rows, funcs or {}, meta or {"failures": 0})
    s.close()
    return s.path


def test_rows_and_functions_round_trip(tmp_path):
    params = json.dumps([["a", "pos", "1", False]])
    path = write_one(tmp_path, [("f", params, "2", None, None, None, "{'n': 3}"), ("f", None, None, None, "mock", None, None),
                                ("g", params, "[1, 2]", None, None, 3, None)], {"f": {"qualname": "f", "seen": 2}})
    assert os.path.basename(path).startswith(f"trace-{os.getpid()}-")
    rows = list(store.read_calls(path))
    assert [(r.func, r.params, r.result, r.reason, r.items, r.after) for r in rows] == [
        ("f", [["a", "pos", "1", False]], "2", None, None, "{'n': 3}"), ("f", [], None, "mock", None, None),
        ("g", [["a", "pos", "1", False]], "[1, 2]", None, 3, None)]
    assert [r.info for r in store.read_funcs(path)] == [{"qualname": "f", "seen": 2}]
    assert store.read_meta(path) == {"failures": 0}


def test_a_damaged_row_fails_only_when_read(tmp_path):
    path = write_one(tmp_path, [("f", "{not json", "1", None, None, None, None), ("f", "[]", "2", None, None, None, None)])
    rows = list(store.read_calls(path))
    assert rows[1].params == [] and rows[1].result == "2"
    with pytest.raises(json.JSONDecodeError):
        _ = rows[0].params


def test_each_process_writes_its_own_file_and_a_forked_child_starts_another(tmp_path):
    s = store.Store(str(tmp_path))
    s.write([("f", "[]", "1", None, None, None, None)], {}, {})
    first = s.path
    s.forget()
    s.write([("g", "[]", "2", None, None, None, None)], {}, {})
    assert s.path != first
    assert len(store.trace_files(str(tmp_path))) == 2


def test_links_planted_in_the_trace_folder_are_never_opened(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    real = write_one(tmp_path / "elsewhere", [("f", "[]", "1", None, None, None, None)])
    os.symlink(real, tmp_path / "trace-1-evil.sqlite")
    os.symlink("/etc/passwd", tmp_path / "trace-2-evil.sqlite")
    assert store.trace_files(str(tmp_path)) == []


def test_files_are_opened_read_only(tmp_path):
    path = write_one(tmp_path, [("f", "[]", "1", None, None, None, None)])
    conn = store._open_ro(path)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM calls")
    conn.close()
