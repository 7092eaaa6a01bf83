"""`build-tasks`: raw problems from a JSONL file or a scrape directory to tasks.jsonl, with a funnel.

The output and its funnel (`<name>.funnel.json` beside it) are written atomically: a killed run
leaves the previous files, never half of a new one. Two raw problems with the same task id keep the
first; the second is counted as a duplicate.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqdm import tqdm

from sftmine.errors import InputFileError
from sftmine.records import RawProblem, Task
from sftmine.store import Funnel, read_records, write_json, write_jsonl
from sftmine.tasks.build import Dropped, build_task

MERGED = "raw.jsonl"  # what `sftmine scrape --out DIR` merges from its committed shards


def raw_files(path: Path) -> list[Path]:
    """RAW is one JSONL file; a scrape directory (its merged raw.jsonl: a shard cut off by a kill is not
    in it); or any directory whose *.jsonl files (any depth) hold raw problems."""
    if path.is_file():
        return [path]
    if (path / MERGED).is_file():
        return [path / MERGED]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.jsonl") if not p.name.startswith("."))
        if files:
            return files
        raise InputFileError(f"{path}: no *.jsonl files of raw problems in this directory; "
                             "pass the --out directory of `sftmine scrape` or a raw-problem JSONL file")
    raise InputFileError(f"{path}: no such file or directory")


def read_raw(path: Path) -> Iterator[RawProblem]:
    for file in raw_files(path):
        yield from read_records(file, RawProblem)


def build_all(raws: Iterable[RawProblem], funnel: Funnel, kind: str = "competitive") -> Iterator[Task]:
    seen: set[str] = set()
    for raw in raws:
        try:
            task = build_task(raw, kind)
        except Dropped as exc:
            funnel.drop(exc.reason)
            continue
        if task.task_id in seen:
            funnel.drop("duplicate_id")
            continue
        seen.add(task.task_id)
        funnel.keep()
        funnel.count(f"style_{task.style.value}")
        yield task


def funnel_path(out: Path) -> Path:
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.stem
    return out.with_name(f"{name}.funnel.json")


def build_tasks(raw: Path, out: Path, kind: str = "competitive", progress: bool = True) -> Funnel:
    return write_tasks(read_raw(raw), out, kind, label=str(raw), progress=progress)


def write_tasks(raws: Iterable[RawProblem], out: Path, kind: str, label: str, progress: bool = True) -> Funnel:
    """Build, write `out` and its funnel file; both atomically, the funnel only once the tasks are written."""
    funnel = Funnel()
    bar = tqdm(raws, desc=f"tasks from {Path(label).name}", unit="problem", file=sys.stderr,
               disable=None if progress else True)
    write_jsonl(out, build_all(bar, funnel, kind))
    write_json(funnel_path(out), {"stage": "build-tasks", "kind": kind, "input": label, **funnel.to_dict()})
    return funnel
