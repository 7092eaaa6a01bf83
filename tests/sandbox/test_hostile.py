"""Hostile programs: each gets the right status, and neither the host nor the pool is harmed.

Every program runs in both real sandboxes (gVisor and bubblewrap) through the same warm pool; after each
one a clean program must run normally in that pool with an empty working directory.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from sftmine.judge import judge
from sftmine.records import Case, Status, Task
from sftmine.sandbox import Execution, Limits

REPO = Path(__file__).resolve().parents[2]
FAST = Limits(wall_s=3.0, cpu_s=3.0, memory_mb=256, max_procs=16, max_output=64 * 1024, max_file_mb=8)
# Programs that should finish get more wall time: on a loaded machine gVisor's ptrace platform can take
# seconds to fork and exec a few processes, and the test is about what they do, not how fast.
ROOMY = dataclasses.replace(FAST, wall_s=20.0)

# name -> (program, expected status, text the stdout must equal, when given)
HOSTILE: dict[str, tuple[str, Status, str | None]] = {
    "fork_bomb": ("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
                  Status.TIMEOUT, None),
    "fork_bomb_crashing": ("import os\nwhile True:\n    os.fork()\n", Status.RUNTIME_ERROR, None),
    "memory_bomb_single": ("x = bytearray(8 * 1024 ** 3)\n", Status.MEMORY, None),
    "memory_bomb_growing": ("xs = []\nwhile True:\n    xs.append(' ' * 10 ** 7)\n", Status.MEMORY, None),
    "disk_fill_one_file": ("with open('big', 'wb') as f:\n    while True:\n        f.write(b'0' * 10 ** 6)\n",
                           Status.RUNTIME_ERROR, None),
    "disk_fill_many_files": ("i = 0\nwhile True:\n    open(f'f{i}', 'wb').write(b'0' * 7 * 10 ** 6)\n    i += 1\n",
                             Status.RUNTIME_ERROR, None),
    "infinite_output": ("while True:\n    print('x' * 1000)\n", Status.RUNTIME_ERROR, None),
    "infinite_stderr": ("import sys\nwhile True:\n    sys.stderr.write('y' * 1000)\n", Status.RUNTIME_ERROR, None),
    "sleep_past_limit": ("import time\ntime.sleep(60)\n", Status.TIMEOUT, None),
    "busy_loop_python": ("while True:\n    pass\n", Status.TIMEOUT, None),
    "busy_loop_in_c": ("import re\nre.match(r'(a+)+$', 'a' * 64 + 'b')\n", Status.TIMEOUT, None),
    "network_connect": (
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('connected')\n"
        "except OSError:\n    print('blocked')\n", Status.PASSED, "blocked"),
    "network_dns": (
        "import socket\ntry:\n    socket.getaddrinfo('pypi.org', 443)\n    print('resolved')\n"
        "except OSError:\n    print('blocked')\n", Status.PASSED, "blocked"),
    "read_etc_shadow": ("try:\n    open('/etc/shadow').read()\n    print('read')\nexcept OSError:\n    print('denied')\n",
                        Status.PASSED, "denied"),
    "read_repo_files": (f"try:\n    open({str(REPO / 'README.md')!r}).read()\n    print('read')\n"
                        "except OSError:\n    print('denied')\n", Status.PASSED, "denied"),
    "list_home": ("import os\nhome = os.path.expanduser('~root')\ntry:\n    names = os.listdir(home)\nexcept OSError:\n"
                  "    names = []\nprint('exposed' if any(n not in ('.pyenv',) for n in names) else 'hidden')\n",
                  Status.PASSED, "hidden"),
    "write_outside_workdir": (
        "ok = []\nfor p in ('/tmp/evil', '/usr/evil', '/etc/evil', '/dev/shm/evil', '/opt/evil'):\n    try:\n"
        "        open(p, 'w').write('x')\n        ok.append(p)\n    except OSError:\n        pass\nprint(ok)\n",
        Status.PASSED, "[]"),
    "kill_parent": ("import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\n    print('killed')\n"
                    "except OSError:\n    print('refused')\n", Status.PASSED, "refused"),
    "kill_everything": ("import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError:\n    pass\n"
                        "print('still here')\n",
                        Status.PASSED, "still here"),
    "kill_pid_1": ("import os\ntry:\n    os.kill(1, 9)\n    print('killed')\nexcept OSError:\n    print('refused')\n",
                   Status.PASSED, "refused"),
    "setuid_root": ("import os\ntry:\n    os.setuid(0)\n    print('root')\nexcept OSError:\n    print('refused')\n",
                    Status.PASSED, "refused"),
    "spawn_subprocess": ("import subprocess\nprint(subprocess.run(['echo', 'hi'], capture_output=True, text=True)"
                         ".stdout.strip())\n", Status.PASSED, "hi"),
    "leave_daemon_behind": ("import subprocess\nfor _ in range(3):\n    subprocess.Popen(['sleep', '600'], "
                            "start_new_session=True)\nprint('bye')\n", Status.PASSED, "bye"),
    "segfault_signal": ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", Status.RUNTIME_ERROR, None),
    "null_pointer_in_c": ("import ctypes\nctypes.string_at(0)\n", Status.RUNTIME_ERROR, None),
    "read_worker_memory": ("import os\ntry:\n    with open(f'/proc/{os.getppid()}/mem', 'rb') as f:\n"
                           "        f.seek(0x400000)\n        f.read(16)\n    print('read')\n"
                           "except OSError:\n    print('denied')\n", Status.PASSED, "denied"),
    "ptrace_worker": ("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                      "print('attached' if libc.ptrace(16, os.getppid(), 0, 0) == 0 else 'refused')\n",
                      Status.PASSED, "refused"),
    "worker_environment": ("import os\ntry:\n    env = open(f'/proc/{os.getppid()}/environ', 'rb').read()\n"
                           "except OSError:\n    env = b''\nprint('leak' if b'SFTMINE_TEST_SECRET' in env else 'clean')\n",
                           Status.PASSED, "clean"),
    "environment_secrets": ("import os\nprint('leak' if 'SFTMINE_TEST_SECRET' in os.environ else 'clean')\n",
                            Status.PASSED, "clean"),
    "exit_nonzero": ("raise SystemExit(3)\n", Status.RUNTIME_ERROR, None),
}


@pytest.fixture(autouse=True, scope="module")
def host_secret():
    os.environ["SFTMINE_TEST_SECRET"] = "hunter2"
    yield
    os.environ.pop("SFTMINE_TEST_SECRET", None)


PROBE = ("import os\nprint(sorted(os.listdir('.')), sorted(os.listdir('/tmp')), "
         "len([p for p in os.listdir('/proc') if p.isdigit()]))\n")
_BASELINE: dict[str, str] = {}


def _assert_pool_clean(pool) -> None:
    """The next execution sees an empty working directory, the same /tmp and the same processes (the worker,
    the sandbox's init, itself: nothing left over) as a fresh worker does."""
    after = pool.execute(Execution(code=PROBE, limits=FAST))
    assert after.status is Status.PASSED, after.stderr
    baseline = _BASELINE.setdefault(pool.backend.name, after.stdout)
    assert after.stdout == baseline
    assert after.stdout.startswith("[] [") and int(after.stdout.split()[-1]) <= 3


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_program(pool, name):
    _assert_pool_clean(pool)
    code, want, stdout = HOSTILE[name]
    outcome = pool.execute(Execution(code=code, limits=FAST if want is Status.TIMEOUT else ROOMY))
    assert outcome.status is want, (outcome.status, outcome.detail, outcome.stderr[-500:])
    if stdout is not None:
        assert outcome.stdout.strip() == stdout
    _assert_pool_clean(pool)


def test_no_sandboxed_process_survives_on_the_host(pool):
    pool.execute(Execution(code=HOSTILE["leave_daemon_behind"][0], limits=FAST))
    uids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
            if uid >= 200_000 and "sleep" in Path(f"/proc/{entry}/comm").read_text():
                uids.add(uid)
    assert not uids


def _task(tests: list[Case], test_code: str | None = None) -> Task:
    return Task(task_id="hostile/add", prompt="def add(a, b):\n", entry_point="add", tests=tests,
                test_code=test_code, limits={"time_s": 3, "memory_mb": 256})


ADD_CASES = [Case(args="[1, 2]", expected="3"), Case(args="[5, 5]", expected="10")]
CHECK = "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(5, 5) == 10\n"

# Programs that try to pass a function task without solving it.
CHEATS = {
    "always_equal": "class E:\n    def __eq__(self, o):\n        return True\n"
                    "def add(a, b):\n    return E()\n",
    "int_subclass": "class I(int):\n    def __eq__(self, o):\n        return True\n"
                    "def add(a, b):\n    return I(0)\n",
    "exit_before_asserts": "import sys\nsys.exit(0)\ndef add(a, b):\n    return 0\n",
    "hard_exit_in_call": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "forge_results": "import os\nos.write(3, b'{\"i\": 0, \"value\": \"0\"}\\n{\"i\": 1, \"value\": \"0\"}\\n')\n"
                     "os._exit(0)\n",
    "patch_harness": "import sys\nh = sys.modules.get('harness')\nif h:\n    h._to_literal = lambda v: '3'\n"
                     "def add(a, b):\n    return 0\n",
    "close_result_channel": "import os\nos.close(3)\ndef add(a, b):\n    return a + b\n",
    "object_equal_to_all": "from unittest.mock import ANY\ndef add(a, b):\n    return ANY\n",
    "forge_answers": "import os\ndef add(a, b):\n    os.write(4, b'{\"value\": \"unittest.mock.ANY\"}\\n' * 2)\n"
                     "    os._exit(0)\n",
}


@pytest.mark.parametrize("name", sorted(CHEATS))
def test_cheats_fail_structured_tests(pool, name):
    verdict = judge(pool, _task(ADD_CASES), CHEATS[name])
    assert verdict.status is not Status.PASSED, verdict


@pytest.mark.parametrize("name", sorted(CHEATS))
def test_cheats_fail_check_code(pool, name):
    program = CHEATS[name]
    verdict = judge(pool, _task([], CHECK), program)
    assert verdict.status is not Status.PASSED, verdict


def test_forged_check_success_needs_the_nonce(pool):
    forged = "import os\nos.write(3, b'{\"check\": \"ok\", \"done\": \"0000000000000000\"}\\n')\nos._exit(0)\n"
    assert judge(pool, _task([], CHECK), forged).status in (Status.FAILED, Status.RUNTIME_ERROR)


def test_honest_solution_passes_both_ways(pool):
    good = "def add(a, b):\n    return a + b\n"
    assert judge(pool, _task(ADD_CASES), good).status is Status.PASSED
    assert judge(pool, _task([], CHECK), good).status is Status.PASSED
