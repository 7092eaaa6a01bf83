"""The refresh's source steps: competitive sites, local imports, traced CI projects.

Each writes task records under OUT and reports whether anything changed; the stages they call are
themselves incremental (site watermarks, finished CI sources are skipped).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sftmine.refresh.config import RefreshConfig
from sftmine.refresh.state import StepResult, file_digest
from sftmine.store import write_jsonl


def competitive(config: RefreshConfig, out: Path, progress: bool) -> StepResult:
    from sftmine.scrape.config import CompetitiveConfig
    from sftmine.scrape.pipeline import mine_competitive

    ref = config.competitive
    assert ref is not None and ref.config is not None
    loaded = CompetitiveConfig.load(ref.config)
    result = mine_competitive(loaded, out=out / "competitive", progress=progress)
    tasks = result.paths.tasks
    changed = result.built
    message = (f"{result.parsed} new raw problem(s); tasks rebuilt" if changed
               else "nothing new on the configured sites")
    return StepResult("competitive", changed, message, [tasks] if tasks.is_file() else [],
                      {"tasks": _count(tasks)})


def imports(config: RefreshConfig, out: Path, progress: bool) -> StepResult:
    """Run every configured importer; a file is rewritten only when its content changes."""
    paths, changed = [], False
    for position, spec in enumerate(config.imports):
        target = out / "imports" / f"{position:02d}-{spec['format']}.jsonl"
        before = file_digest(target)
        write_jsonl(target, _import(spec, progress))
        changed |= file_digest(target) != before
        paths.append(target)
    total = sum(_count(p) for p in paths)
    return StepResult("imports", changed, f"{len(paths)} import(s), {total} task(s)" + (
        "" if changed else ", unchanged"), paths, {"tasks": total})


def _import(spec: dict[str, Any], progress: bool) -> list[Any]:
    from sftmine.store.funnel import Funnel
    from sftmine.tasks.run import build_all

    fmt, path = spec["format"], Path(spec["path"]) if spec.get("path") else None
    if fmt == "humaneval":
        from sftmine.importers.humaneval import import_humaneval

        return import_humaneval(path)
    if fmt == "tasks":
        from sftmine.records import Task
        from sftmine.store import read_records

        return list(read_records(path, Task))  # type: ignore[arg-type]
    raws = _raw_importer(fmt)(path)
    return list(build_all(raws, Funnel(), kind="import"))


def _raw_importer(fmt: str):
    if fmt == "apps":
        from sftmine.importers.apps import import_apps as fn
    elif fmt == "taco":
        from sftmine.importers.taco import import_taco as fn
    else:
        from sftmine.importers.codecontests import import_codecontests as fn
    return fn


def ci(config: RefreshConfig, out: Path, progress: bool) -> StepResult:
    from sftmine.ci.attempts import failure_lines
    from sftmine.ci.pipeline import trace_sources
    from sftmine.ci.settings import load_settings, trace_options
    from sftmine.ci.sources import read_source_list

    ref = config.ci
    assert ref is not None
    settings = load_settings(ref.config) if ref.config else {}
    overrides = dict(ref.overrides)
    specs = overrides.pop("sources", None) or read_source_list(Path(settings["sources"]))
    options = trace_options({**(settings.get("options") or {}), **overrides})
    before = file_digest(out / "ci" / "tasks.jsonl")
    funnel = trace_sources(list(specs), out / "ci", options, backend=config.sandbox.get("backend", "auto"),
                           workers=config.sandbox.get("workers"),
                           executor=config.executor or settings.get("executor"))
    tasks = out / "ci" / "tasks.jsonl"
    changed = file_digest(tasks) != before
    # A source that failed is named, with its reason, on every run until it succeeds (see ci/attempts.py).
    failed = "".join(f"\n  {line}" for line in failure_lines(funnel))
    return StepResult("ci", changed, f"{len(specs)} source(s), {_count(tasks)} verified task(s)" + (
        "" if changed else ", unchanged") + failed, [tasks] if tasks.is_file() else [],
        {"tasks": _count(tasks), "failed": funnel["failed"], "funnel": funnel.get("total", funnel)})


def _count(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())
