import re

import pytest
from PIL import Image

from sftmine.dedup import dedup_settings, write_dedup
from sftmine.records import Status, Verdict
from sftmine.report import load, write_report
from sftmine.report.plots import _curve
from sftmine.snapshot import from_dirs, write_snapshot
from sftmine.store.jsonl import write_jsonl
from tests.fixtures.datasets.build import all_tasks, write_filter_dir
from tests.fixtures.datasets.sources import one_problem_three_sources

PLOTS = ["difficulty", "drop_reasons", "funnel", "pass_at_k", "pass_rate"]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    root = tmp_path_factory.mktemp("rep")
    write_dedup(all_tasks() + one_problem_three_sources(), root / "dedup", dedup_settings(decontaminate=False))
    filter_dir = write_filter_dir(root / "filter")
    # Two samples of one Codeforces task failed only on generated cases, one sample failed its own samples.
    write_jsonl(filter_dir / "verdicts.jsonl", [
        Verdict("s0", "codeforces/9101/A", Status.FAILED, failed_origin="generated"),
        Verdict("s1", "codeforces/9101/A", Status.FAILED, failed_origin="generated"),
        Verdict("s2", "codeforces/9102/B", Status.FAILED, failed_origin="sample"),
        Verdict("s3", "HumanEval/0", Status.PASSED)])
    return write_snapshot(root / "out", from_dirs(filter_dir, root / "dedup")).snapshot


def test_html_is_one_self_contained_page_with_every_plot(snapshot, tmp_path):
    files = write_report(snapshot, tmp_path)
    page = files.html.read_text()
    images = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"', page)
    assert len(images) == len(PLOTS)
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing fetched from elsewhere
    for title in ("Funnel per source", "Pass rates", "pass@k", "Difficulty vs pass rate", "Drop reasons"):
        assert f"<h2>{title}</h2>" in page
    assert "<td>codeforces</td><td>4</td><td>4</td><td>3</td><td>2</td>" in page  # in, after dedup, judged, kept
    assert "<td>dedup: exact_duplicate</td><td>1</td>" in page and "<td>filter: unsolved</td><td>1</td>" in page


def test_markdown_links_the_pngs_beside_it(snapshot, tmp_path):
    files = write_report(snapshot, tmp_path)
    md = files.markdown.read_text()
    assert sorted(p.stem for p in files.pngs) == PLOTS
    for png in files.pngs:
        assert f"]({png.name})" in md
        with Image.open(png) as image:
            assert image.format == "PNG" and image.size[0] >= 600
    assert "| codeforces | 4 | 4 | 3 | 2 |" in md
    assert f"snapshot `{snapshot.name}`" in md


def test_pass_at_k_curve_matches_the_manifest(snapshot):
    data = load(snapshot)
    assert _curve(data.rows, [1])[0] == pytest.approx(snapshot.manifest["pass_at"]["pass@1"], abs=1e-6)
    assert _curve(data.rows, [1, 4])[1] > _curve(data.rows, [1])[0]
    assert _curve(data.rows, [5]) == [None]  # no task has 5 samples


def test_an_empty_snapshot_still_reports(tmp_path):
    snap = write_snapshot(tmp_path, from_dirs(write_filter_dir(tmp_path / "f", [], []))).snapshot
    files = write_report(snap, tmp_path / "report")
    page = files.html.read_text()
    assert files.pngs == [] and "The snapshot holds no tasks." in page and "Nothing was dropped." in page
    assert "No judged task in this snapshot carries a rating or a difficulty." in page


def test_tests_per_task_by_origin_per_source(snapshot, tmp_path):
    assert snapshot.manifest["counts"]["tests"]["codeforces"] == {"tasks": 3, "cases": {"sample": 4}, "weak": 0,
                                                                   "false_positives_caught": 2}
    page = write_report(snapshot, tmp_path).html.read_text()
    assert "<h2>Tests per task by origin</h2>" in page
    # source, tasks, cases per task by origin (sample, traced, official, generated), weak tasks, caught
    assert "<td>codeforces</td><td>3</td><td>1.3</td><td>0.0</td><td>0.0</td><td>0.0</td><td>0</td><td>2</td>" in page
    assert "<td>humaneval</td><td>5</td><td>0.0</td><td>0.0</td><td>3.6</td><td>0.0</td><td>0</td><td>0</td>" in page


def test_mutation_score_per_source_from_the_tasks_meta():
    from sftmine.records import FilteredTask, Task
    from sftmine.report.data import ReportData
    from sftmine.snapshot.manifest import tests_by_source

    def judged(task_id, mutation=None):
        meta = {"tests": {"generated": 3, **({"mutation": mutation} if mutation else {})}}
        task = Task(task_id=task_id, prompt="def f(x):\n", entry_point="f", meta=meta)
        return FilteredTask(task=task, n=1, c=0, pass_at={}, kept=False, drop_reason="no passing sample")

    counts = {"mutants": 4, "killed_original": 2, "killed_with_generated": 3, "dropped_equal": 1,
              "sandbox_errors": 0}
    by_source = tests_by_source([judged("ci/a", counts), judged("ci/b", {**counts, "killed_original": 4,
                                                                          "killed_with_generated": 4}),
                                 judged("ci/c"), judged("other/d")], {})
    mutation = by_source["ci"]["mutation"]
    assert mutation["tasks"] == 2 and mutation["mutants"] == 8 and mutation["dropped_equal"] == 2
    assert (mutation["score_original"], mutation["score_with_generated"]) == (0.75, 0.875)
    assert "mutation" not in by_source["other"]  # no reference was mutated there
    rows = ReportData("r", {"counts": {"tests": by_source}}).tests_table()
    assert [r[-1] for r in rows] == ["75% → 88% (8 mutants)", "-"]


def test_the_report_stage_makes_one_row_per_judged_task_and_hands_back_the_files(snapshot, tmp_path):
    from sftmine.report.stage import ReportSettings, ReportStage
    from sftmine.stages import run_stage, scratch

    judged = [*snapshot.kept(), *snapshot.dropped()]
    runtime = {"name": snapshot.name, "manifest": snapshot.manifest, "out": tmp_path}
    with scratch("report") as files:
        result = run_stage(ReportStage, ReportSettings(), judged, files, runtime, progress=False)
    assert result.funnel.seen == result.funnel.kept == len(judged)
    assert sorted(result.records, key=lambda r: r.task_id) == load(snapshot).rows
    assert result.written.html == tmp_path / "report.html" and sorted(p.stem for p in result.written.pngs) == PLOTS
