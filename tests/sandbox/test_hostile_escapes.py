"""Hostile programs that try to get out sideways: outlive their execution, reach the host through IPC,
leave state for the next execution, or tamper with how results travel back.

Each runs in both sandboxes; each gets the right status and the next execution in that pool is clean.
"""

from __future__ import annotations

import ctypes
import os
import socket
import uuid

import pytest

from sftmine.judge import judge
from sftmine.records import Status
from sftmine.sandbox import Execution
from tests.sandbox.test_hostile import ADD_CASES, CHECK, FAST, ROOMY, _assert_pool_clean, _task

ABSTRACT = f"sftmine-hostile-{uuid.uuid4().hex[:8]}"
ON_DISK = f"/tmp/sftmine-hostile-{uuid.uuid4().hex[:8]}.sock"
MSG_KEY = 0x5F7E0000 + os.getpid() % 0xFFFF

SURVIVE = "import os, signal, time\nfor s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):\n" \
          "    signal.signal(s, signal.SIG_IGN)\n"

# name -> (program, expected status, expected stdout or None)
ESCAPES: dict[str, tuple[str, Status, str | None]] = {
    # outlive the execution
    "double_fork_setsid": (SURVIVE + "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                           "        time.sleep(600)\n    os._exit(0)\nos.wait()\nprint('parent done')\n",
                           Status.PASSED, "parent done"),
    "own_subreaper_tree": (SURVIVE + "import ctypes\nctypes.CDLL(None).prctl(36, 1, 0, 0, 0)\n"
                           "for _ in range(3):\n    if os.fork() == 0:\n        if os.fork() == 0:\n"
                           "            time.sleep(600)\n        os._exit(0)\nprint('bye')\n", Status.PASSED, "bye"),
    "stopped_survivor": ("import os, signal\nif os.fork() == 0:\n    os.setpgid(0, 0)\n"
                         "    os.kill(os.getpid(), signal.SIGSTOP)\n    os._exit(0)\nprint('bye')\n",
                         Status.PASSED, "bye"),
    "own_process_group": (SURVIVE + "if os.fork() == 0:\n    os.setpgid(0, 0)\n    time.sleep(600)\nprint('bye')\n",
                          Status.PASSED, "bye"),
    "process_hopping": (SURVIVE + "if os.fork() == 0:\n    os.setsid()\n    while True:\n        try:\n"
                        "            if os.fork():\n                os._exit(0)\n        except OSError:\n"
                        "            time.sleep(0.01)\nprint('bye')\n", Status.PASSED, "bye"),
    "zombie_pile": ("import os\nfor _ in range(10):\n    if os.fork() == 0:\n        os._exit(0)\nprint('bye')\n",
                    Status.PASSED, "bye"),
    # reach the host
    "abstract_socket_to_host": (
        f"import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect('\\0{ABSTRACT}')\n"
        "    print('reached')\nexcept OSError:\n    print('unreachable')\n", Status.PASSED, "unreachable"),
    "unix_sockets_on_disk": (
        "import socket\nreached = []\nfor p in ('/run/dbus/system_bus_socket', '/var/run/docker.sock', "
        f"'/run/systemd/private', '/tmp/.X11-unix/X0', '/run/containerd/containerd.sock', {ON_DISK!r}):\n"
        "    s = socket.socket(socket.AF_UNIX)\n    try:\n        s.connect(p)\n        reached.append(p)\n"
        "    except OSError:\n        pass\nprint(reached)\n", Status.PASSED, "[]"),
    "signal_host_process": (f"import os\ntry:\n    os.kill({os.getpid()}, 0)\n    print('reached')\n"
                            "except OSError:\n    print('unreachable')\n", Status.PASSED, "unreachable"),
    "sysv_queue_of_host": (f"import ctypes\nq = ctypes.CDLL(None).msgget({MSG_KEY}, 0)\n"
                           "print('reached' if q >= 0 else 'unreachable')\n", Status.PASSED, "unreachable"),
    # leave state behind
    "persist_in_work_root": (
        "import os\nmade = []\nfor p in ('../next', '/tmp/sftmine-exec/next', '/tmp/next', os.path.expanduser('~') + "
        "'/../x'):\n    try:\n        os.makedirs(p)\n        made.append(p)\n    except OSError:\n        pass\n"
        "print(made)\n", Status.PASSED, "[]"),
    "locked_tree_in_workdir": (
        "import os\nos.makedirs('a/b/c')\nopen('a/b/c/f', 'w').write('x')\nos.mkfifo('a/fifo')\n"
        "for p in ('a/b/c/f', 'a/b/c', 'a/b', 'a'):\n    os.chmod(p, 0)\nprint('locked')\n", Status.PASSED, "locked"),
    # tamper with the way results travel (the worker's fds 1-4 are its stderr and protocol pipes; gVisor lets
    # another uid list /proc/PID/fd, but reopening a pipe still checks the pipe's owner)
    "write_protocol_fds": (
        "import os, struct\nframe = struct.pack('>I', 20) + b'{\"exit_code\": 0}    '\nhit = []\n"
        "for fd in range(4, 64):\n    try:\n        os.write(fd, frame)\n        hit.append(fd)\n    except OSError:\n"
        "        pass\nprint(hit)\n", Status.PASSED, "[]"),
    "open_worker_fds_via_proc": (
        "import os\nopened = []\nfor fd in (1, 2, 3, 4):\n    try:\n"
        "        os.close(os.open(f'/proc/{os.getppid()}/fd/{fd}', os.O_WRONLY))\n        opened.append(fd)\n"
        "    except OSError:\n        pass\nprint(opened)\n", Status.PASSED, "[]"),
    "result_channel_flood": ("import os\nwhile True:\n    os.write(3, b'{\"i\": 0, \"value\": \"3\"}\\n' * 4096)\n",
                             Status.RUNTIME_ERROR, None),
}


