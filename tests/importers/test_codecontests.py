"""CodeContests rows (JSONL, and the same rows as Parquet with nested columns) -> raw problems -> tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sftmine.importers.codecontests import codecontests_problem, import_codecontests, slug
from sftmine.store import Funnel
from sftmine.tasks import build_all

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "codecontests_train.jsonl"


def test_rows_become_raw_problems():
    first, interactive, circle, cpp_only = import_codecontests(DATA)
    assert (first.problem_id, first.title, first.url) == (
        "9003_A", "Sum of Two", "https://codeforces.com/problemset/problem/9003/A")
    assert [len(first.samples), len(first.official_tests), len(first.generated_tests)] == [1, 2, 2]
    assert (first.time_limit_s, first.memory_mb, first.rating, first.tags) == (1.0, 256, 800, ["implementation", "math"])
    assert first.solutions == ["a, b = map(int, input().split())\nprint(a + b)\n"]  # Python 3 only
    assert first.extra == {"source": "codeforces"} and first.license == "CC-BY-4.0"
    assert interactive.flags["interactive"] is True
    assert (circle.problem_id, circle.time_limit_s, circle.memory_mb, circle.url) == ("circarea", 2.5, None, "")
    assert circle.flags["float_tolerance"] == {"abs": 1e-6, "rel": 1e-6}
    assert cpp_only.solutions == []


def test_tasks_origins_and_funnel():
    funnel = Funnel()
    tasks = {t.task_id: t for t in build_all(import_codecontests(DATA), funnel, kind="import")}
    assert funnel.to_dict()["dropped"] == {"interactive": 1}
    # a generated case equal to a private one is kept once
    assert [c.origin for c in tasks["codecontests/9003_A"].tests] == ["sample", "official", "official", "generated"]
    assert tasks["codecontests/9003_C"].canonical_solution is None  # kept: tests without a known solution


def test_parquet_with_nested_columns_reads_the_same(tmp_path):
    rows = [json.loads(line) for line in DATA.read_text().splitlines()]
    path = tmp_path / "train-00000-of-00001.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    from_parquet = [r.to_dict() for r in import_codecontests(path)]
    assert from_parquet == [r.to_dict() for r in import_codecontests(DATA)]


def test_file_io_is_flagged():
    row = json.loads(DATA.read_text().splitlines()[0])
    assert codecontests_problem({**row, "input_file": "input.txt"}).flags == {"file_io": True}


def test_slugs():
    assert slug("1548_E. Gregor and the Two Painters") == "1548_E"
    assert slug("p02547 AtCoder Beginner Contest 179 - Leq") == "p02547-atcoder-beginner-contest-179-leq"
    assert slug("") == "unnamed"
