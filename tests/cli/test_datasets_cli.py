import json

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.records import Task
from sftmine.snapshot import latest
from sftmine.store import read_records, write_jsonl
from tests.fixtures.datasets.build import all_tasks, filter_results, functions, sample, write_filter_dir
from tests.fixtures.datasets.sources import one_problem_three_sources, slipped_humaneval


def _run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def _error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def snapshot_root(tmp_path):
    root = tmp_path / "out"
    assert _run("snapshot", write_filter_dir(tmp_path / "filter"), "--out", root).exit_code == 0
    return root


def test_dedup_writes_kept_removed_and_funnel(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", slipped_humaneval() + functions())
    write_jsonl(tmp_path / "b.jsonl", one_problem_three_sources())
    result = _run("dedup", tmp_path / "a.jsonl", tmp_path / "b.jsonl", "--out", tmp_path / "d")
    assert result.exit_code == 0, result.output
    assert "dedup: seen 9, kept 5, removed 4" in result.output
    kept = list(read_records(tmp_path / "d" / "tasks.jsonl", Task))
    assert len(kept) == 5 and (tmp_path / "d" / "removed.jsonl").read_text().count("\n") == 4
    result = _run("dedup", tmp_path / "a.jsonl", "--out", tmp_path / "e", "--no-decontaminate", "--json")
    assert json.loads(result.output)["kept"] == 6


def test_dedup_against_another_benchmark_and_its_mistakes(tmp_path):
    write_jsonl(tmp_path / "tasks.jsonl", all_tasks())
    write_jsonl(tmp_path / "bench.jsonl", functions()[:1])
    result = _run("dedup", tmp_path / "tasks.jsonl", "--out", tmp_path / "d", "--against", tmp_path / "bench.jsonl",
                  "--json")
    assert json.loads(result.output)["dropped"] == {"contaminated": 6}  # 5 HumanEval + the benchmark's own
    assert "no such task file" in _error(_run("dedup", tmp_path / "nope.jsonl", "--out", tmp_path / "x"))
    result = _run("dedup", tmp_path / "tasks.jsonl", "--out", tmp_path / "x", "--no-decontaminate",
                  "--against", tmp_path / "bench.jsonl")
    assert result.exit_code == 2 and "drop --no-decontaminate" in result.output


def test_snapshot_twice_writes_once(tmp_path, snapshot_root):
    result = _run("snapshot", tmp_path / "filter", "--out", snapshot_root, "--json")
    out = json.loads(result.output)
    assert out["created"] is False and out["path"] == str(latest(snapshot_root).path)
    assert (out["added"], out["removed"], out["changed"]) == (12, 0, 0)
    result = _run("snapshot", tmp_path / "filter", "--out", snapshot_root)
    assert "unchanged, nothing new to write" in result.output


def test_snapshot_records_a_pipeline_config(tmp_path):
    (tmp_path / "nightly.yaml").write_text("sources:\n  - humaneval\nn: 4\n")
    filter_dir = write_filter_dir(tmp_path / "filter")
    result = _run("snapshot", filter_dir, "--out", tmp_path / "o", "--config", tmp_path / "nightly.yaml")
    assert result.exit_code == 0, result.output
    assert latest(tmp_path / "o").manifest["config"]["pipeline"] == {"sources": ["humaneval"], "n": 4}
    (tmp_path / "bad.yaml").write_text("sources: [unclosed\n")
    assert "bad.yaml: not valid YAML" in _error(_run("snapshot", filter_dir, "--out", tmp_path / "o",
                                                   "--config", tmp_path / "bad.yaml"))
    assert "kept.jsonl: missing" in _error(_run("snapshot", tmp_path, "--out", tmp_path / "o"))
    assert "no such directory" in _error(_run("snapshot", tmp_path / "nope", "--out", tmp_path / "o"))


@pytest.mark.parametrize("fmt, rows", [("sft", 12), ("humaneval", 9), ("parquet", 12), ("codex-d", 10)])
def test_export_every_format(snapshot_root, tmp_path, fmt, rows):
    result = _run("export", snapshot_root, "--format", fmt, "--out", tmp_path / f"x.{fmt}")
    assert result.exit_code == 0, result.output
    assert f"wrote {rows} {fmt} row(s)" in result.output and (tmp_path / f"x.{fmt}").is_file()


def test_export_mistakes_are_one_line(snapshot_root, tmp_path):
    assert "unknown export format 'csv'" in _error(_run("export", snapshot_root, "--format", "csv", "--out", "x"))
    assert "unknown keep policy 'best'" in _error(
        _run("export", snapshot_root, "--format", "sft", "--policy", "best", "--out", "x"))
    assert "no such snapshot directory" in _error(_run("export", tmp_path / "nope", "--format", "sft", "--out", "x"))
    assert "not an sftmine snapshot" in _error(_run("export", tmp_path, "--format", "sft", "--out", "x"))
    assert not (tmp_path / "x").exists()


def test_export_to_memory_as_json(snapshot_root):
    result = _run("export", snapshot_root, "--format", "sft", "--policy", "logprob", "--out", "memory://cli/sft.jsonl",
                  "--json")
    assert json.loads(result.output)["rows"] == 12


def test_report_goes_beside_the_snapshots_by_default(snapshot_root, tmp_path):
    result = _run("report", snapshot_root)
    assert result.exit_code == 0, result.output
    name = latest(snapshot_root).name
    assert (snapshot_root / "reports" / name / "report.html").is_file()
    assert f"report: {snapshot_root / 'reports' / name / 'report.html'}" in result.output
    result = _run("report", latest(snapshot_root).path, "--out", tmp_path / "r")
    assert (tmp_path / "r" / "report.md").is_file() and "(5 plots)" in result.output
    assert "no such snapshot directory" in _error(_run("report", tmp_path / "nope"))


def test_judge_then_snapshot_export_and_report(tmp_path):
    """The real filter stage judges hand-written samples in the sandbox; the dataset commands take it on."""
    kept, dropped = filter_results()
    tasks = [r.task for r in kept + dropped if not r.task.meta.get("runtime")]
    wrong = sample(dropped[0].task, 0, "    print(0)\n\n\nsolve()\n", -1.0)
    run = tmp_path / "run"
    write_jsonl(run / "tasks.jsonl", tasks)
    write_jsonl(run / "samples.jsonl", [s for r in kept for s in r.passing if r.task in tasks] + [wrong])
    assert _run("dedup", run / "tasks.jsonl", "--out", tmp_path / "dedup", "--no-decontaminate").exit_code == 0
    result = _run("judge", run, "--repeat", "1", "--backend", "bwrap", "--workers", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kept"] == len(tasks) - 1
    result = _run("snapshot", run, "--out", tmp_path / "out", "--dedup", tmp_path / "dedup")
    assert result.exit_code == 0, result.output
    snap = latest(tmp_path / "out")
    assert snap.manifest["drop_reasons"]["filter"] == {"unsolved": 1}
    assert snap.manifest["counts"]["stages"]["dedup"]["seen"] == len(tasks)
    result = _run("export", tmp_path / "out", "--format", "humaneval", "--out", tmp_path / "he.jsonl")
    assert "wrote 9 humaneval row(s)" in result.output, result.output
    assert _run("report", tmp_path / "out").exit_code == 0
