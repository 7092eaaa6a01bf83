"""Start recording in this process when SFTMINE_TRACE says so; called from a `.pth` line at start-up.

Standard library only. SFTMINE_TRACE holds a JSON object:
  {"out": DIR, "root": CHECKOUT, "exclude": [PATH, ...], "max_calls": 20, "max_attempts": 100,
   "max_bytes": 4096, "flush_every": 200, "driver": "auto"}
The driver is sys.monitoring where the Python has it (3.12+) and its profiler slot is free, else the
profile hook (sys.setprofile and threading.setprofile); "profile" or "monitoring" forces one.
Because the variable is inherited, every Python subprocess the test suite starts records too (into its
own file). Anything that goes wrong here is swallowed: a recorder that cannot start leaves the program
running untraced.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading

from . import monitoring

ENV = "SFTMINE_TRACE"
PTH_LINE = f"import os; os.environ.get({ENV!r}) and __import__('sftmine_tracer.hook').hook.install()\n"
_installed = None


def install():
    """Install the recorder once per process; returns it, or None when off or broken."""
    global _installed
    if _installed is not None:
        return _installed
    raw = os.environ.get(ENV)
    if not raw:
        return None
    try:
        _installed = _start(json.loads(raw))
    except Exception as exc:  # noqa: BLE001 - a broken config must not break the traced program
        sys.stderr.write(f"sftmine tracer not started: {type(exc).__name__}: {exc}\n")
        return None
    return _installed


def _start(config: dict):
    from .capture import Recorder, make_profiler
    from .logger import Logger
    from .store import Store

    os.makedirs(config["out"], exist_ok=True)
    logger = Logger(Store(config["out"]), int(config.get("flush_every", 200)))
    recorder = Recorder(config, logger)
    driver = config.get("driver", "auto")
    if driver == "profile" or not (driver in ("auto", "monitoring") and monitoring.install(recorder)):
        profile = make_profiler(recorder)
        sys.setprofile(profile)
        threading.setprofile(profile)
        driver = "profile"
    logger.meta["driver"] = driver if driver == "profile" else "monitoring"
    atexit.register(_finish, recorder, logger.meta["driver"])
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=logger.flush_rows, after_in_child=logger.after_fork_in_child)
    return recorder


def _finish(recorder, driver: str) -> None:
    try:
        if driver == "monitoring":
            monitoring.uninstall()
        else:
            sys.setprofile(None)
            threading.setprofile(None)  # type: ignore[arg-type]
        recorder.unfinished()
        recorder.logger.close()
    except Exception:  # noqa: BLE001, S110 - at exit there is no one left to tell
        pass
