"""The seccomp policy: every denied family fails with EPERM in both sandboxes, and what programs need still works.

Each program makes the raw syscalls of one family (x86-64 numbers, harmless arguments) and prints the
error name of each; the execution itself passes, and the next one in the same pool is clean.
"""

from __future__ import annotations

import platform

import pytest

from sftmine.records import Status
from sftmine.sandbox import Execution, seccomp
from tests.sandbox.test_hostile import ROOMY, _assert_pool_clean

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64", reason="raw x86-64 syscall numbers")

PRELUDE = """import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
def call(nr, *args):
    rc = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a) for a in args])
    return 'ok' if rc >= 0 else errno.errorcode[ctypes.get_errno()]
"""
CLONE_NEWUSER, CLONE_NEWNET, SIGCHLD = 0x10000000, 0x40000000, 17

# family -> (syscalls as "call(...)" expressions, the errno names they must give)
FAMILIES: dict[str, list[str]] = {
    "ptrace": ["call(101, 0, 0, 0, 0)", "call(101, 16, os.getppid(), 0, 0)"],  # TRACEME, ATTACH
    "process_vm": ["call(310, os.getppid(), 0, 0, 0, 0, 0)", "call(311, os.getppid(), 0, 0, 0, 0, 0)"],
    "bpf": ["call(321, 5, 0, 0)"],  # BPF_PROG_LOAD
    "perf_event_open": ["call(298, 0, 0, -1 & 0xffffffff, -1 & 0xffffffff, 0)"],
    "userfaultfd": ["call(323, 0)"],
    "keys": ["call(248, 0, 0, 0, 0, 0)", "call(249, 0, 0, 0, 0)", "call(250, 0, 0, 0, 0, 0)"],
    "mount": ["call(165, 0, 0, 0, 0, 0)", "call(166, 0, 0)", "call(155, 0, 0)", "call(161, 0)",
              "call(430, 0, 0)", "call(428, 0, 0, 0)"],  # mount, umount2, pivot_root, chroot, fsopen, open_tree
    "namespaces": ["call(272, CLONE_NEWUSER)", "call(272, CLONE_NEWNET)", "call(308, 0, 0)",
                   "call(56, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)", "call(56, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0)"],
    "io_uring": ["call(425, 1, 0)", "call(426, 0, 0, 0, 0, 0, 0)", "call(427, 0, 0, 0, 0)"],
    "kexec": ["call(246, 0, 0, 0, 0)", "call(320, 0, 0, 0, 0, 0)"],
    "modules": ["call(175, 0, 0, 0)", "call(313, 0, 0, 0)", "call(176, 0, 0)"],
    "reboot": ["call(169, 0xfee1dead, 672274793, 0x4321fedc, 0)"],  # RESTART, with the magic numbers
    "swap": ["call(167, 0, 0)", "call(168, 0)"],
    "file_handles": ["call(304, 0, 0, 0)", "call(303, 0, 0, 0, 0, 0)"],
    "personality": ["call(135, 0x0040000)", "call(135, 0x0008)"],  # ADDR_NO_RANDOMIZE, PER_LINUX32
    "sockets": ["call(41, 2, 1, 0)", "call(41, 10, 1, 0)", "call(41, 16, 3, 0)", "call(41, 17, 3, 0)",
                "call(41, 40, 1, 0)", "call(41, 38, 5, 0)", "call(53, 2, 1, 0, 0)"],  # INET, INET6, NETLINK, ...
    "fd_theft": ["call(438, 0, 0, 0)", "call(312, os.getppid(), os.getpid(), 0, 0, 0)"],  # pidfd_getfd, kcmp
}


def program(calls: list[str]) -> str:
    body = "\n".join(f"results.append({c})" for c in calls)
    return f"{PRELUDE}CLONE_NEWUSER, CLONE_NEWNET, SIGCHLD = {CLONE_NEWUSER}, {CLONE_NEWNET}, {SIGCHLD}\n" \
           f"results = []\n{body}\nprint(' '.join(results))\n"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_denied_family_fails_with_eperm(pool, family):
    calls = FAMILIES[family]
    outcome = pool.execute(Execution(code=program(calls), limits=ROOMY))
    assert outcome.status is Status.PASSED, outcome.stderr[-500:]
    assert outcome.stdout.split() == ["EPERM"] * len(calls)
    _assert_pool_clean(pool)


ALLOWED = """import os, socket, subprocess, threading
a, b = socket.socketpair()
a.sendall(b'x'); assert b.recv(1) == b'x'
socket.socket(socket.AF_UNIX).close()
t = threading.Thread(target=lambda: None); t.start(); t.join()
assert subprocess.run(['true']).returncode == 0
pid = os.fork()
if pid == 0:
    os._exit(7)
assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
print(call(135, 0xffffffff) != 'EPERM')  # a query is no change (gVisor answers EINVAL)
"""


def test_what_programs_need_still_works(pool):
    """Unix sockets, threads (clone without namespace flags, after clone3's ENOSYS), fork, exec, personality query."""
    outcome = pool.execute(Execution(code=PRELUDE + ALLOWED, limits=ROOMY))
    assert outcome.status is Status.PASSED, outcome.stderr[-800:]
    assert outcome.stdout.strip() == "True"


def test_every_sandboxed_process_runs_filtered(pool):
    code = "print(open('/proc/self/status').read().split('Seccomp:')[1].split()[0])\n"
    assert pool.execute(Execution(code=code, limits=ROOMY)).stdout.strip() == "2"  # SECCOMP_MODE_FILTER


def test_the_policy_covers_the_issue_list_and_compiles_for_both_network_settings():
    names = {rule[0] for rule in seccomp.rules(network=False)}
    for name in ("ptrace", "process_vm_readv", "process_vm_writev", "bpf", "perf_event_open", "userfaultfd",
                 "keyctl", "add_key", "request_key", "mount", "umount2", "pivot_root", "chroot", "unshare",
                 "setns", "clone", "clone3", "io_uring_setup", "io_uring_enter", "io_uring_register",
                 "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
                 "swapon", "swapoff", "open_by_handle_at", "name_to_handle_at", "personality", "socket"):
        assert name in names, name
    closed, open_ = seccomp.program(network=False), seccomp.program(network=True)
    assert closed != open_ and len(closed) % 8 == 0 and len(open_) % 8 == 0


@pytest.mark.parametrize("backend", ["gvisor", "bwrap"])
def test_a_networked_sandbox_may_open_internet_sockets_but_nothing_rarer(backend):
    from sftmine.sandbox import Pool

    code = PRELUDE + "print(call(41, 2, 1, 0) != 'EPERM', call(41, 10, 2, 0) != 'EPERM', call(41, 17, 3, 0))\n"
    with Pool(backend, size=1, network=True, tmp_mb=64) as pool:
        outcome = pool.execute(Execution(code=code, limits=ROOMY))
    assert outcome.stdout.split() == ["True", "True", "EPERM"], outcome.stderr[-500:]
