"""APPS rows -> raw problems -> tasks (stdio and call-based), with their solutions."""

from __future__ import annotations

from pathlib import Path

from sftmine.importers.apps import apps_problem, import_apps, split_of
from sftmine.records import Style
from sftmine.store import Funnel
from sftmine.tasks import build_all

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "apps_train.jsonl"


def test_rows_become_raw_problems():
    raws = list(import_apps(DATA))
    assert [r.problem_id for r in raws] == [f"train/{i}" for i in range(7)]
    first = raws[0]
    assert (first.site, first.url, first.difficulty, first.license) == (
        "apps", "https://codeforces.com/problemset/problem/9001/A", "introductory", "MIT")
    assert first.official_tests[0] == {"input": "3\n1 5 2\n", "output": "4\n"}
    assert len(first.solutions) == 2 and first.entry_point is None
    leet = raws[1]
    assert (leet.entry_point, leet.starter_code.splitlines()[0]) == ("addDigits", "class Solution:")
    assert leet.function_tests[0] == {"args": "[38]", "expected": "2", "origin": "official"}  # [2] unwrapped
    assert raws[3].flags == {"special_judge": True}
    assert raws[5].flags == {"float_tolerance": {"abs": 1e-6, "rel": 1e-6}}
    assert raws[6].official_tests == [] and raws[6].solutions == []


def test_tasks_and_funnel():
    funnel = Funnel()
    tasks = {t.task_id: t for t in build_all(import_apps(DATA), funnel, kind="import")}
    assert funnel.to_dict()["dropped"] == {"special_judge": 1, "no_samples": 1} and funnel.kept == 5
    assert tasks["apps/train/1"].style is Style.FUNCTION and tasks["apps/train/1"].entry_point == "addDigits"
    assert tasks["apps/train/2"].prompt.startswith("def count_vowels(s):\n    \"\"\"\n")
    assert tasks["apps/train/0"].canonical_solution.startswith("    n = int(input())")  # the py2 one is skipped
    assert tasks["apps/train/4"].canonical_solution.startswith("\n\nimport sys")  # `global`: left at module level
    assert tasks["apps/train/5"].checker == {"kind": "float", "abs": 1e-6, "rel": 1e-6}
    assert all(t.source["kind"] == "import" and t.source["license"] == "MIT" for t in tasks.values())


def test_split_from_the_file_name_and_max_tests():
    assert split_of(Path("test-00000-of-00001.parquet")) == "test"
    assert split_of(Path("problems.jsonl")) == "problems"
    row = {"question": "q", "input_output": {"inputs": ["1\n"] * 5, "outputs": ["1\n"] * 5}}
    assert len(apps_problem(row, "x/1", max_tests=2).official_tests) == 2
