"""TACO rows: APPS-shaped, plus limits, tags, source and pictures (which drop the problem)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sftmine.importers.taco import import_taco, megabytes, seconds
from sftmine.store import Funnel
from sftmine.tasks import build_all

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "taco_test.jsonl"


def test_rows_become_raw_problems():
    first, pictured, function = import_taco(DATA)
    assert (first.problem_id, first.site, first.title, first.license) == ("test/0", "taco", "Sum of a Line", "Apache-2.0")
    assert (first.time_limit_s, first.memory_mb) == (2.0, 256)
    assert first.tags == ["Mathematics", "Data structures"] and first.extra == {"source": "codeforces"}
    assert pictured.flags["images"] == 2 and pictured.memory_mb == 128
    assert function.entry_point == "reverse_words" and function.time_limit_s is None


def test_tasks_and_funnel():
    funnel = Funnel()
    tasks = list(build_all(import_taco(DATA), funnel, kind="import"))
    assert [t.task_id for t in tasks] == ["taco/test/0", "taco/test/2"]
    assert funnel.to_dict()["dropped"] == {"images": 1}


@pytest.mark.parametrize("text, value", [("2 seconds", 2.0), ("1.5 sec", 1.5), ("500 milliseconds", 0.5),
                                         (None, None), ("None", None)])
def test_seconds(text, value):
    assert seconds(text) == value


@pytest.mark.parametrize("text, value", [("256 megabytes", 256), ("131072 kilobytes", 128), ("", None)])
def test_megabytes(text, value):
    assert megabytes(text) == value
