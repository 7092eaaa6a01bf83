"""The Ray executor through the command line: a worker killed mid-run, and Ray not installed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sftmine.filter.run import VERDICT_CACHE, judge_run
from sftmine.store import Cache
from tests.executors.support import judge_run_dir

OUTPUTS = ("kept.jsonl", "dropped.jsonl", "verdicts.jsonl")
POOL = {"backend": "bwrap", "size": 2, "unsafe": False}


def cli(*args: object, block_ray: bool = False) -> subprocess.Popen:
    code = ("import sys; " + ("sys.modules['ray'] = None; " if block_ray else "") +
            "from sftmine.cli import main; sys.exit(main())")
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def ray_workers(name: str) -> dict[int, str]:
    """pid -> process title of Ray actor processes of class `name` (Ray titles them ray::NAME[.method])."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith(f"ray::{name}"):
                found[int(entry.name)] = title.strip()
    return found


def judged(run) -> int:
    """Verdicts the driver has kept so far: at least one shard has come back."""
    try:
        return len(Cache(run / VERDICT_CACHE, table="verdicts"))
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_a_ray_worker_killed_mid_run_is_replaced_and_the_output_is_identical(tmp_path):
    local = judge_run_dir(tmp_path / "local", tasks=24, per_task=4, delay_s=0.3)
    remote = tmp_path / "ray"
    shutil.copytree(local, remote)
    judge_run(local, POOL, 1, "all", progress=False)
    proc = cli("judge", remote, "--repeat", 1, "--backend", "bwrap", "--workers", 2, "--executor", "ray",
               "--ray-workers", 2, "--shard-size", 2, "--json")
    try:
        deadline, killed = time.monotonic() + 240, None
        while killed is None and time.monotonic() < deadline and proc.poll() is None:
            busy = {pid: t for pid, t in ray_workers("StageWorker").items() if t.startswith("ray::StageWorker.run")}
            if busy and judged(remote):
                killed = next(iter(busy))
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.2)
        assert killed is not None, "no Ray worker was seen running a shard"
        out, err = proc.communicate(timeout=400)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err[-2000:]
    assert out.startswith("{"), (out[:1500], err[-1500:])
    stats = json.loads(out)
    assert stats["shards"] == 12 and stats["kept"] == 22
    assert killed not in ray_workers("StageWorker")
    for name in OUTPUTS:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name


def test_without_ray_the_local_executor_works_and_ray_says_how_to_install(tmp_path):
    run = judge_run_dir(tmp_path / "run", tasks=3, per_task=2)
    proc = cli("judge", run, "--repeat", 0, "--backend", "bwrap", "--executor", "ray", block_ray=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.strip().splitlines()[-1] == ("error: --executor ray needs Ray, which is not installed; run: "
                                            "pip install 'sftmine[ray]' (or use --executor local)")
    proc = cli("judge", run, "--repeat", 0, "--backend", "bwrap", "--json", block_ray=True)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert json.loads(out)["kept"] == 1
