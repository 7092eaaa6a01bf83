"""SIGTERM and SIGINT end a command cleanly: the stack unwinds (every sandbox pool closes, every run lock is
released, finished shards stay), then one line on stderr and exit code 143 or 130, as a shell would report.

cron, systemd and Ray stop a job with SIGTERM, whose default action would end the process on the spot and
leave its sandboxes (gVisor containers and their bundle folders) behind.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so the same clean-up paths run."""


EXIT_CODES = {signal.SIGTERM: 143, signal.SIGINT: 130}


def _raise(signum: int, _frame: FrameType | None) -> None:
    # A second signal must not cut the clean-up short; the first one's exception is already on its way.
    for sig in EXIT_CODES:
        signal.signal(sig, signal.SIG_IGN)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextmanager
def clean_exit_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` and SIGINT `KeyboardInterrupt` (only once each)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in EXIT_CODES}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
