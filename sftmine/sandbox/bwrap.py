"""bubblewrap: Linux namespaces, a read-only view of chosen host paths, a private tmpfs, a seccomp filter.

Started by root, bubblewrap keeps only the capabilities the worker needs to set itself up, and the
worker then moves into a user namespace whose root is an unprivileged host uid (`confine.py`), so no
sandboxed process holds host privilege. Every sandboxed process runs under the seccomp policy of
`seccomp.py`. Started by another user, bubblewrap maps that user alone (no per-execution uids).
"""

from __future__ import annotations

import os
import random

from sftmine.sandbox import seccomp
from sftmine.sandbox.base import Backend, Launch, SandboxSpec, register, which

# The worker needs these to drop each child to its own uid, clean up after it and kill what it left, and
# (SETUID/SETGID in the host's namespace) to write its user namespace's uid map. Inside that namespace
# they count only there; the children keep none: a setuid to a non-root uid clears them.
WORKER_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER")


@register
class BwrapBackend(Backend):
    name = "bwrap"

    def problem(self) -> str | None:
        if which("bwrap") is None:
            return "bwrap is not installed; run: apt-get install bubblewrap"
        return seccomp.problem()

    def worker_args(self, spec: SandboxSpec) -> list[str]:
        args = super().worker_args(spec)
        if os.geteuid() == 0 and userns_allowed():
            # The namespace's root: a host uid above every mapped one, different for each worker.
            args += ["--userns", str(random.randint(HOST_ROOT_UIDS[0], HOST_ROOT_UIDS[1]))]
        return args

    def launch(self, argv: list[str], spec: SandboxSpec) -> Launch:
        args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc",
                "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
        if not spec.network:
            args.append("--unshare-net")
        if os.geteuid() == 0:
            args += ["--cap-drop", "ALL"]
            for cap in WORKER_CAPS:
                args += ["--cap-add", cap]
        else:
            args += ["--unshare-user", "--disable-userns"]
        args += ["--proc", "/proc", "--dev", "/dev",
                 "--perms", "0755", "--size", str(spec.tmp_mb << 20), "--tmpfs", "/tmp"]
        mounts = [m for m in spec.mounts if os.path.exists(m.source)]
        # bwrap would create missing parents (/root, /opt, /etc) as 0700; the unprivileged child must pass.
        for parent in _parents(m.target for m in mounts):
            args += ["--perms", "0755", "--dir", parent]
        for m in mounts:
            args += ["--bind" if m.writable else "--ro-bind", m.source, m.target]
        args += ["--clearenv"]
        for key, value in spec.env:
            args += ["--setenv", key, value]
        args += ["--chdir", "/tmp", "--", *argv]
        return Launch(args)


HOST_ROOT_UIDS = (2_000_000_001, 2_100_000_000)


def userns_allowed() -> bool:
    """False where the kernel forbids new user namespaces; the worker then stays host root with six caps,
    and the seccomp filter is what keeps it from mounts, namespaces, tracing and the kernel's rarer corners."""
    try:
        with open("/proc/sys/user/max_user_namespaces") as fh:
            return int(fh.read()) > 1
    except (OSError, ValueError):
        return False


def _parents(targets) -> list[str]:
    out: set[str] = set()
    for target in targets:
        path = os.path.dirname(target)
        while path not in ("/", ""):
            out.add(path)
            path = os.path.dirname(path)
    return sorted(out, key=lambda p: (p.count("/"), p))