@pytest.fixture(autouse=True, scope="module")
def host_endpoints():
    """Things on the host a program might try to reach: an abstract and a path unix socket, a SysV queue."""
    listeners = []
    for address in ("\0" + ABSTRACT, ON_DISK):
        s = socket.socket(socket.AF_UNIX)
        s.bind(address)
        s.listen(1)
        listeners.append(s)
    libc = ctypes.CDLL(None, use_errno=True)
    queue = libc.msgget(MSG_KEY, 0o1600)  # IPC_CREAT, owner only
    yield
    for s in listeners:
        s.close()
    os.unlink(ON_DISK)
    if queue >= 0:
        libc.msgctl(queue, 0, None)  # IPC_RMID


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_attempt(pool, name):
    _assert_pool_clean(pool)
    code, want, stdout = ESCAPES[name]
    outcome = pool.execute(Execution(code=code, limits=FAST if want is not Status.PASSED else ROOMY))
    assert outcome.status is want, (outcome.status, outcome.detail, outcome.stderr[-500:])
    if stdout is not None:
        assert outcome.stdout.strip() == stdout
    _assert_pool_clean(pool)


STATE = ("import builtins, math, os, resource, signal, sys\n"
         "print(math.pi, len('ab'), sys.modules.get('json') is not None, os.environ.get('POISON'), "
         "oct(os.umask(0o22)), resource.getrlimit(resource.RLIMIT_NOFILE), signal.getsignal(signal.SIGTERM), "
         "os.getcwd().startswith('/tmp/sftmine-exec/'), sorted(os.listdir('.')))\n")
POISON = ("import builtins, math, os, resource, signal, sys\nmath.pi = 3\nbuiltins.len = lambda x: 0\n"
          "sys.modules['json'] = None\nos.environ['POISON'] = '1'\nos.umask(0o777)\n"
          "resource.setrlimit(resource.RLIMIT_NOFILE, (8, 8))\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
          "open('left_behind', 'w').write('x')\nos.chdir('/')\nprint('poisoned')\n")


def test_no_state_carries_to_the_next_execution(pool):
    """Modules, builtins, environment, umask, rlimits, signal dispositions, cwd and files are the worker's
    again for the next execution: each one is a fresh fork of a worker that never ran the program."""
    before = pool.execute(Execution(code=STATE, limits=ROOMY))
    poisoned = pool.execute(Execution(code=POISON, limits=ROOMY))
    after = pool.execute(Execution(code=STATE, limits=ROOMY))
    assert poisoned.stdout.strip() == "poisoned", poisoned.stderr[-500:]
    assert after.status is Status.PASSED and after.stdout == before.stdout
    assert "3.14159" in after.stdout and after.stdout.rstrip().endswith("True []")


FORGE_FIRST = "import os\nos.write(3, b'{\"i\": 0, \"value\": \"3\"}\\n{\"i\": 1, \"value\": \"10\"}\\n')\n" \
              "def add(a, b):\n    return 0\n"


def test_results_forged_before_the_real_ones_fail(pool):
    """The program writes the right answers to the result channel itself, then lets the harness run."""
    verdict = judge(pool, _task(ADD_CASES), FORGE_FIRST)
    assert verdict.status is Status.FAILED
    assert "conflicting results" in verdict.detail


STEAL_NONCE = """import json, os, sys
frame, nonce, tests = sys._getframe(), None, None
while frame:
    req = frame.f_locals.get('req')
    if isinstance(req, dict):
        nonce, tests = req.get('nonce'), req.get('test_code')
        break
    frame = frame.f_back
print('nonce' if nonce else 'no nonce', 'tests' if tests else 'no tests', flush=True)
for fd in (3, 4, 5):
    try:
        os.write(fd, (json.dumps({'check': 'ok', 'done': nonce}) + '\\n').encode())
    except OSError:
        pass
def add(a, b):
    os._exit(0)
"""


def test_check_code_runs_apart_so_the_nonce_and_the_tests_stay_out_of_reach(pool):
    """The candidate walks the stack for the request (its nonce proves a check finished) and forges it."""
    verdict = judge(pool, _task([], CHECK), STEAL_NONCE)
    assert verdict.status is not Status.PASSED, verdict
    outcome = pool.execute(Execution(mode="check", code=STEAL_NONCE, entry_point="add", test_code=CHECK,
                                     prelude="def add(a, b):\n    pass\n", limits=ROOMY))
    assert outcome.stdout.split("\n")[0] == "no nonce no tests"
    _assert_pool_clean(pool)


REACH_CHECKER = """import os
def add(a, b):
    seen = []
    for p in os.listdir('/proc'):
        if p.isdigit() and int(p) != os.getpid():
            try:
                os.kill(int(p), 0)
                seen.append('signal')
            except OSError:
                pass
            try:
                open(f'/proc/{p}/mem', 'rb').close()
                seen.append('mem')
            except OSError:
                pass
    print(seen)
    return a + b
"""


def test_the_candidate_cannot_signal_or_read_the_checker(pool):
    outcome = pool.execute(Execution(mode="check", code=REACH_CHECKER, entry_point="add", test_code=CHECK,
                                     prelude="def add(a, b):\n    pass\n", limits=ROOMY))
    assert outcome.status is Status.PASSED, outcome.stderr[-500:]
    assert outcome.stdout.strip().splitlines() == ["[]", "[]"]  # one line per call, for both calls
    assert any(e.get("check") == "ok" and e.get("done") == outcome.nonce for e in outcome.events)
