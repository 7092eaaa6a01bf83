"""Exit codes and interrupts: one convention for every command.

    0    done (also when there was nothing new to do)
    1    the work failed (an sftmine error, or every item of the run failed)
    2    usage: a wrong option, argument or value (click's own code)
    75   locked: another run holds the output folder (EX_TEMPFAIL: try again later)
    130  interrupted by SIGINT (Ctrl-C)
    143  terminated by SIGTERM

SIGTERM is turned into `Terminated`, raised in the main thread like KeyboardInterrupt, so the same
`finally` blocks and context managers that clean up after Ctrl-C (sandbox pools, locks, temporary
files) run on a kill too. It derives from KeyboardInterrupt (a BaseException): `except Exception` does
not swallow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """The process got SIGTERM; raised where it was running, like Ctrl-C, so the same clean-up paths run.

    cron, systemd and Ray stop a job with SIGTERM, whose default action would end the process on the spot
    and leave its sandboxes (gVisor containers and their bundle folders) behind.
    """


_EXITS = {signal.SIGTERM: EXIT_SIGTERM, signal.SIGINT: EXIT_SIGINT}


def _raise(signum: int, _frame: FrameType | None) -> None:
    # A second signal must not cut the clean-up short; the first one's exception is already on its way.
    for sig in _EXITS:
        signal.signal(sig, signal.SIG_IGN)
    raise Terminated(f"terminated by signal {signum}") if signum == signal.SIGTERM else KeyboardInterrupt()


@contextmanager
def clean_exit_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` and SIGINT `KeyboardInterrupt` (once each).

    Only the main thread can own a handler; elsewhere the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in _EXITS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# What is true after an interrupt, per command. Every command writes its files whole (temporary name,
# then rename), so one not named here leaves no half-written file behind.
RESUMABLE = {
    "trace": "finished sources are kept; rerun to resume with the rest",
    "sample": "generated samples are cached; rerun to resume",
    "judge": "finished shards and cached verdicts are kept; rerun to resume",
    "filter": "cached samples, finished shards and verdicts are kept; rerun to resume",
    "refresh": "finished steps are kept; rerun to resume",
    "scrape": "fetched problems and the HTTP cache are kept; rerun to resume",
    "mine-competitive": "fetched problems and the HTTP cache are kept; rerun to resume",
}
NOTHING_HALF = "no file was left half-written (each is written whole, then renamed); rerun it to finish"
NOTHING_TO_KEEP = "nothing was written; rerun it"
READ_ONLY = ("exec", "parse", "bench")


def interrupt_message(command_path: str, signal_name: str) -> str:
    """The one line printed on an interrupt: what happened, and what it left behind."""
    words = command_path.split()[1:]  # drop the program name
    name = words[0] if words else ""
    if name in RESUMABLE:
        tail = RESUMABLE[name]
    elif name in READ_ONLY:
        tail = NOTHING_TO_KEEP
    else:
        tail = NOTHING_HALF
    return f"{signal_name}: {' '.join(words) or 'sftmine'} stopped; {tail}"
