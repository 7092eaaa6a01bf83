"""Value objects for one execution: what to run (`Execution`) and how it ended (`Outcome`)."""

from __future__ import annotations

import json
import signal
from dataclasses import asdict, dataclass, field
from typing import Any

from sftmine.records import Status
from sftmine.sandbox.base import Limits

MODES = ("script", "function", "check", "argv")


@dataclass(frozen=True)
class Execution:
    """One run of untrusted code.

    mode `script` runs `code` as __main__ with `stdin`; `function` loads `code` and calls `entry_point`
    once per case (cases carry Python-literal `args`/`kwargs`); `check` runs human-eval style
    `test_code` against `code`; `argv` execs a command.
    """

    mode: str = "script"
    code: str = ""
    stdin: str = ""
    entry_point: str | None = None
    cases: tuple[dict[str, str | None], ...] = ()
    test_code: str | None = None
    prelude: str | None = None  # check mode: the task's own code (its prompt) that the check runs apart with
    argv: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    limits: Limits = field(default_factory=Limits)
    cwd: str | None = None  # a directory inside the sandbox (e.g. a writable mount); default: a fresh temp dir
    uid: int | None = None  # run as this uid (which owns `cwd`); default: the worker's own random uid

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown execution mode {self.mode!r}; choose from {MODES}")

    def to_request(self, nonce: str) -> dict[str, Any]:
        lim = self.limits
        return {
            "mode": "script" if self.mode == "argv" else self.mode,
            "code": self.code, "stdin": self.stdin, "entry_point": self.entry_point,
            "cases": list(self.cases), "test_code": self.test_code, "prelude": self.prelude, "argv": list(self.argv),
            "files": dict(self.files), "env": dict(self.env), "nonce": nonce, "cwd": self.cwd,
            "uid": self.uid,
            "wall_s": lim.wall_s, "cpu_s": lim.cpu_s, "memory_mb": lim.memory_mb,
            "max_procs": lim.max_procs, "max_output": lim.max_output, "max_file_mb": lim.max_file_mb,
        }


@dataclass
class Outcome:
    status: Status
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    backend: str = ""
    signal: int | None = None
    cpu_s: float | None = None
    detail: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 1
    nonce: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["status"] = self.status.value
        return out

    def public(self) -> dict[str, Any]:
        """The fields `sftmine exec --json` prints."""
        keys = ("status", "exit_code", "stdout", "stderr", "duration_s", "backend", "signal", "detail")
        return {k: v for k, v in self.to_dict().items() if k in keys}


def classify(reply: dict[str, Any], limits: Limits, backend: str) -> Outcome:
    """Turn the worker's raw facts into an Outcome with a status (for a plain program run)."""
    events = _events(reply.get("result", ""))
    status, detail = _status(reply, events, limits)
    return Outcome(
        status=status, exit_code=reply.get("exit_code"), stdout=reply.get("stdout", ""),
        stderr=reply.get("stderr", ""), duration_s=reply.get("duration_s", 0.0), backend=backend,
        signal=reply.get("signal"), cpu_s=reply.get("cpu_s"), detail=detail, events=events,
    )


def _status(reply: dict[str, Any], events: list[dict[str, Any]], limits: Limits) -> tuple[Status, str]:
    sig = reply.get("signal")
    if reply.get("timed_out"):
        return Status.TIMEOUT, f"wall time over {limits.wall_s:g}s"
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and (reply.get("cpu_s") or 0) >= limits.cpu_s):
        return Status.TIMEOUT, f"CPU time over {limits.cpu_s:g}s"
    if any(e.get("memory") for e in events) or _looks_oom(reply, limits):
        return Status.MEMORY, f"memory over {limits.memory_mb} MB"
    if reply.get("output_limit"):
        return Status.RUNTIME_ERROR, f"output over {limits.max_output} bytes"
    if sig is not None:
        return Status.RUNTIME_ERROR, f"killed by {_signame(sig)}"
    if reply.get("exit_code") != 0:
        return Status.RUNTIME_ERROR, f"exit code {reply.get('exit_code')}"
    return Status.PASSED, ""


def _looks_oom(reply: dict[str, Any], limits: Limits) -> bool:
    rss = reply.get("max_rss_kb") or 0
    if reply.get("signal") == signal.SIGKILL and rss * 1024 >= 0.9 * (limits.memory_mb << 20):
        return True
    stderr = reply.get("stderr", "")
    return reply.get("exit_code") not in (0, None) and stderr.rstrip().endswith("MemoryError")


def _signame(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def _events(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue  # garbage written to the result channel counts as nothing
        if isinstance(obj, dict):
            out.append(obj)
    return out
