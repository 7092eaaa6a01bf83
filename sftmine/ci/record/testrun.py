"""The traced test run: the plan's test commands, in the sandbox with no network, recorder switched on.

The checkout and the trace folder are the only writable places; HOME is a private temporary folder; the
hash seed is fixed; coverage, xdist and random ordering are switched off through PYTEST_ADDOPTS. A run
that times out, hits the process limit or fails tests is reported with a reason (and what it tried, when
its output says so: the network, a read-only place, more processes) and never stops the next project.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.box import SYSTEM_PATH, Box, tail
from sftmine.ci.config.commands import plugin_options
from sftmine.ci.config.plan import Plan
from sftmine.ci.env.venv import Env
from sftmine.ci.record.recorder import trace_env
from sftmine.records import Status
from sftmine.sandbox import Outcome

EXIT_MEANING = {1: "tests failed", 2: "test run interrupted", 3: "test runner internal error",
                4: "test runner usage error", 5: "no tests collected"}
# Output that shows what a contained run tried to do.
SIGNS = {
    "tried the network": ("Network is unreachable", "Temporary failure in name resolution",
                          "Name or service not known", "No address associated", "ConnectionRefusedError"),
    "wrote outside its sandbox": ("Read-only file system", "Permission denied: '/root", "Permission denied: '/home"),
    "hit the process limit": ("Resource temporarily unavailable", "BlockingIOError", "can't start new thread"),
}


@dataclass
class TestRun:
    commands: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""  # empty when every command passed

    @property
    def passed(self) -> bool:
        return not self.reason

    @property
    def completed(self) -> bool:
        """Every command ran to its end (some tests may have failed)."""
        return all(c["status"] in ("passed", "runtime_error") and c["exit_code"] in (0, 1) for c in self.commands)


def run_tests(plan: Plan, checkout: Path, env: Env, traces: Path, box: Box, deadline: float,
              recording: dict[str, Any]) -> TestRun:
    """`recording`: the recorder's quotas (max_calls, max_attempts, max_bytes)."""
    variables = {**plan.env_vars, "PATH": f"{env.venv}/bin:{SYSTEM_PATH}", "VIRTUAL_ENV": str(env.venv),
                 "PYTHONDONTWRITEBYTECODE": "1",
                 "PYTEST_ADDOPTS": " ".join([plan.env_vars.get("PYTEST_ADDOPTS", ""),
                                             *plugin_options(env.site_packages)]).strip(),
                 **trace_env(traces, checkout, [env.venv, traces], recording)}
    run = TestRun()
    with box.session(network=False, writable=[checkout, traces], readonly=[env.venv],
                     pythons=[env.python]) as session:
        for command in plan.tests:
            left = deadline - time.monotonic()
            if left <= 1:
                run.reason = run.reason or "time budget spent before the tests ran"
                break
            argv = [env.python, *(_in_venv(arg, plan, env) for arg in command[1:])]
            outcome = session.run(argv, cwd=checkout / plan.cwd, wall_s=left, env=variables)
            run.commands.append(_summary(command, outcome))
            if outcome.status is not Status.PASSED and not run.reason:
                run.reason = failure_reason(outcome)
    return run


def _in_venv(arg: str, plan: Plan, env: Env) -> str:
    return arg.replace(plan.tox_env_dir, str(env.venv)) if plan.tox_env_dir else arg


def _summary(command: list[str], outcome: Outcome) -> dict[str, Any]:
    return {"argv": command, "status": outcome.status.value, "exit_code": outcome.exit_code,
            "detail": outcome.detail, "duration_s": round(outcome.duration_s, 2),
            "output": tail(outcome.stdout + "\n" + outcome.stderr, 20)}


def failure_reason(outcome: Outcome) -> str:
    """A reason fit for a funnel count: the kind of failure, then what the output shows it tried."""
    if outcome.status is Status.RUNTIME_ERROR:
        reason = EXIT_MEANING.get(outcome.exit_code or 0) or f"tests crashed ({outcome.detail})"
    else:
        reason = {Status.TIMEOUT: "tests timed out", Status.MEMORY: "tests ran out of memory"}.get(
            outcome.status, f"tests {outcome.status.value}")
    text = outcome.stdout + outcome.stderr
    signs = [name for name, needles in SIGNS.items() if any(n in text for n in needles)]
    return reason + (f"; {', '.join(signs)}" if signs else "")
