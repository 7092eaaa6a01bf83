"""Shard outputs and the resumable shard loop, on the in-process executor (no Ray needed)."""

from pathlib import Path

from sftmine.executors import ShardStore, WorkerSpec, run_shards
from sftmine.executors.base import LocalExecutor
from sftmine.executors.shards import Shard, ShardWorker, shard_digest


class Squares(ShardWorker):
    calls: list[int] = []

    def process(self, data):
        Squares.calls.append(data[0])
        return [{"x": x, "square": x * x} for x in data], {"items": len(data)}


def shards_of(items, size=2):
    parts = [items[i:i + size] for i in range(0, len(items), size)]
    return [Shard(i, shard_digest(part), part) for i, part in enumerate(parts)]


def test_store_writes_output_then_marker_and_checks_the_digest(tmp_path):
    store = ShardStore(f"file://{tmp_path}/shards")
    assert not store.is_done(0, "d1")
    store.write(0, "d1", [{"a": 1}, {"b": "é"}], {"items": 2})
    assert store.is_done(0, "d1") and not store.is_done(0, "d2")
    assert store.read(0) == [{"a": 1}, {"b": "é"}]
    assert sorted(p.name for p in (tmp_path / "shards").iterdir()) == ["shard-00000.done", "shard-00000.jsonl"]


def test_rerun_skips_finished_shards_and_reruns_changed_ones(tmp_path: Path):
    store = ShardStore(str(tmp_path / "s"))
    spec = WorkerSpec(Squares, (store.url,))
    Squares.calls = []
    first = run_shards(LocalExecutor(), spec, store, shards_of([1, 2, 3, 4, 5]), "t", progress=False)
    assert (first["run"], first["skipped"], Squares.calls) == (3, 0, [1, 3, 5])
    assert [r["square"] for i in range(3) for r in store.read(i)] == [1, 4, 9, 16, 25]
    Squares.calls = []
    again = run_shards(LocalExecutor(), spec, store, shards_of([1, 2, 3, 4, 5]), "t", progress=False)
    assert (again["run"], again["skipped"], Squares.calls) == (0, 3, [])
    changed = run_shards(LocalExecutor(), spec, store, shards_of([1, 2, 3, 4, 6]), "t", progress=False)
    assert (changed["run"], Squares.calls) == (1, [6])
    assert store.read(2) == [{"x": 6, "square": 36}]


def test_a_shard_killed_before_its_marker_runs_again(tmp_path):
    store = ShardStore(str(tmp_path / "s"))
    (tmp_path / "s").mkdir()
    store._put(store._path(0, "jsonl"), '{"x": 1, "square": 999}\n')  # output without a marker
    Squares.calls = []
    run_shards(LocalExecutor(), WorkerSpec(Squares, (store.url,)), store, shards_of([1]), "t", progress=False)
    assert store.read(0) == [{"x": 1, "square": 1}]
