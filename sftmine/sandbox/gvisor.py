"""gVisor (runsc): a user-space kernel between the code and the host, as the Codex paper used.

Each launch writes a small OCI bundle (an empty read-only root with the chosen host paths bound into
it, read-only unless a mount says otherwise) and runs it with `runsc run`. The container gets no
network, a tmpfs /tmp, and cgroup caps on memory and process count when the host allows cgroups.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from sftmine.sandbox.base import Backend, Launch, SandboxSpec, register, which
from sftmine.sandbox.bwrap import WORKER_CAPS
from sftmine.sandbox.gvisor_platform import platform

STATE_ROOT = Path(tempfile.gettempdir()) / "sftmine-runsc"


@register
class GVisorBackend(Backend):
    name = "gvisor"

    def problem(self) -> str | None:
        if which("runsc") is None:
            return "runsc (gVisor) is not installed; run: apt-get install runsc"
        if os.geteuid() != 0:
            return "gVisor needs root here; run as root or use --backend bwrap"
        return None

    def launch(self, argv: list[str], spec: SandboxSpec) -> Launch:
        STATE_ROOT.mkdir(parents=True, exist_ok=True)
        bundle = Path(tempfile.mkdtemp(prefix="bundle-", dir=STATE_ROOT))
        (bundle / "rootfs").mkdir()
        (bundle / "config.json").write_text(json.dumps(oci_config(argv, spec)))
        cid = f"sftmine-{uuid.uuid4().hex[:12]}"
        state = STATE_ROOT / "state"
        debug = os.environ.get("SFTMINE_RUNSC_DEBUG_DIR")  # runsc's own logs, for diagnosing a sandbox
        cmd = ["runsc", "--root", str(state), f"--platform={platform()}",
               *([f"--debug-log={debug.rstrip('/')}/", "--debug"] if debug else []),
               # With network, the container shares the host's stack (installs reach the package index).
               "--network=" + ("host" if spec.network else "none"), "run", "--bundle", str(bundle), cid]

        def cleanup() -> None:
            subprocess.run(["runsc", "--root", str(state), "delete", "--force", cid],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            shutil.rmtree(bundle, ignore_errors=True)

        return Launch(cmd, cleanup)


def oci_config(argv: list[str], spec: SandboxSpec) -> dict:
    caps = list(WORKER_CAPS)
    mounts = [
        {"destination": "/proc", "type": "proc", "source": "proc"},
        {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]},
        {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
         "options": ["nosuid", "nodev", "mode=755", f"size={spec.tmp_mb}m"]},
    ]
    for m in spec.mounts:
        if os.path.exists(m.source):
            mounts.append({"destination": m.target, "type": "bind", "source": m.source,
                           "options": ["rbind", "rw" if m.writable else "ro"]})
    return {
        "ociVersion": "1.0.0",
        "process": {
            "terminal": False,
            "user": {"uid": 0, "gid": 0},
            "args": argv,
            "env": [f"{k}={v}" for k, v in spec.env],
            "cwd": "/tmp",
            "capabilities": {k: caps for k in ("bounding", "effective", "permitted")},
            "noNewPrivileges": True,
        },
        "root": {"path": "rootfs", "readonly": True},
        "hostname": "sandbox",
        "mounts": mounts,
        "linux": {
            "namespaces": [{"type": t} for t in ("pid", "ipc", "uts", "mount", *(() if spec.network else ("network",)))],
            # No host pids cap: the ptrace platform backs guest tasks with host stub processes, and the
            # sentry panics when the host refuses one. gVisor enforces RLIMIT_NPROC inside instead.
            "resources": {"memory": {"limit": spec.memory_mb << 20}},
        },
    }
