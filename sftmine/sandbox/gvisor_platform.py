"""Which gVisor platform to run on: the fastest one the installed runsc has that actually starts here.

gVisor intercepts the sandboxed program's syscalls through a "platform": `systrap` (seccomp traps, gVisor
2023 and later), `kvm` (hardware virtualization; fast, but in a nested VM it may hang at start) or
`ptrace` (works everywhere; a fork costs tens of milliseconds). Each platform the runsc names in its
flags is tried once with a small container that forks and execs a few times, under a time limit; the
fastest that finishes wins. The answer is cached per machine (runsc version, kernel) under the user
cache folder. `SFTMINE_GVISOR_PLATFORM` overrides it without any probe.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

log = logging.getLogger(__name__)
ORDER = ("systrap", "kvm", "ptrace")
FAST = ("systrap", "kvm")
PROBE_TIMEOUT_S = 8.0
PROBE = ["/bin/sh", "-c", "i=0; while [ $i -lt 10 ]; do /bin/true; i=$((i+1)); done; echo probe-ok"]


def platform() -> str:
    """The platform to run on: the override, else the cached or freshly probed fastest one."""
    forced = os.environ.get("SFTMINE_GVISOR_PLATFORM")
    return forced or detect()["platform"]


def cache_file() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "sftmine" / "gvisor-platform.json"


@functools.cache
def machine_key() -> str:
    version = _runsc(["--version"]).splitlines()[:1]
    return f"{version[0] if version else 'runsc ?'} | {os.uname().release}"


def detect() -> dict:
    """{"platform", "key", "timings"}: read from the cache when it belongs to this machine, else probed."""
    key, path = machine_key(), cache_file()
    try:
        cached = json.loads(path.read_text())
        if cached.get("key") == key and cached.get("platform") in ORDER:
            return cached
    except (OSError, ValueError):
        pass
    timings = {name: probe(name) for name in supported()}
    working = {name: t for name, t in timings.items() if t is not None}
    best = min(working, key=working.__getitem__) if working else "ptrace"
    result = {"platform": best, "key": key, "timings": timings}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(result, indent=2))
    tmp.replace(path)  # another process probing at the same time writes the same answer
    log.info("gVisor platform %s (probe seconds: %s), cached in %s", best, timings, path)
    return result


def supported() -> list[str]:
    """The platforms this runsc's --platform flag lists, fastest first."""
    text = _runsc(["flags"])
    line = next((ln for ln in text.splitlines() if "which platform to use" in ln), "")
    return [name for name in ORDER if name in line] or ["ptrace"]


def probe(name: str) -> float | None:
    """Seconds the probe container took on platform `name`, or None if it failed or hung."""
    from sftmine.sandbox.base import Mount, SandboxSpec
    from sftmine.sandbox.gvisor import oci_config

    root = Path(tempfile.mkdtemp(prefix="sftmine-probe-"))
    (root / "rootfs").mkdir()
    dirs = [Mount(d, d) for d in ("/usr", "/lib", "/lib64", "/bin") if os.path.exists(d)]
    (root / "config.json").write_text(json.dumps(oci_config(PROBE, SandboxSpec(mounts=tuple(dirs)))))
    state, cid = str(root / "state"), f"sftmine-probe-{uuid.uuid4().hex[:8]}"
    cmd = ["runsc", "--root", state, f"--platform={name}", "--network=none", "run", "--bundle", str(root), cid]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=PROBE_TIMEOUT_S)
        return round(time.monotonic() - start, 3) if b"probe-ok" in out else None
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None
    finally:
        subprocess.run(["runsc", "--root", state, "delete", "--force", cid], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _runsc(args: list[str]) -> str:
    try:
        done = subprocess.run(["runsc", *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr
