"""`sftmine build-tasks` and `sftmine import apps|codecontests|taco` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.records import Task
from sftmine.store import read_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_tasks_writes_tasks_and_funnel(tmp_path):
    out = tmp_path / "runs" / "tasks.jsonl"
    result = run("build-tasks", str(FIXTURES / "tasks" / "raw_problems.jsonl"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "seen 8, kept 3, dropped 5 (" in result.stderr and "interactive: 1" in result.stderr
    assert f"wrote 3 tasks to {out}" in result.stderr
    assert len(list(read_records(out, Task))) == 3
    assert json.loads((tmp_path / "runs" / "tasks.funnel.json").read_text())["dropped"]["design"] == 1


def test_build_tasks_reports_a_missing_input_in_one_line(tmp_path):
    result = run("build-tasks", str(tmp_path / "nothing"), "--out", str(tmp_path / "t.jsonl"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'nothing'}: no such file or directory"]
    assert not (tmp_path / "t.jsonl").exists()


@pytest.mark.parametrize("source, data, kept, dropped", [
    ("apps", "apps_train.jsonl", 5, {"special_judge": 1, "no_samples": 1}),
    ("taco", "taco_test.jsonl", 2, {"images": 1}),
    ("codecontests", "codecontests_train.jsonl", 3, {"interactive": 1})])
def test_imports(tmp_path, source, data, kept, dropped):
    out = tmp_path / "tasks.jsonl"
    result = run("import", source, str(FIXTURES / "importers" / data), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    funnel = json.loads((tmp_path / "tasks.funnel.json").read_text())
    assert (funnel["kept"], funnel["dropped"], funnel["kind"]) == (kept, dropped, "import")
    tasks = list(read_records(out, Task))
    assert len(tasks) == kept and all(t.task_id.startswith(f"{source}/") for t in tasks)


def test_import_limit_split_and_max_tests(tmp_path):
    out = tmp_path / "tasks.jsonl"
    result = run("import", "apps", str(FIXTURES / "importers" / "apps_train.jsonl"), "--out", str(out),
                 "--limit", "1", "--split", "intro", "--max-tests", "2")
    assert result.exit_code == 0, result.stderr
    (task,) = read_records(out, Task)
    assert task.task_id == "apps/intro/0" and len(task.tests) == 2


def test_import_rejects_bad_options(tmp_path):
    data = str(FIXTURES / "importers" / "apps_train.jsonl")
    assert run("import", "apps", data, "--out", str(tmp_path / "t.jsonl"), "--max-tests", "0").exit_code == 2
    assert run("import", "taco", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "t.jsonl")).exit_code == 2


@pytest.mark.parametrize("args", [["build-tasks"], ["import", "apps"], ["import", "taco"], ["import", "codecontests"]])
def test_help_text(args):
    result = run(*args, "--help")
    assert result.exit_code == 0 and "--out" in result.output
    command = main
    for name in args:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and all(p.help for p in command.params if hasattr(p, "help") and p.param_type_name == "option")
