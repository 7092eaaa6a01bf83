import json

import pytest

from sftmine.dedup import dedup_settings, load_tasks, write_dedup
from sftmine.errors import InputFileError
from sftmine.records import Task
from sftmine.store import read_records, write_jsonl, write_parquet
from tests.fixtures.datasets.build import functions, stdio
from tests.fixtures.datasets.sources import one_problem_three_sources, slipped_humaneval


def test_tasks_from_jsonl_and_parquet_in_the_order_given(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", functions())
    write_parquet(tmp_path / "b.parquet", stdio())
    tasks = load_tasks([tmp_path / "b.parquet", tmp_path / "a.jsonl"])
    assert [t.task_id for t in tasks] == [t.task_id for t in stdio() + functions()]
    assert tasks[0] == stdio()[0]
    with pytest.raises(InputFileError, match="no such task file"):
        load_tasks([tmp_path / "missing.jsonl"])


def test_outputs_name_every_removal_and_count_it_per_source(tmp_path):
    tasks = slipped_humaneval() + one_problem_three_sources() + functions()
    write_dedup(tasks, tmp_path, dedup_settings())
    kept = list(read_records(tmp_path / "tasks.jsonl", Task))
    removed = [json.loads(line) for line in (tmp_path / "removed.jsonl").read_text().splitlines()]
    funnel = json.loads((tmp_path / "funnel.json").read_text())
    assert [t.task_id for t in kept] == ["codeforces/1000/E"] + [t.task_id for t in functions()]
    assert [(r["task_id"], r["reason"], r["match"]) for r in removed] == [
        ("leetcode/close-pair-exists", "contaminated", "HumanEval/0"),
        ("leetcode/pick-longest", "contaminated", "HumanEval/12"),
        ("codecontests/1000_E", "exact_duplicate", "codeforces/1000/E"),
        ("taco/77", "near_duplicate", "codeforces/1000/E")]
    assert (funnel["seen"], funnel["kept"]) == (len(tasks), len(kept))
    assert funnel["dropped"] == {"contaminated": 2, "exact_duplicate": 1, "near_duplicate": 1}
    assert funnel["by_source"]["leetcode"] == {"seen": 2, "kept": 0, "dropped": {"contaminated": 2}}
    assert funnel["by_source"]["fixture"] == {"seen": 4, "kept": 4, "dropped": {}}
    assert funnel["settings"]["near"]["threshold"] == 0.7
    assert funnel["settings"]["decontaminate"]["channels"]["program"] == {"n": 13, "threshold": 0.5}


def test_the_same_input_writes_the_same_bytes(tmp_path):
    tasks = slipped_humaneval() + one_problem_three_sources() + functions()
    for name in ("one", "two"):
        write_dedup(tasks, tmp_path / name, dedup_settings())
    for name in ("tasks.jsonl", "removed.jsonl", "funnel.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
