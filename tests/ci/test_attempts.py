"""A source's attempts: which outcomes stand, which are retried, and the backoff between retries."""

from __future__ import annotations

import json
import socket

from click.testing import CliRunner

from sftmine.ci import attempts
from sftmine.ci.pipeline import source_dir, trace_sources
from sftmine.ci.project import TraceOptions, failure_kind
from sftmine.cli import main
from sftmine.errors import IndexUnreachable, InputFileError, SandboxError
from sftmine.store import write_json

FETCH = {"stopped_at": "sources_tried", "reason": "x: git failed: fatal: unable to access\nConnection refused",
         "failure": "infrastructure"}
NO_TESTS = {"stopped_at": "environments_built", "reason": "no tests found in the checkout", "failure": "project"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_outcomes_tell_the_project_from_the_infrastructure():
    assert attempts.outcome({}) == attempts.DONE
    assert attempts.outcome(NO_TESTS) == attempts.FAILED
    assert attempts.outcome(FETCH) == attempts.RETRY
    assert attempts.outcome({"stopped_at": "sources_tried"}) == attempts.RETRY  # a result.json from before
    assert attempts.outcome({"failure": "infrastructure", "reason": "internal error: KeyError"}) == attempts.RETRY


def test_failure_kinds():
    assert failure_kind(InputFileError("pip download failed"), "sources_tried") == "infrastructure"
    assert failure_kind(IndexUnreachable("no answer"), "environments_built") == "infrastructure"
    assert failure_kind(SandboxError("no runsc"), "test_runs_passed") == "infrastructure"
    assert failure_kind(InputFileError("bad sdist"), "environments_built") == "project"


def test_backoff_counts_runs_and_is_capped():
    assert [attempts.wait_runs(k) for k in range(1, 7)] == [0, 1, 3, 7, 7, 7]


def _attempt(work, record):
    write_json(work / "result.json", attempts.result_file({}, record, attempts.load(work)))


def test_a_retried_source_sits_out_its_backoff_then_is_due(tmp_path):
    work = tmp_path / "src"
    assert attempts.due(work)  # never tried
    _attempt(work, FETCH)
    assert attempts.due(work)  # the first failure is retried on the very next run
    _attempt(work, FETCH)
    state = attempts.load(work)
    assert (state["failures"], state["wait_runs"], len(state["attempts"])) == (2, 1, 2)
    assert not attempts.due(work) and attempts.load(work)["wait_runs"] == 0  # this run is sat out
    assert attempts.due(work)
    _attempt(work, {})
    state = attempts.load(work)
    assert (state["outcome"], state["failures"]) == ("done", 0)
    assert [a["outcome"] for a in state["attempts"]] == ["retry", "retry", "done"]
    assert not attempts.due(work) and not attempts.due(work, retry_failed=True)


def test_a_verdict_stands_until_retry_failed(tmp_path):
    work = tmp_path / "src"
    _attempt(work, NO_TESTS)
    assert not attempts.due(work) and attempts.due(work, retry_failed=True)
    _attempt(work, FETCH)
    _attempt(work, FETCH)
    assert attempts.due(work, retry_failed=True)  # --retry-failed ignores the backoff too


def test_reasons_are_one_line():
    assert attempts.one_line(FETCH["reason"]) == "x: git failed: fatal: unable to access ... Connection refused"
    assert attempts.one_line("a" * 500).endswith("...") and len(attempts.one_line("a" * 500)) == 240
    lines = attempts.failure_lines({"failed": [
        {"spec": "x", "outcome": "retry", "reason": "x: git failed", "wait_runs": 0},
        {"spec": "y", "outcome": "retry", "reason": "index down", "wait_runs": 3},
        {"spec": "z", "outcome": "failed", "reason": "no tests found", "wait_runs": 0}]})
    assert lines == ["retry: x: git failed (tried again on the next run; --retry-failed: now)",
                     "retry: y: index down (tried again after 3 more run(s); --retry-failed: now)",
                     "failed: z: no tests found (kept; --retry-failed tries it again)"]


def test_an_unreachable_git_url_is_reported_retried_and_the_run_fails(tmp_path):
    spec = f"http://127.0.0.1:{closed_port()}/project.git"
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["trace", spec, "--out", str(out), "--backend", "bwrap"])
    assert run.exit_code == 1, run.output
    lines = run.stderr.strip().splitlines()
    retry = [line for line in lines if line.startswith("retry: ")]
    assert len(retry) == 1 and spec in retry[0] and "git failed" in retry[0]
    assert retry[0].endswith("(tried again on the next run; --retry-failed: now)")
    assert lines[-1] == "error: every source failed (1); see the lines above"
    funnel = json.loads((out / "funnel.json").read_text())
    assert (funnel["done"], funnel["finished"], funnel["failed"][0]["outcome"]) == (0, 0, "retry")
    assert funnel["stages"]["sources_tried"]["dropped"] == {"fetch failed": 1}
    again = trace_sources([spec], out, TraceOptions(), backend="bwrap")  # tried again: the next run
    assert [a["outcome"] for a in again["per_source"][spec]["attempts"]] == ["retry", "retry"]
    assert attempts.load(source_dir(out, spec))["wait_runs"] == 1


def test_a_project_verdict_is_kept_and_shown_until_retry_failed(tmp_path):
    project = tmp_path / "empty"
    project.mkdir()
    (project / "lib.py").write_text("def f():\n    return 1\n")
    out = tmp_path / "out"
    args = ["trace", str(project), "--out", str(out), "--backend", "bwrap", "--budget-s", "60"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1
    failed = [line for line in first.stderr.splitlines() if line.startswith("failed: ")]
    assert failed and failed[0].endswith("(kept; --retry-failed tries it again)") and str(project) in failed[0]
    result = source_dir(out, str(project)) / "result.json"
    stamp = result.stat().st_mtime_ns
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 1 and failed[0] in second.stderr and result.stat().st_mtime_ns == stamp
    third = CliRunner().invoke(main, [*args, "--retry-failed", "--json"])
    source = json.loads(third.stdout)["per_source"][str(project)]
    assert [a["outcome"] for a in source["attempts"]] == ["failed", "failed"]
