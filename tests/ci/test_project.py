"""One project's run: failures end it with a reason in the funnel, and the next project still runs."""

from __future__ import annotations

import json

from sftmine.ci.fetch.sources import Source
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.pipeline import trace_sources
from sftmine.ci.project import TraceOptions
from sftmine.ci.record.testrun import failure_reason
from sftmine.records import Status
from sftmine.sandbox import Outcome


def test_a_project_without_tests_is_counted_and_a_half_done_source_starts_over(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "lib.py").write_text("def f():\n    return 1\n")
    out = tmp_path / "out"
    leftover = out / "sources" / Source.parse(str(empty)).slug / "checkout"
    leftover.mkdir(parents=True)  # as a killed run leaves it: work begun, no result.json
    (leftover / "junk.py").write_text("half written")
    result = trace_sources([str(empty)], out, TraceOptions(budget_s=60), backend="bwrap")
    assert result["stages"]["environments_built"] == {"seen": 1, "kept": 0, "dropped": {"no tests found": 1}}
    assert result["per_source"][str(empty)]["stopped_at"] == "environments_built"
    assert not (leftover / "junk.py").exists()
    assert (out / "tasks.jsonl").read_text() == ""
    assert json.loads((out / "funnel.json").read_text())["finished"] == 1


def outcome(status, exit_code=None, stdout="", stderr="", detail=""):
    return Outcome(status, exit_code=exit_code, stdout=stdout, stderr=stderr, detail=detail)


def test_failure_reasons_are_countable_and_name_what_was_tried():
    assert failure_reason(outcome(Status.RUNTIME_ERROR, 1)) == "tests failed"
    assert failure_reason(outcome(Status.RUNTIME_ERROR, 5)) == "no tests collected"
    assert failure_reason(outcome(Status.RUNTIME_ERROR, 137, detail="killed by SIGKILL")) == \
        "tests crashed (killed by SIGKILL)"
    assert failure_reason(outcome(Status.TIMEOUT, detail="wall time over 12.5s")) == "tests timed out"
    network = outcome(Status.RUNTIME_ERROR, 1, stderr="socket.gaierror: [Errno -3] Temporary failure in name resolution")
    assert failure_reason(network) == "tests failed; tried the network"
    both = outcome(Status.RUNTIME_ERROR, 1, stdout="OSError: [Errno 30] Read-only file system: '/x'",
                   stderr="BlockingIOError: [Errno 11] Resource temporarily unavailable")
    assert failure_reason(both) == "tests failed; wrote outside its sandbox, hit the process limit"


def test_the_funnel_adds_merges_and_summarizes():
    a, b = CIFunnel(), CIFunnel()
    a.add("restorable", 3, {"mock": 1})
    b.add("restorable", 1, {"mock": 2, "too_large": 1})
    merged = CIFunnel.from_dict(a.merge(b).to_dict())
    assert merged["restorable"].to_dict() == {"seen": 8, "kept": 4, "dropped": {"mock": 3, "too_large": 1}}
    assert "restorable          seen 8, kept 4, dropped 4 (mock: 3, too_large: 1)" in merged.summary()
