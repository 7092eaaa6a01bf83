"""The buffering logger: batches rows into the store, counts its own failures, restarts after a fork."""

from __future__ import annotations

from tracers import store
from tracers.capture import Func
from tracers.logger import Logger


def sample_func():
    return Func(sample_func.__code__, "m", "sample_func", "function")


def test_rows_wait_in_the_buffer_until_the_batch_is_full(tmp_path):
    logger = Logger(store.Store(str(tmp_path)), flush_every=3, flush_s=3600)
    logger.log(("f", "[]", "1", None, None, None, None))
    logger.log(("f", "[]", "2", None, None, None, None))
    assert store.trace_files(str(tmp_path)) == []
    logger.log(("f", "[]", "3", None, None, None, None))
    [path] = store.trace_files(str(tmp_path))
    assert [r.result for r in store.read_calls(path)] == ["1", "2", "3"]


def test_counters_of_tracked_functions_are_written_with_each_flush(tmp_path):
    logger = Logger(store.Store(str(tmp_path)))
    func = sample_func()
    logger.track(func)
    func.seen = 7
    logger.close()
    [path] = store.trace_files(str(tmp_path))
    [row] = store.read_funcs(path)
    assert row.info["seen"] == 7 and row.info["qualname"] == "sample_func"


def test_a_store_that_cannot_write_is_counted_not_raised(tmp_path):
    logger = Logger(store.Store(str(tmp_path / "missing" / "dir")), flush_every=1)
    logger.log(("f", "[]", "1", None, None, None, None))
    assert logger.meta["failures"] == 1 and "OperationalError" in logger.meta["last_error"]


def test_after_a_fork_the_child_starts_clean(tmp_path):
    logger = Logger(store.Store(str(tmp_path)), flush_every=100)
    func = sample_func()
    logger.track(func)
    func.seen = func.attempts = 4
    logger.log(("f", "[]", "1", None, None, None, None))
    logger.flush_rows()
    parent_file = logger.store.path
    logger.after_fork_in_child()
    assert logger.rows == [] and func.seen == 0 and func.attempts == 0
    logger.log(("g", "[]", "2", None, None, None, None))
    logger.flush()
    assert logger.store.path != parent_file
