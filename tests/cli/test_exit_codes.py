"""One exit-code convention for every command: 0 done, 1 failed, 2 usage, 75 locked, 130/143 interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.cli.signals import EXIT_LOCKED, EXIT_SIGINT, EXIT_SIGTERM, Terminated, interrupt_message
from sftmine.store import RunLock
from tests.ci.conftest import make_repo

REPO = Path(__file__).resolve().parents[2]
EASY = REPO / "tests" / "fixtures" / "sampling" / "easy_tasks.jsonl"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("args, option", [
    (["exec", "p.py", "--timeout", "-1"], "--timeout"),
    (["exec", "p.py", "--memory-mb", "0"], "--memory-mb"),
    (["exec", "p.py", "--workers", "0"], "--workers"),
    (["verify", "t.jsonl", "--workers", "0"], "--workers"),
    (["verify", "t.jsonl", "--repeat", "0"], "--repeat"),
    (["sample", "t.jsonl", "--out", "o", "--n", "0"], "--n"),
    (["filter", "t.jsonl", "--out", "o", "--max-tokens", "0"], "--max-tokens"),
    (["judge", ".", "--repeat", "-1"], "--repeat"),
    (["trace", "pypi:semver", "--out", "o", "--budget-s", "0"], "--budget-s"),
    (["trace", "pypi:semver", "--out", "o", "--ray-workers", "0"], "--ray-workers"),
])
def test_impossible_limits_are_one_line_usage_errors(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.py").write_text("print(1)\n")
    (tmp_path / "t.jsonl").write_text(EASY.read_text())
    run = invoke(*args)
    assert run.exit_code == 2, run.output
    (line,) = run.output.strip().splitlines()
    assert line.startswith(f"error: Invalid value for '{option}'") and line.endswith("--help')")
    assert not (tmp_path / "o").exists()


def test_usage_errors_are_one_line_and_name_the_help():
    run = invoke("import", "apps")
    assert run.exit_code == 2
    assert run.output.strip() == "error: Missing argument 'DATA'. (see 'main import apps --help')"  # runner's name
    assert invoke("no-such-command").exit_code == 2


def test_a_held_lock_is_75_in_every_command(tmp_path):
    out = tmp_path / "out"
    project = make_repo(tmp_path / "plain_project", "plain_project")
    with RunLock(out):
        runs = [invoke("trace", project, "--out", out, "--backend", "bwrap"),
                invoke("sample", EASY, "--out", out, "--n", "1"),
                invoke("dedup", EASY, "--out", out, "--no-decontaminate")]
    for run in runs:
        assert run.exit_code == EXIT_LOCKED, run.output
        assert run.output.strip().splitlines()[-1].startswith("error: ") and "another sftmine run" in run.output


@pytest.mark.parametrize("raised, code, word", [(KeyboardInterrupt, EXIT_SIGINT, "interrupted"),
                                                (Terminated, EXIT_SIGTERM, "terminated")])
def test_interrupts_exit_130_and_143_with_a_true_message(tmp_path, monkeypatch, raised, code, word):
    import sftmine.importers.humaneval as humaneval

    def stop(*_a, **_k):
        raise raised()

    monkeypatch.setattr(humaneval, "import_humaneval", stop)
    run = invoke("import", "humaneval", "--out", tmp_path / "t.jsonl")
    assert run.exit_code == code
    assert run.output.strip() == f"{word}: import stopped; no file was left half-written (each is written " \
                                 "whole, then renamed); rerun it to finish"
    assert not (tmp_path / "t.jsonl").exists()


def test_each_command_says_what_an_interrupt_leaves():
    assert interrupt_message("sftmine trace", "interrupted") == \
        "interrupted: trace stopped; finished sources are kept; rerun to resume with the rest"
    assert "generated samples are cached" in interrupt_message("sftmine sample", "terminated")
    assert "finished steps are kept" in interrupt_message("sftmine refresh", "interrupted")
    assert interrupt_message("sftmine exec", "interrupted").endswith("nothing was written; rerun it")
    assert "half-written" in interrupt_message("sftmine export", "interrupted")


def _start(tmp_path: Path) -> subprocess.Popen:
    """`sftmine exec` of a program that sleeps, once the command runs (it has started its sandbox worker)."""
    program = tmp_path / "sleep.py"
    program.write_text("import time\ntime.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-m", "sftmine", "exec", str(program), "--unsafe-no-sandbox",
                             "--timeout", "120"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 60
    while not _children(proc.pid):  # the handlers are in place before the pool starts a worker
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.1)
    time.sleep(1.0)  # and the program is running
    return proc


def _children(pid: int) -> list[str]:
    """Child processes started by any thread of `pid`."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += children.read_text().split()
        except OSError:  # the thread ended meanwhile
            pass
    return found


@pytest.mark.parametrize("signum, code, word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_real_signal_ends_a_real_run_with_its_code(tmp_path, signum, code, word):
    proc = _start(tmp_path)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == f"{word}: exec stopped; nothing was written; rerun it"
    assert "Traceback" not in stderr


def test_python_dash_m_sftmine_and_its_completion():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-m", "sftmine", "--help"], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and run.stdout.startswith("Usage: sftmine ")
    completion = subprocess.run([sys.executable, "-m", "sftmine"], capture_output=True, text=True,
                                env={**env, "_SFTMINE_COMPLETE": "bash_source"})
    assert completion.returncode == 0 and "_sftmine_completion" in completion.stdout
