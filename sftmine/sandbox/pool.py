"""A pool of warm sandboxed workers.

Each worker is one sandbox (gVisor container or bubblewrap namespace set) started once and running
`zygote.py`, which forks a fresh, unprivileged child per execution. Starting gVisor costs a few hundred
milliseconds; a fork costs a few. A worker is thrown away and replaced after anything suspicious: a
timeout, a memory blow-up, an output flood, a process that survived its execution, a broken reply.
Sandbox errors are retried on a fresh worker and never reported as the candidate's failure.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import random
import secrets
import select
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from sftmine.errors import SandboxError
from sftmine.records import Status
from sftmine.sandbox import live, wire
from sftmine.sandbox.base import WORKER_DIR, Backend, Mount, SandboxSpec, base_mounts, get_backend
from sftmine.sandbox.execution import Execution, Outcome, classify

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
START_TIMEOUT_S = 60.0
REPLY_MARGIN_S = 15.0
MAX_ATTEMPTS = 3


class Worker:
    """One warm sandbox speaking the wire protocol with its zygote."""

    def __init__(self, backend: Backend, spec: SandboxSpec, python: str) -> None:
        self.backend = backend
        self.uid = random.randint(200_000, 2_000_000_000)  # unique per worker, also across processes
        worker_dir = WORKER_DIR if backend.safe else str(Path(__file__).parent)
        argv = [python, "-s", "-B", f"{worker_dir}/zygote.py", str(self.uid), *backend.worker_args(spec)]
        self.sandbox = live.start(backend, argv, spec)
        self.proc = self.sandbox.proc
        self.busy = False
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=40)
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        hello = self._call(None, START_TIMEOUT_S)
        if not hello or not hello.get("ready"):
            self.close()
            raise SandboxError(f"{backend.name}: worker did not start: {self.diagnostics()}")
        self.isolated_uid = bool(hello.get("isolated_uid"))
        self.executions = 0

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())

    def diagnostics(self) -> str:
        return " | ".join(list(self.stderr_tail)[-5:]) or f"exit code {self.proc.poll()}"

    def _call(self, request: dict | None, timeout_s: float) -> dict | None:
        """Send a request (or nothing, for the greeting) and wait for one reply; kill the worker on timeout."""
        try:
            if request is not None:
                wire.send(self.proc.stdin, request)  # type: ignore[arg-type]
            return wire.recv(_DeadlineReader(self.proc.stdout.fileno(), time.monotonic() + timeout_s))
        except TimeoutError:
            self.kill()
            return None
        except (OSError, EOFError, ValueError):
            return None

    def execute(self, execution: Execution, nonce: str) -> dict | None:
        self.executions += 1
        budget = execution.limits.wall_s + REPLY_MARGIN_S
        self.busy = True
        try:
            return self._call(execution.to_request(nonce), budget)
        finally:
            self.busy = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        self.sandbox.kill()

    def close(self) -> None:
        """An idle worker gets a moment to exit by itself; a busy one (the pool is being torn down) is killed."""
        self.sandbox.stop(grace_s=0 if self.busy else 2)


class _DeadlineReader:
    """A file-like `read` on a pipe that gives up at a deadline instead of blocking forever."""

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd, self.deadline = fd, deadline

    def read(self, size: int) -> bytes:
        left = self.deadline - time.monotonic()
        if left <= 0 or not select.select([self.fd], [], [], left)[0]:
            raise TimeoutError("worker did not answer in time")
        return os.read(self.fd, size)


class Pool:
    """`size` warm workers behind `execute(Execution) -> Outcome`; safe to call from many threads."""

    def __init__(self, backend: str | Backend = "auto", size: int | None = None, *, python: str | None = None,
                 mounts: Iterable[Mount] = (), network: bool = False, unsafe: bool = False,
                 tmp_mb: int = 512, memory_mb: int = 4096) -> None:
        self.backend = backend if isinstance(backend, Backend) else get_backend(backend, unsafe=unsafe)
        # Workers mostly wait on handoffs between host, worker and child; two per core keep the CPUs busy.
        self.size = size or default_size()
        self.python = python or sys.executable
        self.spec = SandboxSpec(
            mounts=tuple(base_mounts(list(mounts), network)), network=network, tmp_mb=tmp_mb, memory_mb=memory_mb,
            env=(("PATH", "/usr/local/bin:/usr/bin:/bin"), ("PYTHONHASHSEED", "0"), ("LANG", "C.UTF-8")))
        self._idle: queue.Queue[Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot; the worker starts on first use
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        self.started = 0
        self.recycled = 0
        self.start_error = ""
        self.closed = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, execution: Execution) -> Outcome:
        if self.closed:
            raise SandboxError("pool is closed")
        last = "no attempt"
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if self.closed:  # torn down while this execution ran (an error, a signal): start nothing new
                raise SandboxError("pool is closed")
            worker = self._take()
            if worker is None:
                last = self.start_error
                continue
            nonce = secrets.token_hex(8)
            try:
                reply = worker.execute(execution, nonce)
            except Exception as exc:  # noqa: BLE001 - any host-side failure is a sandbox error
                reply, last = None, repr(exc)
            if reply is None or "error" in reply:
                last = (reply or {}).get("error") or worker.diagnostics()
                self._discard(worker)
                continue
            outcome = classify(reply, execution.limits, self.backend.name)
            outcome.attempts, outcome.nonce = attempt, nonce
            self._give_back(worker, _suspicious(reply, outcome))
            return outcome
        return Outcome(Status.SANDBOX_ERROR, backend=self.backend.name, attempts=MAX_ATTEMPTS,
                       detail=f"sandbox failed {MAX_ATTEMPTS} times: {last}"[:2000])

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Apply `fn` (which calls `execute`) to items with one thread per worker; results in order."""
        ex = ThreadPoolExecutor(self.size)
        try:
            yield from ex.map(fn, items)
        finally:  # on an error or a signal, drop what has not started instead of running it all first
            ex.shutdown(wait=False, cancel_futures=True)

    def warm(self) -> None:
        """Start every worker now (so a benchmark does not time the start-up)."""
        workers = [self._take() for _ in range(self.size)]
        for w in workers:
            self._give_back(w, False)

    def _take(self) -> Worker | None:
        worker = self._idle.get()
        if self.closed:
            self._idle.put(worker)
            return None
        if worker is not None and worker.alive():
            return worker
        if worker is not None:
            self._discard(worker)
        try:
            worker = Worker(self.backend, self.spec, self.python)
        except SandboxError as exc:
            log.warning("%s", exc)
            self.start_error = str(exc)
            self._idle.put(None)
            return None
        with self._lock:
            self._workers.add(worker)
            self.started += 1
        return worker

    def _give_back(self, worker: Worker | None, suspicious: bool) -> None:
        if worker is not None and suspicious:
            self.recycled += 1
            self._discard(worker, put_slot=False)
            worker = None
        self._idle.put(worker)

    def _discard(self, worker: Worker | None, put_slot: bool = True) -> None:
        if worker is not None:
            with self._lock:
                self._workers.discard(worker)
            worker.kill()
            worker.close()
        if put_slot:
            self._idle.put(None)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.close()
        while True:  # wake any thread waiting for a worker; it sees the pool closed
            try:
                self._idle.get_nowait()
            except queue.Empty:
                break
        for _ in range(self.size):
            self._idle.put(None)


def default_size() -> int:
    return 2 * max(1, os.cpu_count() or 1)


def _suspicious(reply: dict, outcome: Outcome) -> bool:
    return bool(reply.get("leftover") or reply.get("timed_out") or reply.get("output_limit")
                or outcome.status in (Status.TIMEOUT, Status.MEMORY) or outcome.signal is not None)
