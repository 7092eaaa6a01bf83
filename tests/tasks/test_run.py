"""build-tasks as a library call: a raw JSONL file or a scrape directory in; tasks and a funnel out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sftmine.errors import InputFileError
from sftmine.records import Task
from sftmine.scrape import scrape
from sftmine.sites import get_site
from sftmine.store import read_records
from sftmine.tasks import build_tasks, funnel_path
from tests.sites.fixture_server import running

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tasks"
RAW = FIXTURES / "raw_problems.jsonl"


def expected_funnel(label: str) -> dict:
    return {**json.loads((FIXTURES / "expected_funnel.json").read_text()), "input": label}


def test_known_funnel_and_tasks(tmp_path):
    out = tmp_path / "tasks.jsonl"
    funnel = build_tasks(RAW, out, progress=False)
    assert funnel.kept == 3 and funnel.seen == 8
    written, expected = json.loads(funnel_path(out).read_text()), expected_funnel(str(RAW))
    assert {k: written[k] for k in expected} == expected and written["funnel"]["seen"] == 8  # runner's keys too
    dropped = [json.loads(line) for line in out.with_name("tasks.dropped.jsonl").read_text().splitlines()]
    assert sorted(d["reason"] for d in dropped) == sorted(expected["dropped"])  # each with its raw problem
    tasks = list(read_records(out, Task))
    assert [t.task_id for t in tasks] == ["codeforces/9101/A", "leetcode/two-sum-fixture", "codeforces/9101/D"]
    assert tasks[0].meta["title"] == "Double It"  # the first of two records with one id wins


def test_a_scrape_directory_is_read_in_name_order(tmp_path):
    scrape = tmp_path / "scrape"
    (scrape / "atcoder").mkdir(parents=True)
    lines = RAW.read_text().splitlines(keepends=True)
    (scrape / "atcoder" / "shard-0001.jsonl").write_text("".join(lines[4:]))
    (scrape / "atcoder" / "shard-0000.jsonl").write_text("".join(lines[:4]))
    (scrape / "atcoder" / "watermark.json").write_text("{}")
    funnel = build_tasks(scrape, tmp_path / "tasks.jsonl", progress=False)
    assert funnel.to_dict() == {k: v for k, v in expected_funnel("").items() if k in ("seen", "kept", "dropped", "counts")}


def test_a_scrape_output_directory_is_read_through_its_merged_file(tmp_path):
    (tmp_path / "atcoder").mkdir()
    (tmp_path / "atcoder" / "shard-00000.jsonl").write_text(RAW.read_text())
    (tmp_path / "atcoder" / "shard-00001.jsonl").write_text("{a shard cut off by a kill")
    shutil.copy(RAW, tmp_path / "raw.jsonl")
    assert build_tasks(tmp_path, tmp_path / "out" / "tasks.jsonl", progress=False).seen == 8


def test_funnel_path():
    assert funnel_path(Path("runs/x/tasks.jsonl")) == Path("runs/x/tasks.funnel.json")
    assert funnel_path(Path("out.json")) == Path("out.funnel.json")


def test_a_bad_record_leaves_the_previous_output_whole(tmp_path):
    out = tmp_path / "tasks.jsonl"
    build_tasks(RAW, out, progress=False)
    before, funnel_before = out.read_text(), funnel_path(out).read_text()
    broken = tmp_path / "broken.jsonl"
    shutil.copy(RAW, broken)
    with broken.open("a") as fh:
        fh.write('{"site": "atcoder", "problem_id": "x", "url": "u", "title": "t", "statment": "typo"}\n')
    with pytest.raises(InputFileError, match=":9: .*statment"):
        build_tasks(broken, out, progress=False)
    assert out.read_text() == before and funnel_path(out).read_text() == funnel_before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".tasks.jsonl.lock"]  # no temporary file


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.jsonl", "no such file or directory"),
    (lambda p: p, "no \\*.jsonl files")])
def test_unusable_raw_input(tmp_path, make, message):
    with pytest.raises(InputFileError, match=message):
        build_tasks(make(tmp_path), tmp_path / "out" / "tasks.jsonl", progress=False)


def test_scrape_then_build_tasks(tmp_path):
    """The mine-competitive path on the AtCoder fixtures: scrape into a directory, then build tasks from it."""
    with running() as served, served.client() as client:
        scrape(get_site("atcoder"), client, tmp_path / "scrape", progress=False)
    funnel = build_tasks(tmp_path / "scrape", tmp_path / "tasks.jsonl", progress=False)
    assert funnel.to_dict() == {"seen": 5, "kept": 3, "dropped": {"images": 1, "interactive": 1},
                                "counts": {"style_stdio": 3}}
    first = (tmp_path / "tasks.jsonl").read_text()
    assert [t.task_id for t in read_records(tmp_path / "tasks.jsonl", Task)] == [
        "atcoder/old901/a", "atcoder/abc901/a", "atcoder/abc901/ex"]
    with running() as served, served.client() as client:  # nothing new past the watermark
        scrape(get_site("atcoder"), client, tmp_path / "scrape", progress=False)
    build_tasks(tmp_path / "scrape", tmp_path / "tasks.jsonl", progress=False)
    assert (tmp_path / "tasks.jsonl").read_text() == first
