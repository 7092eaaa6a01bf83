import json

from click.testing import CliRunner

from sftmine.cli import main
from sftmine.importers.humaneval import import_humaneval
from sftmine.store.jsonl import write_jsonl

# HumanEval/0: plain asserts; /4: check() code (judged as code, generated cases after it); /32: no
# structured inputs to mutate.
PICK = ("HumanEval/0", "HumanEval/4", "HumanEval/32")
POOL = ["--backend", "bwrap", "--workers", "2"]


def _tasks(tmp_path):
    path = tmp_path / "tasks.jsonl"
    write_jsonl(path, [t for t in import_humaneval() if t.task_id in PICK])
    return path


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_generate_then_rerun_generates_nothing_and_bench_scores_both(tmp_path):
    runner = CliRunner()
    tasks, out = _tasks(tmp_path), tmp_path / "gen.jsonl"
    args = ["tests", "generate", str(tasks), "--out", str(out), "--per-task", "12", "--json", *POOL]
    first = _json(runner.invoke(main, args))
    assert first["labelled_now"] == 3 and first["tasks_with_generated"] == 2
    assert first["cases_by_origin"]["generated"] == 24
    written = out.read_text()
    second = _json(runner.invoke(main, args))
    assert second["labelled_now"] == 0 and second["from_cache"] == 3 and out.read_text() == written
    bench = _json(runner.invoke(main, ["bench", "tests", str(tasks), "--tests", str(out), "--mutants", "6",
                                       "--json", *POOL]))
    overall = bench["overall"]
    assert overall["reference_pass_rate"] == 1.0 and overall["tasks"] == 3
    assert overall["mutants"] > 0 and overall["killed_with_generated"] >= overall["killed_original"]
    assert {"mutants", "killed_original", "killed_with_generated", "score_original", "score_with_generated",
            "seconds"} <= set(bench["by_source"]["humaneval"])
    assert any(s["task_id"] == "HumanEval/0" and s["after"] == "distance <= threshold" and s["killed_generated"]
               for s in bench["survivors_of_original"])


def test_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"task_id": "x", "prompt": "", "entry_point": "f", "typo": 1}\n')
    result = CliRunner().invoke(main, ["tests", "generate", str(bad), "--out", str(tmp_path / "o.jsonl"), *POOL])
    assert result.exit_code == 1 and "error:" in result.output and "typo" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["tests", "generate", str(bad), "--out", "o.jsonl", "--per-task", "-1"])
    assert result.exit_code == 2 and "per_task" in result.output
