"""`build-tasks`: raw problems from a JSONL file or a scrape directory to tasks.jsonl, with a funnel.

The output, its funnel (`<name>.funnel.json` beside it) and the dropped problems with their reasons
(`<name>.dropped.jsonl`) are written whole by the stage runner (see sftmine.tasks.stage): a killed run
leaves the previous files, never half of a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from sftmine.errors import InputFileError
from sftmine.records import RawProblem, Task
from sftmine.stages import Keep, run_stage
from sftmine.stages.runner import in_memory, tally
from sftmine.store import Funnel, read_records
from sftmine.tasks.stage import BuildSettings, BuildStage, build_files

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


def build_all(raws: Iterable[RawProblem], funnel: Funnel, kind: str = "competitive") -> list[Task]:
    """The build stage in memory, for a library caller with no files: the tasks, the rest in `funnel`."""
    outcomes = in_memory(BuildStage(BuildSettings(kind)), list(raws))
    tally(outcomes, funnel)
    return [o.record for o in outcomes if isinstance(o, Keep)]


def funnel_path(out: Path) -> Path:
    return build_files(out).stats


def build_tasks(raw: Path, out: Path, kind: str = "competitive", progress: bool = True) -> Funnel:
    return write_tasks(read_raw(raw), out, kind, label=str(raw), progress=progress)


def write_tasks(raws: Iterable[RawProblem], out: Path, kind: str, label: str, progress: bool = True) -> Funnel:
    """Build `out`, its funnel file and its dropped problems through the stage runner (all written whole)."""
    records = list(raws)  # a bad record fails here, before anything is written
    result = run_stage(BuildStage, BuildSettings(kind), records, build_files(out), {"input": label},
                       progress=progress)
    return result.funnel
