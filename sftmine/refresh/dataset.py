"""The refresh's dataset steps: dedup, tests, sample, judge, snapshot, publish (exports and report)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sftmine.refresh.config import RefreshConfig
from sftmine.refresh.state import Run, StepResult, inputs_digest

DEDUP, TESTS, FILTER, DATA, PUBLISHED = "dedup", "tests", "filter", "data", "published"


def dedup(run: Run) -> StepResult:
    from sftmine.dedup import dedup_tasks, load_tasks, write_result
    from sftmine.records import stable_hash

    config, out, state, sources = run.config, run.out, run.state, run.task_files
    if not sources:
        raise_no_sources()
    target = out / DEDUP
    digest = inputs_digest(sources, stable_hash(["dedup", dataclasses.asdict(config.dedup)]))
    outputs = [target / "tasks.jsonl"]
    if state.unchanged("dedup", digest, outputs):
        return StepResult("dedup", False, "sources unchanged; dedup not rerun", outputs)
    tasks = load_tasks(sources)
    result = dedup_tasks(tasks, near_threshold=config.dedup.near_threshold,
                         decontaminate=config.dedup.decontaminate)
    write_result(target, result)
    state.record("dedup", digest)
    kept = len(result.kept)
    return StepResult("dedup", True, f"{len(tasks)} task(s) in, {kept} kept, {len(tasks) - kept} removed",
                      outputs, {"in": len(tasks), "kept": kept})


def tasks_to_sample(config: RefreshConfig, out: Path) -> Path:
    """The deduplicated tasks, with their generated tests when the refresh generates them."""
    return out / (TESTS if config.tests else DEDUP) / "tasks.jsonl"


def tests(run: Run) -> StepResult:
    """Generated tests for the deduplicated tasks; finished tasks are cached, so new tasks are the only work."""
    from sftmine.executors.config import ExecutorConfig
    from sftmine.testgen.generate import Settings
    from sftmine.testgen.run import generate_file
    from sftmine.testgen.stage import TestsStage

    config, out, state, progress = run.config, run.out, run.state, run.progress
    assert config.tests is not None
    settings = Settings(**dataclasses.asdict(config.tests))
    source, outputs = out / DEDUP / "tasks.jsonl", [tasks_to_sample(config, out)]
    digest = inputs_digest([source], TestsStage(settings).digest())
    if state.unchanged("tests", digest, outputs):
        return StepResult("tests", False, "tasks unchanged; no tests to generate", outputs)
    executor = config.executor or ExecutorConfig()
    workers = executor.sandbox_pool(config.sandbox.workers) if executor.is_ray else config.sandbox.workers
    pool = {"backend": config.sandbox.backend, "size": workers, "unsafe": False}
    summary = generate_file(source, outputs[0], settings, pool, out / "cache" / "testgen.sqlite", executor=executor,
                            progress=progress)
    state.record("tests", digest)
    mutation = summary.get("mutation")
    score = (f"; mutation score {mutation['score_original']} -> {mutation['score_with_generated']} on "
             f"{mutation['mutants']} mutants of {mutation['tasks']} reference(s)") if mutation else ""
    return StepResult("tests", True, f"{summary['tasks_with_generated']} of {summary['tasks']} task(s) got "
                      f"generated tests ({summary['labelled_now']} labelled now), {summary['weak']} weak{score}",
                      outputs, summary)


def sample(run: Run) -> StepResult:
    from sftmine.records import Task
    from sftmine.sampling.run import SAMPLES, sample_dir, sample_settings
    from sftmine.sampling.stage import SampleStage
    from sftmine.store import read_records

    config, out, state, progress = run.config, run.out, run.state, run.progress
    executor = config.executor or config.filter.executor
    tasks_file = tasks_to_sample(config, out)
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

    result = write_snapshot(run.out / DATA, from_dirs(run.out / FILTER, run.out / DEDUP, run.config.raw))
    run.snapshot = result.snapshot.path
    return StepResult("snapshot", result.created, result.message(), [result.snapshot.path])


def publish(run: Run) -> StepResult:
    """Exports and report for a snapshot, once: a `.done` marker makes a rerun skip them."""
    from sftmine.export import export
    from sftmine.report import write_report
    from sftmine.snapshot import open_snapshot

    config, out, snapshot_dir = run.config, run.out, run.snapshot
    assert snapshot_dir is not None, "publish runs after snapshot"
    target = out / PUBLISHED / snapshot_dir.name
    if (target / ".done").is_file():
        return StepResult("publish", False, f"{target} already has the exports and report", [target])
    snap = open_snapshot(snapshot_dir)
    suffix = {"parquet": "parquet"}
    for fmt in config.exports:
        export(snap, fmt, str(target / "exports" / f"{fmt}.{suffix.get(fmt, 'jsonl')}"))
    outputs = [target, target / "exports"]
    if config.report:
        outputs.append(Path(write_report(snap, target / "report").html))
    (target / ".done").write_text("")
    return StepResult("publish", True, f"{len(config.exports)} export(s)" + (", report" if config.report else ""),
                      outputs)


def raise_no_sources() -> None:
    from sftmine.errors import ConfigError

    raise ConfigError("the refresh config names no sources; set at least one of competitive, imports, ci")
