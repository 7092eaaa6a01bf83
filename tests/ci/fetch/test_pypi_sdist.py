"""A real PyPI sdist traced end to end: download, tox config, venv with network, tests without.

Needs the package index (PyPI, through pip and the user's pip configuration), like any install.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from sftmine.ci.env import interpreters
from sftmine.ci.pipeline import trace_sources
from sftmine.ci.project import TraceOptions
from sftmine.cli import main
from sftmine.records import Task
from sftmine.store import read_records, write_jsonl

SPEC = "pypi:semver==3.0.2"


@pytest.fixture(scope="module")
def semver(tmp_path_factory):
    out = tmp_path_factory.mktemp("semver") / "out"
    result = trace_sources([SPEC], out, TraceOptions(budget_s=480), backend="bwrap")
    return out, result


def verify_json(path, exit_code: int = 0) -> dict:
    run = CliRunner().invoke(main, ["verify", str(path), "--repeat", "3", "--json", "--backend", "bwrap"])
    assert run.exit_code == exit_code, run.output
    return json.loads(run.stdout)


@pytest.mark.slow
def test_semver_sdist_yields_tasks_that_verify_in_its_own_venv(semver):
    out, result = semver
    source = result["per_source"][SPEC]
    assert source["label"] == "pypi:semver==3.0.2" and source["stopped_at"] is None, source
    newest = interpreters.pick(["py312", "py311", "py310", "py39", "py38", "py37"])[0]  # semver's tox envlist
    assert source["plan"]["config"] == "tox" and source["plan"]["env"] == "py" + newest.dotted.replace(".", "")
    stages = result["stages"]
    assert stages["test_runs_passed"]["kept"] == 1 and stages["functions_traced"]["kept"] >= 10
    dropped = stages["restorable"]["dropped"]
    assert any(r.startswith("unrestorable: ") for r in dropped)  # functions passed as values are not values
    tasks = {t.task_id: t for t in read_records(out / "tasks.jsonl", Task)}
    cmp_task = tasks["ci/pypi:semver==3.0.2/semver.version:_cmp"]
    assert "runtime" not in cmp_task.meta and cmp_task.source["url"].endswith("/semver/3.0.2/")
    assert any("runtime" in t.meta for t in tasks.values())  # some need semver itself, judged in its venv
    assert verify_json(out / "tasks.jsonl")["passed"] == len(tasks)


@pytest.mark.slow
def test_a_method_of_semver_becomes_a_task_that_verifies_and_a_mutant_of_it_fails(semver, tmp_path):
    out, result = semver
    counts = result["stages"]["tasks_verified"]["counts"]
    assert counts["method tasks"] >= 3, counts
    assert any(r.startswith("method: ") for r in result["stages"]["functions_traced"]["dropped"])  # dunders
    tasks = {t.task_id: t for t in read_records(out / "tasks.jsonl", Task)}
    compare = tasks["ci/pypi:semver==3.0.2/semver.version:Version.compare"]
    assert compare.entry_point == "Version.compare" and "class Version:\n" in compare.prompt
    assert "_cmp(v1, v2)" not in compare.prompt and "x = _cmp(v1, v2)\n" in compare.canonical_solution
    assert all(c.receiver.startswith("semver.version.Version({") for c in compare.tests)
    _passes_and_its_mutant_fails(compare, "x = _cmp(v1, v2)", "x = _cmp(v2, v1)", tmp_path)


@pytest.mark.slow
def test_a_semver_task_taking_and_returning_a_version_verifies_and_a_mutant_of_it_fails(semver, tmp_path):
    out, result = semver
    assert result["stages"]["tasks_verified"]["counts"]["project objects tasks"] >= 5
    tasks = {t.task_id: t for t in read_records(out / "tasks.jsonl", Task)}
    bump = tasks["ci/pypi:semver==3.0.2/semver.version:Version.bump_minor"]
    assert "project objects" in bump.meta["kinds"] and bump.canonical_solution.endswith("self._minor + 1)\n")
    assert all(c.expected.startswith("semver.version.Version({'_build': ") for c in bump.tests)
    _passes_and_its_mutant_fails(bump, "self._minor + 1)", "self._minor + 1, self._patch)", tmp_path)


def _passes_and_its_mutant_fails(task: Task, old: str, new: str, tmp_path) -> None:
    """The task verifies; with `old` replaced by `new` in its solution, it fails."""
    write_jsonl(tmp_path / "task.jsonl", [task])
    assert verify_json(tmp_path / "task.jsonl")["passed"] == 1
    mutant = task.canonical_solution.replace(old, new)
    assert mutant != task.canonical_solution
    write_jsonl(tmp_path / "mutant.jsonl", [dataclasses.replace(task, canonical_solution=mutant)])
    assert verify_json(tmp_path / "mutant.jsonl", exit_code=1)["failed"] == 1
