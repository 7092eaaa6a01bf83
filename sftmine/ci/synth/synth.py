"""Traced functions to tasks: prompt = context + signature + docstring, canonical solution = the original
body, tests = the recorded calls (origin `traced`).

A function becomes a task only with enough distinct restorable calls, at least one of which returns
something other than None (a function seen only returning None or raising tests nothing about its
work; for a generator, some values), a docstring (one its authors wrote, or, with `example_docstrings`,
one written from its shortest recorded calls, marked `meta.docstring: examples`; see examples.py) unless
`allow_no_docstring` (then `meta.no_docstring` marks it), and a context the prompt can provide. Tasks that import from the project (or its
dependencies) carry `meta.runtime`: the project's interpreter and the folders to mount read-only, so
`sftmine verify` judges them there. `meta.kinds` names what a task needs beyond a plain function with
literal values ("generator", "rich values", "project objects": plain-data objects of the project's
classes among its values, "method", "classmethod", "receiver state": a method's tests that check its
receiver after the call, "example docstring": a docstring sftmine wrote), and the funnel counts tasks by it.

A method or class method becomes a task the same way, with its class outlined in the prompt (methods.py)
and a receiver in every case; a method seen only returning None counts when some call changed its
receiver. Its drops are counted as `method: REASON`.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.traces import Call, TracedFunction, labelled
from sftmine.ci.synth.cases import needs_project, object_paths, to_case, value_paths
from sftmine.ci.synth.context import Context, resolve
from sftmine.ci.synth.examples import example_docstring
from sftmine.ci.synth.methods import locate_method, method_context
from sftmine.ci.synth.source import Unsynthesizable, locate, read_source
from sftmine.records import Task


@dataclass
class SynthOptions:
    min_calls: int = 3
    max_cases: int = 20
    allow_no_docstring: bool = False
    example_docstrings: bool = True
    standalone_only: bool = False
    time_s: float = 10.0
    memory_mb: int = 512


@dataclass
class Shape:
    """What the prompt shows after its imports, the entry point, and the canonical body."""

    header: str
    entry_point: str
    body: str
    docstring: str | None
    context: Context


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
            dropped[labelled(str(exc), func.is_method)] += 1
    funnel.add("tasks_synthesized", len(tasks), dropped)
    funnel.count_kinds("tasks_synthesized", tasks)
    return tasks


def make_task(func: TracedFunction, project: Project, options: SynthOptions) -> Task:
    calls = func.calls[:options.max_cases]
    if len(calls) < options.min_calls:
        raise Unsynthesizable("too few distinct calls")
    generator = bool(func.info.get("generator"))
    if not any(_shows_work(c, generator) for c in calls):
        raise Unsynthesizable("never yields a value" if generator else "never returns a value")
    info = func.info
    text = read_source(info["file"], project.checkout)
    shape = (_method if func.is_method else _function)(text, info)
    context = shape.context
    tests = [to_case(c) for c in calls]
    written = None
    if shape.docstring is None and options.example_docstrings:
        written = example_docstring(tests, shape.entry_point, _indent_of(shape.body))
        if written is not None:
            shape = dataclasses.replace(shape, header=shape.header + written, docstring=written)
    if shape.docstring is None and not options.allow_no_docstring:
        raise Unsynthesizable("no docstring")
    paths = set().union(*map(value_paths, tests))
    # Values of its classes are rebuilt there, and so is a method's receiver.
    project_needed = context.needs_project or needs_project(paths) or func.is_method
    if project_needed and options.standalone_only:
        raise Unsynthesizable("needs the project installed")
    meta = {"module": info["module"], "qualname": info["qualname"],
            "file": os.path.relpath(os.path.realpath(info["file"]), os.path.realpath(project.checkout)),
            "line": info["line"], "calls_recorded": len(func.calls), "context": {
                "imports": list(dict.fromkeys(context.imports)), "inlined": list(context.inlined),
                "from_module": context.from_module}}
    if shape.docstring is None:
        meta["no_docstring"] = True
    if written is not None:
        meta["docstring"] = "examples"
    kinds = (["generator"] if generator else []) + (["rich values"] if paths else [])
    if needs_project(set().union(*map(object_paths, tests))):
        kinds.append("project objects")
    if func.is_method:
        kinds += [info["kind"]] + (["receiver state"] if any(t.state is not None for t in tests) else [])
    if written is not None:
        kinds.append("example docstring")
    if kinds:
        meta["kinds"] = kinds
    if project_needed:
        meta["runtime"] = {"python": project.python, "mounts": [str(project.checkout), str(project.venv)]}
    return Task(task_id=f"ci/{project.label}/{info['module']}:{info['qualname']}",
                prompt=context.preamble(info["module"]) + shape.header, entry_point=shape.entry_point,
                canonical_solution=shape.body, tests=tests,
                limits={"time_s": options.time_s, "memory_mb": options.memory_mb},
                source={"kind": "ci", "repo": project.label, "url": project.url, "version": project.version,
                        "license": project.license, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                meta=meta)


def is_method_task(task: Task) -> bool:
    return bool(set(task.meta.get("kinds", ())) & {"method", "classmethod"})


def _shows_work(call: Call, generator: bool) -> bool:
    """A call whose outcome tests something: a value, some values, or a receiver it changed."""
    if call.raised is not None:
        return False
    return call.result != ("[]" if generator else "None") or call.after is not None


def _indent_of(body: str) -> str:
    line = next((ln for ln in body.splitlines() if ln.strip()), "    ")
    return line[:len(line) - len(line.lstrip())]


def _function(text: str, info: dict) -> Shape:
    source = locate(text, info["qualname"], int(info["line"]))
    context = resolve(source, text, info["module"], os.path.basename(info["file"]) == "__init__.py")
    return Shape(source.header, source.node.name, source.body, source.docstring, context)


def _method(text: str, info: dict) -> Shape:
    tree, method = locate_method(text, info["qualname"], int(info["line"]))
    context = method_context(tree, method, text, info["module"], os.path.basename(info["file"]) == "__init__.py")
    shape = Shape(method.outline, method.entry_point, method.body, method.docstring, context)
    try:
        compile(context.preamble(info["module"]) + shape.header + shape.body, "prompt.py", "exec")
    except (SyntaxError, ValueError):
        raise Unsynthesizable("outline does not compile") from None
    return shape
