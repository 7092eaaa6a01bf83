"""How the worker confines itself before it forks any execution (standard library only, runs in the sandbox).

The worker runs these steps, then execs a fresh interpreter of itself (zygote.py), which keeps the
confinement and serves without ctypes loaded. Two steps, both optional and chosen by the backend
through the worker's argv:

* `enter_userns`: under bubblewrap started by root, the worker begins as host root holding six
  capabilities. It moves into a new user namespace whose root is an unprivileged host uid and whose uids
  from FIRST_UID up map to the same host uids (the per-execution uids, and the uids that own writable
  mounts), then keeps only the capabilities it needs inside it. Capabilities in a user namespace count
  only for that namespace's processes and for files whose owner it maps, so afterwards the worker holds
  no host privilege at all: host root's files (the read-only system, /tmp's mount point) are nobody's
  to it, and the mount namespace, owned by the host's namespace, cannot be changed from inside.
  bubblewrap cannot set up this map itself: as root it maps only one uid, and its --userns-block-fd
  hand-off leaves its own process on host uid 0, which the map must not contain; so a helper forked
  before the unshare (still privileged in the host namespace) writes the map.
* `install_filter`: the seccomp-bpf program compiled on the host by libseccomp (`seccomp.py`), loaded
  with no_new_privs, so the worker and every process it forks run under it.
"""

from __future__ import annotations

import ctypes
import os

CLONE_NEWUSER = 0x10000000
FIRST_UID = 100_000
MAPPED_UIDS = 2_000_000_000 - FIRST_UID + 1  # up to 2e9; the namespace's root maps above that
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
PR_CAPBSET_DROP, CAP_LAST = 24, 63
PR_SET_CHILD_SUBREAPER = 36
_CAPABILITY_V3 = 0x20080522
# chown/DAC_OVERRIDE/FOWNER: hand a work dir to a uid and delete whatever it left; KILL, SETGID, SETUID.
WORKER_CAPS = (0, 1, 3, 5, 6, 7)

_libc = ctypes.CDLL(None, use_errno=True)


def _ok(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def become_subreaper() -> bool:
    """Orphans of this process's descendants come back to it (kept across execve), so none goes unseen."""
    return _libc.prctl(PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(1), 0, 0, 0) == 0


def enter_userns(host_root: int, own: list[str]) -> None:
    """Become root of a fresh user namespace mapped onto unprivileged host uids; `own` are paths to hand over."""
    for path in own:  # while still host root: the namespace's root must own its work root
        os.chown(path, host_root, host_root)
    ready_r, ready_w = os.pipe()
    helper = os.fork()
    if helper == 0:
        _write_maps(ready_r, ready_w, host_root)
    os.close(ready_r)
    try:
        _ok(_libc.unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")
    finally:
        os.write(ready_w, b"1")
        os.close(ready_w)
    _, status = os.waitpid(helper, 0)
    if status != 0:
        raise OSError("the user namespace's uid map could not be written")
    os.setresgid(0, 0, 0)
    os.setresuid(0, 0, 0)
    os.setgroups([])
    _keep_caps(WORKER_CAPS)


def _write_maps(ready_r: int, ready_w: int, host_root: int) -> None:
    """The helper: once the parent has unshared, write its uid and gid maps (one write each, as required)."""
    code = 1
    try:
        os.close(ready_w)
        if os.read(ready_r, 1) == b"1":
            text = f"0 {host_root} 1\n{FIRST_UID} {FIRST_UID} {MAPPED_UIDS}\n".encode()
            for name in ("uid_map", "gid_map"):
                fd = os.open(f"/proc/{os.getppid()}/{name}", os.O_WRONLY)
                try:
                    os.write(fd, text)
                finally:
                    os.close(fd)
            code = 0
    finally:
        os._exit(code)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _keep_caps(keep: tuple[int, ...]) -> None:
    """Drop every other capability from the bounding set, then from the permitted and effective sets."""
    for cap in range(CAP_LAST + 1):
        if cap not in keep:
            _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0)  # unknown caps fail harmlessly
    mask = sum(1 << cap for cap in keep)
    data = (_CapData * 2)(_CapData(mask, mask, 0), _CapData(0, 0, 0))
    _ok(_libc.capset(ctypes.byref(_CapHeader(_CAPABILITY_V3, 0)), data), "capset")


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install_filter(program: bytes) -> None:
    """Load a seccomp-bpf program (raw struct sock_filter[]) on this process and its future children."""
    buf = ctypes.create_string_buffer(program, len(program))
    prog = _SockFprog(len(program) // 8, ctypes.addressof(buf))
    _ok(_libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), 0, 0, 0), "no_new_privs")
    _ok(_libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(prog), 0, 0), "seccomp")
