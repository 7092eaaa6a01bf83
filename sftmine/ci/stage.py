"""Tracing as a stage: each source in, its last attempt out (the source's tasks stay in its folder).

A source's folder (OUT/sources/SLUG, see sftmine.ci.pipeline) is the stage's store: its result.json,
written last, is the finished outcome, and the runner takes it from there (`finished`) whenever the
attempt stands, so a rerun traces only the sources that are due (see sftmine.ci.attempts). A worker keeps
a sandbox pool across sources; on Ray, OUT must be a path every node reaches, since checkouts and
virtualenvs live there.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.ci import attempts
from sftmine.ci.env.pipconf import PipSetup, pip_setup
from sftmine.ci.pipeline import merge, source_dir, trace_one
from sftmine.ci.project import TraceOptions
from sftmine.records import SourceSpec, TracedSource
from sftmine.sandbox import Pool
from sftmine.sandbox.base import Backend, get_backend
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult

TASKS, FUNNEL = "tasks.jsonl", "funnel.json"


def trace_files(out: Path) -> StageFiles:
    return StageFiles(out / TASKS, stats_path=out / FUNNEL, lock_path=out / ".lock")  # the folder is the trace's


class TraceStage(Stage[SourceSpec]):
    """Settings: the trace options. Runtime: `out` (absolute), `backend`, `size` of the sandbox pool,
    `unsafe`, `retry_failed`, and `pip` (a folder for pip's configuration, else a temporary one)."""

    name = "trace"
    version = "trace/1"
    record = SourceSpec
    output = TracedSource
    shard_size = 1
    unit = "source"
    cache_outcomes = False  # each source's result.json is its outcome

    @property
    def out(self) -> Path:
        return Path(self.runtime["out"])

    def finished(self, record: SourceSpec) -> Outcome | None:
        work = source_dir(self.out, record.spec)
        if attempts.due(work, bool(self.runtime.get("retry_failed"))):
            return None
        return _outcome(record.spec, work)

    def prepare(self) -> None:
        self.sandbox: Backend = get_backend(self.runtime.get("backend", "auto"), unsafe=bool(self.runtime.get("unsafe")))
        self.pool = Pool(self.sandbox, size=self.runtime.get("size"))
        given = self.runtime.get("pip")
        self.tmp = None if given else tempfile.mkdtemp(prefix="sftmine-trace-")
        self.pip: PipSetup = pip_setup(Path(given or self.tmp))  # this node's pip configuration

    def process(self, shard: list[SourceSpec]) -> Iterator[Outcome]:
        options: TraceOptions = self.settings
        for record in shard:
            trace_one(record.spec, self.out, self.sandbox, self.pip, self.pool, options)
            yield _outcome(record.spec, source_dir(self.out, record.spec))

    def close(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
        if getattr(self, "tmp", None):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def summary(self, result: StageResult) -> dict[str, Any]:
        return merge([o.record.spec for o in result.outcomes], self.out)

    def write(self, result: StageResult, files: StageFiles) -> None:
        """Nothing more: `summary` merged the sources' tasks into OUT/tasks.jsonl."""


def _outcome(spec: str, work: Path) -> Outcome:
    result = attempts.load(work) or {}
    record = result.get("record") or {}
    this = result.get("outcome") or attempts.outcome(record)
    tasks = work / TASKS
    counts = {"tasks": sum(1 for line in tasks.open() if line.strip()) if tasks.exists() else 0}
    traced = TracedSource(spec, this, counts["tasks"], attempts.one_line(record.get("reason")) or "")
    return Keep(traced, counts) if this == attempts.DONE else Drop(traced, this, counts)
