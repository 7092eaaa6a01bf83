"""SIGTERM or SIGINT midway through verify, judge and filter: exit 143 or 130, one line, no sandbox left.

The commands run as real processes on both sandboxes; the test records every process below the command
while it judges, signals it, and then checks that none of them is still alive and no gVisor bundle
folder is left in the command's temp folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sftmine.cli.signals import interrupt_message
from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Sample
from sftmine.store.jsonl import write_jsonl
from tests.conftest import SAFE_BACKENDS
from tests.sampling.support import EASY_TASKS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def humaneval(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tasks") / "humaneval.jsonl"
    write_jsonl(path, import_humaneval())
    return path


def judge_dir(root: Path, tasks_path: Path) -> Path:
    """A sample run of HumanEval's canonical solutions, each three times with distinct code (judged apart)."""
    run = root / "run"
    run.mkdir()
    tasks = import_humaneval()
    write_jsonl(run / "tasks.jsonl", tasks)
    samples = [Sample(task_id=t.task_id, fingerprint=t.fingerprint, model="canonical", params={}, seed=i, index=i,
                      text="", code=f"{t.canonical_solution}\n# copy {i}\n") for t in tasks for i in range(3)]
    write_jsonl(run / "samples.jsonl", samples)
    return run


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def sandboxes(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"runsc" in cmdline or b"bwrap" in cmdline or b"zygote.py" in cmdline:
            out.add(pid)
    return out


def interrupt_midway(args: list[str], tmp_path: Path, sig: int, settle_s: float = 1.5, ready_s: float = 300,
                     ready: Path | None = None) -> tuple[int, str, set[int]]:
    """Start `sftmine ARGS`, wait until it has sandboxes (or the file `ready`) and has worked a little, send `sig`.

    Returns rc, stderr and the pids seen below the command.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "sftmine.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    # Sandboxes are remembered when seen: a short-lived one has no cmdline left by the time of the check.
    deadline, seen, boxes = time.monotonic() + ready_s, set(), set()
    while time.monotonic() < deadline and proc.poll() is None and not _ready(boxes, ready):
        seen |= descendants(proc.pid)
        boxes |= sandboxes(seen)
        time.sleep(0.2)
    time.sleep(settle_s)  # let it get properly into its work
    seen |= descendants(proc.pid)
    assert proc.poll() is None, "the command ended before it could be interrupted"
    assert ready is not None or boxes | sandboxes(seen), "no sandbox was started"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode(), seen


def _ready(boxes: set[int], ready: Path | None) -> bool:
    return ready.exists() if ready is not None else len(boxes) >= 2


def assert_clean(tmp_path: Path, seen: set[int]) -> None:
    time.sleep(0.2)
    left = [pid for pid in seen if alive(pid)]
    assert not left, f"processes left behind: {left}"
    bundles = list((tmp_path / "sftmine-runsc").glob("bundle-*")) if (tmp_path / "sftmine-runsc").exists() else []
    assert not bundles, f"gVisor bundles left behind: {bundles}"


def last_line(stderr: str) -> str:
    return stderr.replace("\r", "\n").strip().splitlines()[-1]


@pytest.mark.parametrize("backend", SAFE_BACKENDS)
def test_sigterm_during_verify_exits_143_and_leaves_nothing(tmp_path, humaneval, backend):
    rc, err, seen = interrupt_midway(["verify", str(humaneval), "--repeat", "20", "--backend", backend, "--json"],
                                     tmp_path, signal.SIGTERM)
    assert rc == 143, err[-2000:]
    assert last_line(err) == interrupt_message("sftmine verify", "terminated")
    assert "Traceback" not in err
    assert_clean(tmp_path, seen)


@pytest.mark.parametrize("backend", SAFE_BACKENDS)
def test_sigterm_during_judge_exits_143_and_leaves_nothing(tmp_path, humaneval, backend):
    run = judge_dir(tmp_path, humaneval)
    rc, err, seen = interrupt_midway(["judge", str(run), "--repeat", "3", "--backend", backend, "--json"],
                                     tmp_path, signal.SIGTERM)
    assert rc == 143, err[-2000:]
    assert last_line(err) == interrupt_message("sftmine judge", "terminated")
    assert not (run / "kept.jsonl").exists()  # nothing half-written
    assert_clean(tmp_path, seen)


@pytest.mark.parametrize("backend", SAFE_BACKENDS)
def test_sigint_during_verify_exits_130_and_leaves_nothing(tmp_path, humaneval, backend):
    rc, err, seen = interrupt_midway(["verify", str(humaneval), "--repeat", "20", "--backend", backend],
                                     tmp_path, signal.SIGINT)
    assert rc == 130, err[-2000:]
    assert last_line(err) == interrupt_message("sftmine verify", "interrupted")
    assert_clean(tmp_path, seen)


@pytest.mark.slow
def test_sigterm_during_filter_exits_143_and_leaves_nothing(tmp_path):
    args = ["filter", str(EASY_TASKS), "--n", "24", "--max-tokens", "48", "--out", str(tmp_path / "out"),
            "--repeat", "1", "--backend", "bwrap", "--workers", "2", "--json"]
    # Judging five tasks' samples takes seconds, so the signal is sent where a filter spends its time:
    # generating, once the sample cache exists.
    rc, err, seen = interrupt_midway(args, tmp_path, signal.SIGTERM, settle_s=3,
                                     ready=tmp_path / "out" / "cache" / "samples.sqlite")
    assert rc == 143, err[-2000:]
    assert last_line(err) == interrupt_message("sftmine filter", "terminated")
    assert not (tmp_path / "out" / "kept.jsonl").exists()
    assert_clean(tmp_path, seen)


def test_the_signal_handlers_are_put_back():
    from sftmine.cli.signals import clean_exit_on_signals

    before = signal.getsignal(signal.SIGTERM)
    with clean_exit_on_signals():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
