"""The syscall policy of every sandboxed process, compiled to seccomp-bpf by libseccomp.

The policy is a deny-list on top of the namespaces (as isolate, nsjail and Docker's default profile do):
the calls that reach kernel attack surface or another process's memory, and that no judged program
needs, fail with EPERM, so the program sees an error and the judge a runtime error. libseccomp (the
maintained C library behind Docker, systemd and nsjail; Debian's `libseccomp2`) is loaded through ctypes:
its Python binding is built for the system interpreter only. The host compiles the program; the worker
installs it on itself before it forks anything (see `zygote._install_filter`), so the worker and every
child run under it, on both backends.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools
import os

from sftmine.errors import SandboxError

# Denied outright. Names this kernel's libseccomp does not know are skipped (an old syscall table).
DENIED = (
    # another process's memory and the tracer interface
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    # kernel programs, perf counters, page-fault handlers, keyrings
    "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
    # mounts, old and new API, and root changes
    "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
    "open_tree", "mount_setattr",
    # new namespaces of any kind (clone's namespace flags are filtered below)
    "unshare", "setns",
    # io_uring runs syscalls the filter would never see
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # the machine itself
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "syslog", "settimeofday", "clock_settime", "clock_adjtime",
    "sethostname", "setdomainname", "iopl", "ioperm", "vhangup", "uselib", "lookup_dcookie", "fanotify_init",
    # file handles bypass path permissions
    "open_by_handle_at", "name_to_handle_at",
)
CLONE_NS_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
PERSONALITY_QUERY = 0xFFFFFFFF
AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_FLTATR_ACT_BADARCH = 2
_CMP_NE, _CMP_LT, _CMP_EQ, _CMP_GT, _CMP_MASKED_EQ = 1, 2, 4, 6, 7  # enum scmp_compare


def _errno_action(err: int) -> int:
    return 0x00050000 | (err & 0xFFFF)  # SCMP_ACT_ERRNO(err)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


@functools.cache
def _lib() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError as exc:
        raise SandboxError(f"libseccomp is missing ({exc}); run: apt-get install libseccomp2") from exc
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


def problem() -> str | None:
    """None when libseccomp can compile the policy here, else the reason and the fix."""
    try:
        program(network=False)
    except SandboxError as exc:
        return str(exc)
    return None


def rules(network: bool) -> list[tuple[str, int, list[tuple[int, int, int, int]]]]:
    """(syscall, errno, [(arg, op, a, b)]): each rule denies when all its comparisons hold."""
    deny = [(name, errno.EPERM, []) for name in DENIED]
    deny += [("clone", errno.EPERM, [(0, _CMP_MASKED_EQ, flag, flag)]) for flag in CLONE_NS_FLAGS]
    # clone3 passes its flags in memory, which seccomp cannot read; ENOSYS makes glibc fall back to clone,
    # whose flags the rules above do see (the choice of Docker, Flatpak and systemd-nspawn).
    deny.append(("clone3", errno.ENOSYS, []))
    deny.append(("personality", errno.EPERM, [(0, _CMP_NE, PERSONALITY_QUERY, 0)]))
    for call in ("socket", "socketpair"):
        deny += [(call, errno.EPERM, [cmp]) for cmp in _foreign_families(network)]
    return deny


def _foreign_families(network: bool) -> list[tuple[int, int, int, int]]:
    """Comparisons on the address family that together cover every family but the allowed ones."""
    if not network:  # AF_UNIX only
        return [(0, _CMP_LT, AF_UNIX, 0), (0, _CMP_GT, AF_UNIX, 0)]
    between = [(0, _CMP_EQ, family, 0) for family in range(AF_INET + 1, AF_INET6)]
    return [(0, _CMP_LT, AF_UNIX, 0), *between, (0, _CMP_GT, AF_INET6, 0)]


@functools.cache
def program(network: bool) -> bytes:
    """The policy as raw BPF instructions (struct sock_filter[]), for the native architecture."""
    lib = _lib()
    ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not ctx:
        raise SandboxError("libseccomp could not start a filter")
    try:
        # A syscall made through another ABI (int 0x80, x32) is refused too, not let through.
        _check(lib.seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, _errno_action(errno.EPERM)), "set bad-arch action")
        for name, err, cmps in rules(network):
            nr = lib.seccomp_syscall_resolve_name(name.encode())
            if nr < 0:
                continue
            array = (_ArgCmp * max(1, len(cmps)))(*(_ArgCmp(*c) for c in cmps))
            _check(lib.seccomp_rule_add_array(ctx, _errno_action(err), nr, len(cmps), array), f"rule for {name}")
        return _export(lib, ctx)
    finally:
        lib.seccomp_release(ctx)


def _export(lib: ctypes.CDLL, ctx: int) -> bytes:
    fd = os.memfd_create("sftmine-seccomp")
    try:
        _check(lib.seccomp_export_bpf(ctx, fd), "export")
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check(rc: int, what: str) -> None:
    if rc < 0:
        raise SandboxError(f"libseccomp failed to {what}: {os.strerror(-rc)}")
