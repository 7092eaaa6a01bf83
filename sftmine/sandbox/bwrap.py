"""bubblewrap: Linux namespaces, a read-only view of chosen host paths, and a private tmpfs."""

from __future__ import annotations

import os

from sftmine.sandbox.base import Backend, Launch, SandboxSpec, register, which

# The worker needs these to drop each child to its own uid, clean up after it and kill what it left.
# The children themselves keep none: a setuid to a non-root uid clears them.
WORKER_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER")


@register
class BwrapBackend(Backend):
    name = "bwrap"

    def problem(self) -> str | None:
        if which("bwrap") is None:
            return "bwrap is not installed; run: apt-get install bubblewrap"
        return None

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


def _parents(targets) -> list[str]:
    out: set[str] = set()
    for target in targets:
        path = os.path.dirname(target)
        while path not in ("/", ""):
            out.add(path)
            path = os.path.dirname(path)
    return sorted(out, key=lambda p: (p.count("/"), p))
