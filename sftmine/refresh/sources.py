"""The refresh's source steps: competitive sites, local imports, traced CI projects.

Each writes task records under OUT, hands their files to the dataset steps (`Run.task_files`) and
reports whether anything changed; the stages they call are themselves incremental (site watermarks,
finished CI sources are skipped), so they keep no step state of their own.
"""

from __future__ import annotations

from pathlib import Path

from sftmine.refresh.config import ImportSpec
from sftmine.refresh.state import Run, StepResult, file_digest
from sftmine.store import write_jsonl


def competitive(run: Run) -> StepResult:
    from sftmine.scrape.pipeline import mine_competitive

    assert run.config.competitive is not None
    result = mine_competitive(run.config.competitive, out=run.out / "competitive", progress=run.progress)
    tasks = result.paths.tasks
    changed = result.built
    message = (f"{result.parsed} new raw problem(s); tasks rebuilt" if changed
               else "nothing new on the configured sites")
    return _hand_on(run, StepResult("competitive", changed, message, [tasks] if tasks.is_file() else [],
                                    {"tasks": _count(tasks)}))


def imports(run: Run) -> StepResult:
    """Run every configured importer; a file is rewritten only when its content changes."""
    paths, changed = [], False
    for position, spec in enumerate(run.config.imports):
        target = run.out / "imports" / f"{position:02d}-{spec.format}.jsonl"
        before = file_digest(target)
        _import(spec, target, run.progress)
        changed |= file_digest(target) != before
        paths.append(target)
    total = sum(_count(p) for p in paths)
    return _hand_on(run, StepResult("imports", changed, f"{len(paths)} import(s), {total} task(s)" + (
        "" if changed else ", unchanged"), paths, {"tasks": total}))


def _import(spec: ImportSpec, target: Path, progress: bool) -> None:
    from sftmine.importers.base import IMPORTERS
    from sftmine.tasks.run import write_tasks

    importer = IMPORTERS.get(spec.format)
    items = importer.read(spec.path)
    if importer.raw:  # raw problems go through the build stage, as `sftmine import` does
        write_tasks(items, target, "import", label=str(spec.path), progress=progress)
    else:
        write_jsonl(target, items)


def ci(run: Run) -> StepResult:
    from sftmine.ci.attempts import failure_lines
    from sftmine.ci.pipeline import trace_sources
    from sftmine.ci.settings import trace_options

    config, out = run.config, run.out
    stage = config.ci
    assert stage is not None
    specs = stage.sources
    before = file_digest(out / "ci" / "tasks.jsonl")
    funnel = trace_sources(list(specs), out / "ci", trace_options(stage.options), backend=config.sandbox.backend,
                           workers=config.sandbox.workers, executor=config.executor or stage.executor)
    tasks = out / "ci" / "tasks.jsonl"
    changed = file_digest(tasks) != before
    # A source that failed is named, with its reason, on every run until it succeeds (see ci/attempts.py).
    failed = "".join(f"\n  {line}" for line in failure_lines(funnel))
    return _hand_on(run, StepResult("ci", changed, f"{len(specs)} source(s), {_count(tasks)} verified task(s)" + (
        "" if changed else ", unchanged") + failed, [tasks] if tasks.is_file() else [],
        {"tasks": _count(tasks), "failed": funnel["failed"], "funnel": funnel.get("total", funnel)}))


def _hand_on(run: Run, result: StepResult) -> StepResult:
    run.task_files += result.outputs
    return result


def _count(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())
