"""The build stage through the runner: however the raw problems are cut into shards, the same tasks."""

from __future__ import annotations

from pathlib import Path

from sftmine.executors.config import ExecutorConfig
from sftmine.records import RawProblem
from sftmine.stages import run_stage
from sftmine.store import read_records
from sftmine.tasks.stage import BuildSettings, BuildStage, build_files

RAW = Path(__file__).resolve().parents[1] / "fixtures" / "tasks" / "raw_problems.jsonl"


def test_one_problem_per_shard_gives_the_same_files_as_one_shard(tmp_path):
    raws = list(read_records(RAW, RawProblem))
    outputs = {}
    for size in (1, 256):
        files = build_files(tmp_path / str(size) / "tasks.jsonl")
        result = run_stage(BuildStage, BuildSettings(), raws, files, executor=ExecutorConfig(shard_size=size),
                           progress=False)
        assert result.shards == (len(raws) if size == 1 else 1)
        assert result.funnel.dropped["duplicate_id"] == 1  # the twin is in another shard when size is 1
        outputs[size] = (files.output.read_bytes(), files.dropped.read_bytes())
    assert outputs[1] == outputs[256]
