"""`sftmine trace` and `sftmine bench trace` through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from tests.ci.conftest import make_repo


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("args", [["trace", "--help"], ["bench", "trace", "--help"]])
def test_help(args):
    run = invoke(*args)
    assert run.exit_code == 0 and "Usage:" in run.output and len(run.output.splitlines()) > 5


def test_sources_and_out_are_required(tmp_path):
    run = invoke("trace", "--out", str(tmp_path))
    assert run.exit_code == 2 and "name at least one SOURCE" in run.output
    run = invoke("trace", "pypi:semver")
    assert run.exit_code == 2 and "--out is required" in run.output


@pytest.mark.parametrize("spec, message", [("pypi:semver>=3", "pypi:NAME or pypi:NAME==VERSION"),
                                           ("/no/such/project", "not a git URL")])
def test_a_bad_spec_is_a_one_line_error(tmp_path, spec, message):
    run = invoke("trace", spec, "--out", str(tmp_path / "out"))
    assert run.exit_code == 1 and run.output.startswith("error: ") and message in run.output
    assert not (tmp_path / "out" / "tasks.jsonl").exists()


def test_config_mistakes_are_named(tmp_path):
    config = tmp_path / "ci.yaml"
    config.write_text("sources: list.txt\noptions:\n  min_cals: 2\n")
    run = invoke("trace", "--config", str(config))
    assert run.exit_code == 1 and "options.min_cals: unknown key; allowed in options:" in run.output
    run = invoke("trace", "pypi:semver", "--out", str(tmp_path / "o"), "--repeat", "1")
    assert run.exit_code == 1 and "repeat: must be at least 2" in run.output


def test_trace_a_project_from_a_config_and_rerun(tmp_path):
    repo = make_repo(tmp_path / "plain_project", "plain_project")
    (tmp_path / "list.txt").write_text(f"# the fixture\n{repo}\n")
    config = tmp_path / "ci.yaml"
    config.write_text(f"sources: list.txt\nout: {tmp_path / 'out'}\noptions:\n  min_calls: 3\n  budget_s: 120\n")
    run = invoke("trace", "--config", str(config), "--backend", "bwrap")
    assert run.exit_code == 0, run.output
    assert "tasks verified      seen 2, kept 2, dropped 0" in run.stdout
    assert "2 task(s) from 1/1 source(s)" in run.stderr
    again = invoke("trace", "--config", str(config), "--backend", "bwrap", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["tasks"] == 2
