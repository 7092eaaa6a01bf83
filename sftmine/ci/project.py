"""One project from source spec to verified tasks, each step counted in the funnel.

Work happens in the project's own folder: `checkout/` (or `sdist/`), `venv/`, `traces/`, and the
records `plan.json`, `env.json`, `testrun.json`. A step that fails ends the project with its reason in
the funnel; nothing it does can stop the next project.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.attempts import INFRASTRUCTURE
from sftmine.ci.box import Box
from sftmine.ci.config.read import NoTests, make_plan
from sftmine.ci.env.pipconf import PipSetup
from sftmine.ci.env.venv import Env, build_env
from sftmine.ci.fetch.pypi import fetch_pypi, pkg_info
from sftmine.ci.fetch.sources import Fetched, Source, fetch_git, fetch_path
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.testrun import run_tests
from sftmine.ci.record.traces import labelled, read_traces
from sftmine.ci.synth.synth import Project, SynthOptions, is_method_task, synthesize
from sftmine.errors import (
    ConfigError,
    EnvError,
    IndexUnreachable,
    InputFileError,
    NetworkError,
    SandboxError,
    SftmineError,
    StepFailed,
)
from sftmine.records import Task
from sftmine.sandbox import Pool
from sftmine.sandbox.base import Backend
from sftmine.verify import verify


@dataclass
class TraceOptions:
    budget_s: float = 900.0
    repeat: int = 2
    allow_test_failures: bool = False
    record: dict[str, int] = field(default_factory=lambda: {"max_calls": 20, "max_attempts": 100, "max_bytes": 4096,
                                                            "max_items": 10})
    synth: SynthOptions = field(default_factory=SynthOptions)


@dataclass
class ProjectResult:
    spec: str
    funnel: CIFunnel
    tasks: list[Task]
    record: dict[str, Any]


def trace_project(spec: str, work: Path, backend: Backend, pip: PipSetup, pool: Pool, options: TraceOptions,
                  step: Callable[[str], None] = lambda _s: None) -> ProjectResult:
    funnel, record = CIFunnel(), {"spec": spec, "seconds": {}}
    result = ProjectResult(spec, funnel, [], record)
    step = _timed(step, record["seconds"])
    try:
        fetched, env = _through_tests(spec, work, Box(backend, pip), options, funnel, record, step)
    except SftmineError as exc:
        step("")
        stage = record.pop("stage")
        funnel.add(stage, 0, {drop_reason(exc): 1})
        record.update(stopped_at=stage, reason=str(exc), failure=failure_kind(exc, stage))
        return result
    step("synthesize")
    functions = read_traces(work / "traces", funnel)
    project = Project(fetched.label, fetched.source.location if fetched.source.kind != "pypi" else fetched.url,
                      fetched.version, fetched.checkout, env.venv, env.python, pkg_info(fetched.checkout).get("License"))
    tasks = synthesize(functions, project, options.synth, funnel)
    step("verify")
    result.tasks = _verified(pool, tasks, options.repeat, funnel, record)
    step("")
    return result


def _through_tests(spec: str, work: Path, box: Box, options: TraceOptions, funnel: CIFunnel, record: dict[str, Any],
                   step: Callable[[str], None]) -> tuple[Fetched, Env]:
    """Fetch, plan, build and run the traced tests; `record["stage"]` names the stage a failure ends."""
    deadline = time.monotonic() + options.budget_s
    record["stage"] = "sources_tried"
    step("fetch")
    fetched = fetch(Source.parse(spec), work, box)
    record.update(label=fetched.label, version=fetched.version)
    funnel.add("sources_tried", 1)
    record["stage"] = "environments_built"
    step("plan")
    plan = make_plan(fetched.checkout, box, work / "tox")
    record["plan"] = plan.to_dict()
    step("install")
    env = build_env(plan, fetched.checkout, work / "venv", box, deadline)
    record["install"] = env.steps
    funnel.add("environments_built", 1)
    record["stage"] = "test_runs_passed"
    step("test")
    run = run_tests(plan, fetched.checkout, env, work / "traces", box, deadline, options.record)
    record["testrun"] = {"reason": run.reason, "commands": run.commands}
    if not run.passed:
        if not (options.allow_test_failures and run.completed):
            raise StepFailed(run.reason)
        funnel["test_runs_passed"].count(f"kept though: {run.reason}")  # allow_test_failures
    funnel.add("test_runs_passed", 1)
    del record["stage"]
    return fetched, env


def _timed(step: Callable[[str], None], seconds: dict[str, float]) -> Callable[[str], None]:
    """Wrap a progress callback so each step's wall time lands in `seconds`."""
    current = {"name": "", "start": time.monotonic()}

    def timed(name: str) -> None:
        now = time.monotonic()
        if current["name"]:
            seconds[current["name"]] = round(now - current["start"], 2)
        current.update(name=name, start=now)
        if name:
            step(name)

    return timed


def fetch(source: Source, work: Path, box: Box) -> Fetched:
    if source.kind == "pypi":
        return fetch_pypi(source, work, box)
    if source.kind == "git":
        return fetch_git(source, work / "checkout")
    return fetch_path(source, work / "checkout")


def _verified(pool: Pool, tasks: list[Task], repeat: int, funnel: CIFunnel, record: dict[str, Any]) -> list[Task]:
    checks = verify(pool, tasks, repeat)
    record["verify"] = {c.task.task_id: c.outcome + (f": {c.reason}" if c.reason else "") for c in checks}
    kept = [c.task for c in checks if c.outcome == "passed"]
    funnel.add("tasks_verified", len(kept), Counter(labelled(c.outcome, is_method_task(c.task))
                                                    for c in checks if c.outcome != "passed"))
    funnel.count_kinds("tasks_verified", kept)
    return kept


def failure_kind(exc: SftmineError, stage: str) -> str:
    """`infrastructure` for a failure outside the project (retried later), `project` for a verdict on it.

    Every fetch failure is infrastructure (an unknown name is as likely a registry hiccup as a typo, and
    the next run says which); so are a missing sandbox and an install the package index did not answer.
    """
    if stage == "sources_tried" or isinstance(exc, (SandboxError, NetworkError, IndexUnreachable)):
        return INFRASTRUCTURE
    return "project"


def drop_reason(exc: SftmineError) -> str:
    """A funnel reason: the kind of failure, without the paths and numbers that make each message unique."""
    if isinstance(exc, StepFailed):
        return exc.reason
    for kind, reason in ((NoTests, "no tests found"), (IndexUnreachable, "package index unreachable"), (EnvError, "install failed"), (ConfigError, "bad config"),
                         (InputFileError, "fetch failed"), (SandboxError, "sandbox unavailable")):
        if isinstance(exc, kind):
            return reason
    return type(exc).__name__
