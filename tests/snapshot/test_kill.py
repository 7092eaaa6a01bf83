"""A snapshot run killed (SIGKILL) at any point leaves either nothing or a whole snapshot, and the rerun
ends at the same snapshot an uninterrupted run makes."""

import os
import signal
import subprocess
import sys
import time

import pytest

from sftmine.records import FilteredTask, Task
from sftmine.snapshot import latest, list_snapshots, verify_snapshot
from tests.fixtures.datasets.build import filter_results, write_filter_dir

RUN = "import sys; from sftmine.cli import main; sys.argv[0] = 'sftmine'; main()"


def _copies(records: list[FilteredTask], times: int) -> list[FilteredTask]:
    out = []
    for k in range(times):
        for r in records:
            task = Task.from_dict({**r.task.to_dict(), "task_id": f"{r.task.task_id}~{k}", "fingerprint": None})
            out.append(FilteredTask.from_dict({**r.to_dict(), "task": task.to_dict()}))
    return out


def _start(filter_dir, root) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUN, "snapshot", str(filter_dir), "--out", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _assert_whole(root) -> None:
    for snap in list_snapshots(root):
        assert verify_snapshot(snap) == [], snap.path
    link = root / "snapshots" / "latest"
    assert not link.exists() or verify_snapshot(latest(root)) == []


@pytest.mark.slow
def test_killed_at_any_point_then_rerun_gives_the_uninterrupted_snapshot(tmp_path):
    kept, dropped = filter_results()
    filter_dir = write_filter_dir(tmp_path / "filter", _copies(kept, 300), _copies(dropped, 300))
    start = time.monotonic()
    clean = _start(filter_dir, tmp_path / "clean")
    assert clean.wait(120) == 0, clean.stderr.read().decode()
    took = time.monotonic() - start
    want = latest(tmp_path / "clean").manifest["content_hash"]
    root = tmp_path / "killed"
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.97, 1.0):
        proc = _start(filter_dir, root)
        time.sleep(took * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _assert_whole(root)
    rerun = _start(filter_dir, root)
    assert rerun.wait(120) == 0, rerun.stderr.read().decode()
    assert latest(root).manifest["content_hash"] == want
    assert [s.manifest["content_hash"] for s in list_snapshots(root)] == [want]
    assert not list((root / "snapshots").glob(".tmp-*"))


def test_a_snapshot_moved_into_place_before_latest_is_reused(tmp_path):
    from sftmine.snapshot import from_dirs, write_snapshot

    filter_dir = write_filter_dir(tmp_path / "filter")
    first = write_snapshot(tmp_path / "out", from_dirs(filter_dir)).snapshot
    (tmp_path / "out" / "snapshots" / "latest").unlink()  # as if killed between the rename and the link
    partial = tmp_path / "out" / "snapshots" / ".tmp-dead"
    partial.mkdir()
    (partial / "dataset.jsonl").write_text("{")  # a half-written snapshot of a killed run
    assert [s.name for s in list_snapshots(tmp_path / "out")] == [first.name]
    again = write_snapshot(tmp_path / "out", from_dirs(filter_dir))
    assert not again.created and again.snapshot.name == first.name
    assert latest(tmp_path / "out").name == first.name and not partial.exists()
