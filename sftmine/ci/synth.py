"""Traced functions to tasks: prompt = context + signature + docstring, canonical solution = the original
body, tests = the recorded calls (origin `traced`).

A function becomes a task only with enough distinct restorable calls, at least one of which returns
something other than None (a function seen only returning None or raising tests nothing about its
work; for a generator, some values), a docstring unless `allow_no_docstring` (then `meta.no_docstring`
marks it), and a context the prompt can provide. Tasks that import from the project (or its
dependencies) carry `meta.runtime`: the project's interpreter and the folders to mount read-only, so
`sftmine verify` judges them there. `meta.kinds` names what a task needs beyond a plain function with
literal values ("generator", "rich values"), and the funnel counts tasks by it.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sftmine.ci.cases import needs_project, to_case, value_paths
from sftmine.ci.context import resolve
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.source import Unsynthesizable, locate, read_source
from sftmine.ci.traces import TracedFunction
from sftmine.records import Task


@dataclass
class SynthOptions:
    min_calls: int = 3
    max_cases: int = 20
    allow_no_docstring: bool = False
    standalone_only: bool = False
    time_s: float = 10.0
    memory_mb: int = 512


@dataclass
class Project:
    label: str
    url: str
    version: str
    checkout: Path
    venv: Path
    python: str
    license: str | None = None


def synthesize(functions: Iterable[TracedFunction], project: Project, options: SynthOptions,
               funnel: CIFunnel) -> list[Task]:
    tasks, dropped = [], Counter()
    for func in functions:
        try:
            tasks.append(make_task(func, project, options))
        except Unsynthesizable as exc:
            dropped[str(exc)] += 1
    funnel.add("tasks_synthesized", len(tasks), dropped)
    funnel.count_kinds("tasks_synthesized", tasks)
    return tasks


def make_task(func: TracedFunction, project: Project, options: SynthOptions) -> Task:
    calls = func.calls[:options.max_cases]
    if len(calls) < options.min_calls:
        raise Unsynthesizable("too few distinct calls")
    generator = bool(func.info.get("generator"))
    if all(c.raised is not None or c.result == ("[]" if generator else "None") for c in calls):
        raise Unsynthesizable("never yields a value" if generator else "never returns a value")
    info = func.info
    text = read_source(info["file"], project.checkout)
    source = locate(text, info["qualname"], int(info["line"]))
    if source.docstring is None and not options.allow_no_docstring:
        raise Unsynthesizable("no docstring")
    context = resolve(source, text, info["module"], os.path.basename(info["file"]) == "__init__.py")
    tests = [to_case(c) for c in calls]
    paths = set().union(*map(value_paths, tests))
    project_needed = context.needs_project or needs_project(paths)  # values of its classes are rebuilt there
    if project_needed and options.standalone_only:
        raise Unsynthesizable("needs the project installed")
    meta = {"module": info["module"], "qualname": info["qualname"],
            "file": os.path.relpath(os.path.realpath(info["file"]), os.path.realpath(project.checkout)),
            "line": info["line"], "calls_recorded": len(func.calls), "context": {
                "imports": list(dict.fromkeys(context.imports)), "inlined": list(context.inlined),
                "from_module": context.from_module}}
    if source.docstring is None:
        meta["no_docstring"] = True
    kinds = (["generator"] if generator else []) + (["rich values"] if paths else [])
    if kinds:
        meta["kinds"] = kinds
    if project_needed:
        meta["runtime"] = {"python": project.python, "mounts": [str(project.checkout), str(project.venv)]}
    return Task(task_id=f"ci/{project.label}/{info['module']}:{info['qualname']}",
                prompt=context.preamble(info["module"]) + source.header, entry_point=source.node.name,
                canonical_solution=source.body, tests=tests,
                limits={"time_s": options.time_s, "memory_mb": options.memory_mb},
                source={"kind": "ci", "repo": project.label, "url": project.url, "version": project.version,
                        "license": project.license, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                meta=meta)
