import threading

import pandas as pd
import pytest

from sftmine.errors import InputFileError
from sftmine.records import Case, Task
from sftmine.store import Cache, MemoryCache, read_parquet, read_records, write_jsonl, write_parquet


def _tasks():
    return [Task(task_id=f"t/{i}", prompt="def f(x):\n", entry_point="f", canonical_solution="  return x\n",
                 tests=[Case(args=f"[{i}]", expected=str(i))], meta={"rating": i}) for i in range(3)]


def test_jsonl_round_trip(tmp_path):
    path = tmp_path / "tasks.jsonl"
    assert write_jsonl(path, _tasks()) == 3
    assert list(read_records(path, Task)) == _tasks()


def test_bad_jsonl_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"task_id": "a", "prompt": "x", "entry_point": "f"}\nnot json\n')
    with pytest.raises(InputFileError, match=r"bad.jsonl:2"):
        list(read_records(path, Task))
    with pytest.raises(InputFileError, match="no such file"):
        list(read_records(tmp_path / "missing.jsonl", Task))


def test_parquet_round_trip_and_pandas(tmp_path):
    path = tmp_path / "tasks.parquet"
    write_parquet(path, _tasks())
    assert read_parquet(path, Task) == _tasks()
    frame = pd.read_parquet(path)
    assert list(frame["task_id"]) == ["t/0", "t/1", "t/2"]


def test_cache_threads_and_reopen(tmp_path):
    cache = Cache(tmp_path / "c.sqlite", "verdicts")

    def fill(start):
        for i in range(start, start + 50):
            cache.put(f"k{i}", {"v": i})

    threads = [threading.Thread(target=fill, args=(s,)) for s in (0, 50, 100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 150
    again = Cache(tmp_path / "c.sqlite", "verdicts")
    assert again.get("k42") == {"v": 42} and again.get("nope") is None
    assert again.get_many(["k1", "k2", "zz"]) == {"k1": {"v": 1}, "k2": {"v": 2}}
    assert dict(again.items())["k7"] == {"v": 7} and len(list(again.items())) == 150


def test_memory_cache_starts_with_what_it_is_given_and_keeps_what_is_put_apart():
    cache = MemoryCache({"a": {"v": 1}})
    cache.put("b", {"v": 2})
    assert cache.get_many(["a", "b", "zz"]) == {"a": {"v": 1}, "b": {"v": 2}}
    assert cache.get("a") == {"v": 1} and cache.get("zz") is None and "b" in cache and len(cache) == 2
    assert cache.added == {"b": {"v": 2}}
    cache.close()
