"""End to end: real git repositories (tox, travis, neither, hostile) traced for real in the sandbox."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from sftmine.ci.pipeline import trace_sources
from sftmine.ci.project import TraceOptions
from sftmine.cli import main
from sftmine.records import Task
from sftmine.store import read_records

MARKER = os.path.join(os.path.expanduser("~root"), ".sftmine-hostile-was-here")
EXPECTED_TASKS = {"textkit.core:count_vowels", "textkit.core:words", "textkit.core:slug", "textkit.core:parse_pair",
                  "textkit.core:Counter.bump",
                  "statkit.stats:mean", "statkit.stats:median", "statkit.stats:mode", "roman:to_roman",
                  "roman:from_roman", "textkit.core:_clean", "statkit.stats:spread"}  # the last two undocumented


@pytest.fixture(scope="module")
def traced_run(tmp_path_factory):
    from tests.ci.conftest import make_repo

    base = tmp_path_factory.mktemp("e2e")
    names = ("hostile_project", "tox_project", "travis_project", "plain_project")
    specs = [str(make_repo(base / name, name)) for name in names]
    out = base / "out"
    result = trace_sources(specs, out, TraceOptions(budget_s=240))
    return specs, out, result


@pytest.mark.slow
def test_every_kind_of_project_yields_verified_tasks(traced_run):
    specs, out, result = traced_run
    tasks = list(read_records(out / "tasks.jsonl", Task))
    assert {t.task_id.split("/", 2)[2] for t in tasks} == EXPECTED_TASKS
    assert all(t.tests and all(c.origin == "traced" for c in t.tests) for t in tasks)
    configs = {spec.rsplit("/", 1)[1]: src["plan"].get("config") for spec, src in result["per_source"].items()}
    assert configs == {"hostile_project": "discovery", "tox_project": "tox", "travis_project": "travis",
                       "plain_project": "discovery"}


@pytest.mark.slow
def test_the_funnel_counts_every_stage_with_reasons(traced_run):
    _, out, result = traced_run
    stages = json.loads((out / "funnel.json").read_text())["stages"]
    assert stages["sources_tried"] == {"seen": 4, "kept": 4, "dropped": {}}
    assert stages["environments_built"] == {"seen": 4, "kept": 4, "dropped": {}}
    assert stages["test_runs_passed"]["kept"] == 3
    assert stages["functions_traced"] == {"seen": 14, "kept": 13, "dropped": {"method: dunder": 1},  # Counter's
                                          "counts": {"methods": 1}}  # __init__, and bump (a method task)
    assert stages["calls_recorded"] == {"seen": 53, "kept": 52, "dropped": {"duplicate input": 1}}
    assert stages["restorable"] == {"seen": 52, "kept": 51, "dropped": {"mock": 1}}  # describe(Mock())
    counts = {"method tasks": 1, "receiver state tasks": 1, "example docstring tasks": 2}  # _clean, spread
    assert stages["tasks_synthesized"] == {"seen": 12, "kept": 12, "dropped": {}, "counts": counts}
    assert stages["tasks_verified"] == {"seen": 12, "kept": 12, "dropped": {}, "counts": counts}
    assert result["summary"][0].startswith("sources tried")


@pytest.mark.slow
def test_a_hostile_project_is_contained_and_reported(traced_run):
    specs, _, result = traced_run
    hostile = result["per_source"][specs[0]]
    assert hostile["stopped_at"] == "test_runs_passed"
    assert hostile["reason"].startswith("tests failed; ")
    for sign in ("tried the network", "wrote outside its sandbox", "hit the process limit"):
        assert sign in hostile["reason"]
    assert not os.path.exists(MARKER)


@pytest.mark.slow
def test_a_rerun_skips_finished_sources(traced_run):
    specs, out, result = traced_run
    done = {p: p.stat().st_mtime_ns for p in (out / "sources").glob("*/result.json")}
    again = trace_sources(specs, out, TraceOptions(budget_s=240))
    assert {p: p.stat().st_mtime_ns for p in (out / "sources").glob("*/result.json")} == done
    assert again["stages"] == result["stages"] and again["tasks"] == result["tasks"]


@pytest.mark.slow
def test_the_tasks_pass_sftmine_verify_three_times(traced_run):
    _, out, _ = traced_run
    run = CliRunner().invoke(main, ["verify", str(out / "tasks.jsonl"), "--repeat", "3", "--json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["passed"] == 12
