"""The refresh's dataset steps: dedup, the task stages, sample, judge, snapshot, publish (exports, report)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sftmine.refresh.config import RefreshConfig
from sftmine.refresh.state import Run, StepResult, inputs_digest
from sftmine.stages import Stage

DEDUP, FILTER, DATA, PUBLISHED = "dedup", "filter", "data", "published"


def dedup(run: Run) -> StepResult:
    from sftmine.dedup import dedup_settings, load_tasks, write_dedup
    from sftmine.dedup.stage import DedupStage, dedup_files

    config, out, state, sources = run.config, run.out, run.state, run.task_files
    if not sources:
        raise_no_sources()
    settings = dedup_settings(config.dedup.near_threshold, config.dedup.decontaminate)
    digest = inputs_digest(sources, DedupStage(settings).digest())
    outputs = [dedup_files(out / DEDUP).output]
    run.tasks = outputs[0]
    if state.unchanged("dedup", digest, outputs):
        return StepResult("dedup", False, "sources unchanged; dedup not rerun", outputs)
    tasks = load_tasks(sources)
    result = write_dedup(tasks, out / DEDUP, settings, progress=run.progress)
    state.record("dedup", digest)
    kept = len(result.records)
    return StepResult("dedup", True, f"{len(tasks)} task(s) in, {kept} kept, {len(tasks) - kept} removed",
                      outputs, {"in": len(tasks), "kept": kept})


def task_step(stage_cls: type[Stage]) -> tuple[str, Callable[[RefreshConfig], bool], Callable[[Run], StepResult]]:
    """The refresh step of a stage from tasks to tasks (a `TASK_STAGES` entry): it runs when the refresh
    file has its entry, reads the task file the step before handed on, writes OUT/NAME/tasks.jsonl (its
    outcome cache in OUT/cache/NAME.sqlite) and hands that on. It is skipped when the stage's digest and
    its input file are unchanged. Its runtime is the sandbox's: `backend`, `size` (workers), `unsafe`."""
    name = stage_cls.name

    def step(run: Run) -> StepResult:
        from sftmine.executors.config import ExecutorConfig
        from sftmine.records import Task
        from sftmine.stages import StageFiles, run_stage
        from sftmine.store import read_records

        config, source, target = run.config, run.tasks, run.out / name / "tasks.jsonl"
        assert source is not None, f"{name} runs after dedup"
        run.tasks = target
        executor = config.executor or ExecutorConfig()
        workers = executor.sandbox_pool(config.sandbox.workers) if executor.is_ray else config.sandbox.workers
        runtime = {"backend": config.sandbox.backend, "size": workers, "unsafe": False}
        stage = stage_cls(config.stages[name], runtime)
        digest = inputs_digest([source], stage.digest())
        if run.state.unchanged(name, digest, [target]):
            return StepResult(name, False, "tasks unchanged; nothing to do", [target])
        result = run_stage(stage_cls, stage.settings, list(read_records(source, Task)),
                           StageFiles(target, run.out / "cache" / f"{name}.sqlite"), runtime, executor, run.progress)
        run.state.record(name, digest)
        return StepResult(name, True, stage.describe(result), [target], result.stats())

    return name, lambda config: name in config.stages, step


def sample(run: Run) -> StepResult:
    from sftmine.records import Task
    from sftmine.sampling.run import SAMPLES, sample_dir, sample_settings
    from sftmine.sampling.stage import SampleStage
    from sftmine.store import read_records

    config, out, state, progress = run.config, run.out, run.state, run.progress
    executor = config.executor or config.filter.executor
    tasks_file = run.tasks
    assert tasks_file is not None, "sample runs after dedup"
    digest = inputs_digest([tasks_file], SampleStage(sample_settings(config.filter, executor)).digest())
    outputs = [out / FILTER / SAMPLES]
    if state.unchanged("sample", digest, outputs):
        return StepResult("sample", False, "tasks and model settings unchanged; nothing to sample", outputs)
    tasks = list(read_records(tasks_file, Task))
    info = sample_dir(tasks, config.filter, out / FILTER, cache=out / "cache" / "samples.sqlite", progress=progress,
                      executor=executor)
    state.record("sample", digest)
    return StepResult("sample", True, f"{info['samples']} sample(s) for {info['tasks']} task(s) "
                      f"({info.get('generated', '?')} generated, the rest cached)", outputs, info)


def judge(run: Run) -> StepResult:
    from sftmine.filter.run import judge_run
    from sftmine.filter.stage import JudgeSettings, JudgeStage
    from sftmine.sampling.run import SAMPLES

    config, out, state, progress = run.config, run.out, run.state, run.progress
    repeat, policy = config.filter.repeat, config.filter.policy
    pool_args = {"backend": config.sandbox.backend, "size": config.sandbox.workers}
    stage = JudgeStage(JudgeSettings(repeat, policy), pool_args)
    digest = inputs_digest([out / FILTER / SAMPLES, out / FILTER / "tasks.jsonl"], stage.digest())
    outputs = [out / FILTER / "kept.jsonl", out / FILTER / "dropped.jsonl"]
    if state.unchanged("judge", digest, outputs):
        return StepResult("judge", False, "samples unchanged; nothing to judge", outputs)
    stats = judge_run(out / FILTER, pool_args, repeat, policy, config.executor or config.filter.executor, progress)
    state.record("judge", digest)
    return StepResult("judge", True, f"{stats.get('kept', '?')} kept of {stats.get('tasks', '?')} task(s)",
                      outputs, stats)


def snapshot(run: Run) -> StepResult:
    from sftmine.snapshot import from_dirs, write_snapshot

    inputs = from_dirs(run.out / FILTER, run.out / DEDUP, run.config.raw)
    result = write_snapshot(run.out / DATA, inputs, progress=run.progress)
    run.snapshot = result.snapshot.path
    return StepResult("snapshot", result.created, result.message(), [result.snapshot.path])


def publish(run: Run) -> StepResult:
    """Exports and report for a snapshot, once: a `.done` marker makes a rerun skip them."""
    from sftmine.export import export
    from sftmine.report import write_report
    from sftmine.snapshot import open_snapshot

    config, out, snapshot_dir = run.config, run.out, run.snapshot
    assert snapshot_dir is not None, "publish runs after snapshot"
    target = run.published = out / PUBLISHED / snapshot_dir.name
    if (target / ".done").is_file():
        return StepResult("publish", False, f"{target} already has the exports and report", [target])
    snap = open_snapshot(snapshot_dir)
    suffix = {"parquet": "parquet"}
    for fmt in config.exports:
        export(snap, fmt, str(target / "exports" / f"{fmt}.{suffix.get(fmt, 'jsonl')}"), progress=run.progress)
    outputs = [target, target / "exports"]
    if config.report:
        outputs.append(Path(write_report(snap, target / "report", run.progress).html))
    (target / ".done").write_text("")
    return StepResult("publish", True, f"{len(config.exports)} export(s)" + (", report" if config.report else ""),
                      outputs)


def raise_no_sources() -> None:
    from sftmine.errors import ConfigError

    raise ConfigError("the refresh config names no sources; set at least one of competitive, imports, ci")
