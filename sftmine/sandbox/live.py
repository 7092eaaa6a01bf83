"""Every sandbox this process has started, so that none outlives it: not after an error, Ctrl-C or SIGTERM.

A sandbox is started (its files written, its process launched, its record kept) in one spawner thread.
That thread lives as long as the process, which bubblewrap needs (its --die-with-parent fires when the
*thread* that started it exits), and a signal's exception, which Python raises only in the main thread,
cannot fall between writing a gVisor bundle and recording it. Whatever is still running at exit is killed
and cleaned up (`runsc delete`, the bundle folder removed) by an atexit hook.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sftmine.sandbox.base import Backend, SandboxSpec

_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-spawner")
_LOCK = threading.Lock()
_LIVE: set[Started] = set()


class Started:
    """One running sandbox: its launcher process and how to clean up after it."""

    def __init__(self, proc: subprocess.Popen, cleanup: Callable[[], None]) -> None:
        self.proc, self._cleanup, self._stopped = proc, cleanup, False

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, grace_s: float = 0.0) -> None:
        """End it (after up to `grace_s` for it to exit on its own, its stdin closed) and clean up; idempotent."""
        with _LOCK:
            if self._stopped:
                return
            self._stopped = True
            _LIVE.discard(self)
        try:
            if self.proc.poll() is None and grace_s > 0:
                self.proc.stdin.close()  # type: ignore[union-attr]  # the worker's cue to exit
                self.proc.wait(timeout=grace_s)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self.proc.poll() is None:
            self.kill()
            self.proc.wait()
        self._cleanup()


def start(backend: Backend, argv: list[str], spec: SandboxSpec) -> Started:
    """Launch `argv` in a new sandbox of `backend`, from the spawner thread, and record it."""
    return _SPAWNER.submit(_start, backend, argv, spec).result()


def _start(backend: Backend, argv: list[str], spec: SandboxSpec) -> Started:
    launch = backend.launch(argv, spec)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **launch.env}
    try:
        proc = subprocess.Popen(launch.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, start_new_session=True, bufsize=0)
    except BaseException:
        launch.cleanup()
        raise
    started = Started(proc, launch.cleanup)
    with _LOCK:
        _LIVE.add(started)
    return started


def running() -> int:
    with _LOCK:
        return len(_LIVE)


@atexit.register
def stop_all() -> None:
    """Kill and clean up every sandbox still running (the last line of defence; pools close their own)."""
    with _LOCK:
        left = list(_LIVE)
    for started in left:
        started.stop()
