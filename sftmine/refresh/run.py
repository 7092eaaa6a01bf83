"""`sftmine refresh`: every configured stage, each only on what is new, ending in a snapshot.

Sources (competitive, imports, CI) -> dedup/decontamination -> generated tests -> sample -> judge/filter -> snapshot ->
exports and report. The output folder is locked for the whole run; a run killed at any point is resumed
by running it again, and ends in the same snapshot as an uninterrupted run would have.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.executors import session
from sftmine.refresh import dataset, sources
from sftmine.refresh.config import RefreshConfig
from sftmine.refresh.state import StepResult, StepState
from sftmine.store import RunLock, write_json


@dataclass
class RefreshResult:
    out: Path
    steps: list[StepResult] = field(default_factory=list)
    snapshot: Path | None = None
    published: Path | None = None

    @property
    def did_work(self) -> bool:
        return any(s.ran for s in self.steps)

    def summary(self) -> dict[str, Any]:
        return {"out": str(self.out), "did_work": self.did_work, "snapshot": str(self.snapshot),
                "published": str(self.published), "steps": [s.to_dict() for s in self.steps]}


def refresh(config: RefreshConfig, progress: bool = True,
            echo: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> RefreshResult:
    out = config.out
    result = RefreshResult(out)

    def step(outcome: StepResult) -> StepResult:
        result.steps.append(outcome)
        echo(f"[{outcome.name}] {outcome.message}")
        return outcome

    with RunLock(out), session(config.executor):
        state = StepState(out)
        task_files = []
        if config.competitive:
            task_files += step(sources.competitive(config, out, progress)).outputs
        if config.imports:
            task_files += step(sources.imports(config, out, progress)).outputs
        if config.ci:
            task_files += step(sources.ci(config, out, progress)).outputs
        if not task_files:
            raise_no_sources(config)
        step(dataset.dedup(config, out, task_files, state))
        if config.tests:
            step(dataset.tests(config, out, state, progress))
        step(dataset.sample(config, out, state, progress))
        step(dataset.judge(config, out, state, progress))
        snap = step(dataset.snapshot(config, out))
        result.snapshot = snap.outputs[0]
        published = step(dataset.publish(config, out, result.snapshot))
        result.published = published.outputs[0]
        write_json(out / "refresh.json", result.summary())
    if not result.did_work:
        echo("nothing new: every step was up to date, no work done")
    return result


def raise_no_sources(config: RefreshConfig) -> None:
    from sftmine.errors import ConfigError

    raise ConfigError("the refresh config names no sources; set at least one of competitive, imports, ci")
