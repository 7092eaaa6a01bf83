"""Wrong input is never a success: an empty input is an error, an input that gives nothing a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.snapshot import from_dirs, write_snapshot
from tests.fixtures.datasets.build import filter_results, write_filter_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def _humaneval_file(tmp_path: Path) -> Path:
    path = tmp_path / "humaneval.jsonl"
    assert invoke("import", "humaneval", "--out", path).exit_code == 0
    return path


@pytest.mark.parametrize("importer, kind", [("apps", "an APPS-style file"), ("taco", "a TACO-style file")])
def test_a_file_of_another_format_warns_that_nothing_came_of_it(tmp_path, importer, kind):
    data = _humaneval_file(tmp_path)
    run = invoke("import", importer, data, "--out", tmp_path / "t.jsonl")
    assert run.exit_code == 0, run.output
    warning = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1 and "none of the 164 problem(s)" in warning[0] and f"is it {kind}?" in warning[0]
    assert f"`main import {importer} --help`" in warning[0]


def test_a_row_that_breaks_its_importer_is_a_one_line_error(tmp_path):
    data = _humaneval_file(tmp_path)  # its `source` is a mapping, where CodeContests has a number
    run = invoke("import", "codecontests", data, "--out", tmp_path / "t.jsonl")
    assert run.exit_code == 1
    (line,) = run.output.strip().splitlines()
    assert line.startswith(f"error: {data}: row 0 is not a CodeContests row (TypeError: ")
    assert line.endswith("is the file of another format?") and not (tmp_path / "t.jsonl").exists()


def test_build_tasks_on_task_records_names_the_mistake(tmp_path):
    data = _humaneval_file(tmp_path)
    run = invoke("build-tasks", data, "--out", tmp_path / "t.jsonl")
    assert run.exit_code == 1 and run.stderr.count("\n") == 1 and "unknown field(s)" in run.stderr


@pytest.mark.parametrize("command", [
    ["import", "apps", "{empty}", "--out", "{out}/t.jsonl"],
    ["build-tasks", "{empty}", "--out", "{out}/t.jsonl"],
    ["verify", "{empty}", "--report", "{out}/r.jsonl"],
    ["sample", "{empty}", "--out", "{out}"],
    ["filter", "{empty}", "--out", "{out}"],
    ["dedup", "{empty}", "--out", "{out}"],
])
def test_an_empty_input_is_a_one_line_error_and_writes_nothing(tmp_path, command):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    out = tmp_path / "out"
    run = invoke(*[part.format(empty=empty, out=out) for part in command])
    assert run.exit_code == 1, run.output
    (line,) = run.output.strip().splitlines()
    assert line.startswith(f"error: {empty}: holds no ") and "(an empty file?)" in line
    assert not out.exists()


def test_an_export_that_skips_every_task_warns(tmp_path):
    kept, dropped = filter_results()
    stdio = [r for r in kept if r.task.style.value == "stdio"]
    snap = write_snapshot(tmp_path / "o", from_dirs(write_filter_dir(tmp_path / "f", stdio, dropped))).snapshot
    run = invoke("export", snap.path, "--format", "humaneval", "--out", tmp_path / "he.jsonl")
    assert run.exit_code == 0
    assert f"warning: none of the {len(stdio)} kept task(s) of the snapshot in humaneval format gave a result; " \
           "every one was skipped" in run.stderr
