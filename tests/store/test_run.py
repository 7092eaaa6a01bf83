import json
import multiprocessing
import os
import signal
import time

import pytest

from sftmine.errors import StageLockedError
from sftmine.store import Funnel, RunLock, Stage, shard
from sftmine.store.jsonl import read_jsonl


class Doubler(Stage[int]):
    name = "double"
    calls: list[int]

    def __init__(self, run_dir, fail_on=None):
        super().__init__(run_dir)
        self.calls = []
        self.fail_on = fail_on

    def process(self, items, funnel: Funnel):
        for x in items:
            self.calls.append(x)
            if x == self.fail_on:
                raise RuntimeError("boom")
            if x % 3 == 0:
                funnel.drop("multiple of three")
                continue
            funnel.keep()
            yield {"x": x, "y": 2 * x}


def test_shards_markers_and_stats(tmp_path):
    stage = Doubler(tmp_path)
    result = stage.run(shard(list(range(10)), 4))
    assert result.shards == 3 and result.skipped == 0
    assert result.funnel.seen == 10 and result.funnel.dropped["multiple of three"] == 4
    assert sorted(r["x"] for r in stage.outputs()) == [1, 2, 4, 5, 7, 8]
    stats = json.loads((tmp_path / "double" / "stats.json").read_text())
    assert stats["kept"] == 6 and stats["shards"] == 3


def test_rerun_does_nothing_and_says_so(tmp_path):
    Doubler(tmp_path).run(shard(list(range(10)), 4))
    again = Doubler(tmp_path)
    result = again.run(shard(list(range(10)), 4))
    assert again.calls == [] and result.did_nothing
    assert "nothing to do" in result.message()
    assert result.funnel.kept == 6  # the funnel is read back from the markers


def test_failed_shard_leaves_no_output_and_resumes(tmp_path):
    with pytest.raises(RuntimeError):
        Doubler(tmp_path, fail_on=5).run(shard(list(range(10)), 4))
    folder = tmp_path / "double"
    assert (folder / "shard-00000.done").exists()
    assert not (folder / "shard-00001.jsonl").exists() and not (folder / "shard-00001.done").exists()
    assert not list(folder.glob(".*.tmp"))
    resumed = Doubler(tmp_path)
    resumed.run(shard(list(range(10)), 4))
    assert resumed.calls == [4, 5, 6, 7, 8, 9]  # shard 0 was not redone


def _slow_stage(run_dir):
    class Slow(Stage[int]):
        name = "slow"

        def process(self, items, funnel):
            for x in items:
                time.sleep(0.2)
                funnel.keep()
                yield {"x": x}

    Slow(run_dir).run(shard(list(range(50)), 1))


def test_kill_9_mid_run_then_rerun_gives_the_same_output(tmp_path):
    proc = multiprocessing.get_context("fork").Process(target=_slow_stage, args=(tmp_path / "a",))
    proc.start()
    time.sleep(1.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    done_before = len(list((tmp_path / "a" / "slow").glob("*.done")))
    assert 0 < done_before < 50
    _slow_stage(tmp_path / "a")
    _slow_stage(tmp_path / "b")
    for i in range(50):
        a = list(read_jsonl(tmp_path / "a" / "slow" / f"shard-{i:05d}.jsonl"))
        b = list(read_jsonl(tmp_path / "b" / "slow" / f"shard-{i:05d}.jsonl"))
        assert a == b == [{"x": i}]


def test_lock_is_exclusive(tmp_path):
    with RunLock(tmp_path):
        with pytest.raises(StageLockedError, match="another sftmine run"):
            with RunLock(tmp_path):
                pass
    with RunLock(tmp_path):  # released
        pass
