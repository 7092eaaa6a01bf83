"""The shard loop on the in-process executor (no Ray needed)."""

import pytest

from sftmine.executors import WorkerSpec, run_on_workers
from sftmine.executors.base import LocalExecutor


class Squares:
    closed = 0

    def run(self, payload):
        if payload == "boom":
            raise ValueError("boom")
        return [x * x for x in payload]

    def close(self):
        Squares.closed += 1


def test_results_come_in_order_each_seen_as_it_arrives():
    seen = []
    results = run_on_workers(LocalExecutor(), WorkerSpec(Squares), [[1, 2], [3]], "t", 5, progress=False,
                             on_result=lambda pos, r: seen.append((pos, r)), sizes=[2, 1])
    assert results == [[1, 4], [9]] and seen == [(0, [1, 4]), (1, [9])]


def test_nothing_to_run_starts_no_worker():
    Squares.closed = 0
    assert run_on_workers(LocalExecutor(), WorkerSpec(Squares), [], "t", 3, progress=False) == []
    assert Squares.closed == 0


def test_a_failing_shard_ends_the_group_and_raises():
    Squares.closed = 0
    with pytest.raises(ValueError, match="boom"):
        run_on_workers(LocalExecutor(), WorkerSpec(Squares), [[1], "boom", [2]], "t", 3, progress=False)
    assert Squares.closed == 1
