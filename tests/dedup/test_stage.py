"""Dedup through the runner: duplicates in other shards are found, and the files do not depend on shards."""

from __future__ import annotations

from sftmine.dedup import dedup_settings
from sftmine.dedup.stage import FUNNEL, DedupStage, dedup_files
from sftmine.executors.config import ExecutorConfig
from sftmine.stages import run_stage
from tests.fixtures.datasets.build import functions
from tests.fixtures.datasets.sources import one_problem_three_sources, slipped_humaneval


def test_one_task_per_shard_writes_the_same_bytes_as_one_shard(tmp_path):
    tasks = slipped_humaneval() + one_problem_three_sources() + functions()
    written = {}
    for size in (1, 256):
        out = tmp_path / str(size)
        result = run_stage(DedupStage, dedup_settings(), tasks, dedup_files(out), {},
                           ExecutorConfig(shard_size=size), progress=False)
        assert result.shards == (len(tasks) if size == 1 else 1)
        assert result.funnel.dropped == {"contaminated": 2, "exact_duplicate": 1, "near_duplicate": 1}
        written[size] = [(out / name).read_bytes() for name in ("tasks.jsonl", "removed.jsonl", FUNNEL)]
    assert written[1] == written[256]
