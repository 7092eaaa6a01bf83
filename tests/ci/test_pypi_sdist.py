"""A real PyPI sdist traced end to end: download, tox config, venv with network, tests without.

Needs the package index (PyPI, through pip and the user's pip configuration), like any install.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sftmine.ci import interpreters
from sftmine.ci.pipeline import trace_sources
from sftmine.ci.project import TraceOptions
from sftmine.cli import main
from sftmine.records import Task
from sftmine.store import read_records

SPEC = "pypi:semver==3.0.2"


@pytest.mark.slow
def test_semver_sdist_yields_tasks_that_verify_in_its_own_venv(tmp_path):
    out = tmp_path / "out"
    result = trace_sources([SPEC], out, TraceOptions(budget_s=480), backend="bwrap")
    source = result["per_source"][SPEC]
    assert source["label"] == "pypi:semver==3.0.2" and source["stopped_at"] is None, source
    newest = interpreters.pick(["py312", "py311", "py310", "py39", "py38", "py37"])[0]  # semver's tox envlist
    assert source["plan"]["config"] == "tox" and source["plan"]["env"] == "py" + newest.dotted.replace(".", "")
    stages = result["stages"]
    assert stages["test_runs_passed"]["kept"] == 1 and stages["functions_traced"]["kept"] >= 10
    dropped = stages["restorable"]["dropped"]
    assert any(r.startswith("unrestorable: ") for r in dropped)  # Version objects are not literals
    tasks = {t.task_id: t for t in read_records(out / "tasks.jsonl", Task)}
    cmp_task = tasks["ci/pypi:semver==3.0.2/semver.version:_cmp"]
    assert "runtime" not in cmp_task.meta and cmp_task.source["url"].endswith("/semver/3.0.2/")
    assert any("runtime" in t.meta for t in tasks.values())  # some need semver itself, judged in its venv
    run = CliRunner().invoke(main, ["verify", str(out / "tasks.jsonl"), "--repeat", "3", "--json",
                                    "--backend", "bwrap"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["passed"] == len(tasks)
