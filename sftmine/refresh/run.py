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
from sftmine.refresh.config import TASK_STAGES, RefreshConfig
from sftmine.refresh.state import Run, StepResult, StepState
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


# The refresh, in order: (step, whether the config asks for it, the step). Source steps hand their task
# files on; dataset steps skip themselves when their stage's digest and inputs are unchanged. A stage
# from tasks to tasks is one entry of `TASK_STAGES` (refresh/config.py), run after dedup.
STEPS: list[tuple[str, Callable[[RefreshConfig], bool], Callable[[Run], StepResult]]] = [
    ("competitive", lambda c: c.competitive is not None, sources.competitive),
    ("imports", lambda c: bool(c.imports), sources.imports),
    ("ci", lambda c: c.ci is not None, sources.ci),
    ("dedup", lambda c: True, dataset.dedup),
    *(dataset.task_step(stage) for stage in TASK_STAGES),
    ("sample", lambda c: True, dataset.sample),
    ("judge", lambda c: True, dataset.judge),
    ("snapshot", lambda c: True, dataset.snapshot),
    ("publish", lambda c: True, dataset.publish),
]


def refresh(config: RefreshConfig, progress: bool = True,
            echo: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> RefreshResult:
    out = config.out
    result = RefreshResult(out)
    with RunLock(out), session(config.executor):
        run = Run(config, out, progress, StepState(out))
        for _name, wanted, step in STEPS:
            if wanted(config):
                outcome = step(run)
                result.steps.append(outcome)
                echo(f"[{outcome.name}] {outcome.message}")
        result.snapshot = run.snapshot
        result.published = run.published
        write_json(out / "refresh.json", result.summary())
    if not result.did_work:
        echo("nothing new: every step was up to date, no work done")
    return result
