"""bench trace: one real test suite untraced, under sftmine's recorder and under MonkeyType, same run.

Installs MonkeyType into the project's virtualenv from the package index.
"""

from __future__ import annotations

import pytest

from sftmine.bench.trace import bench_trace


@pytest.mark.slow
def test_bench_trace_reports_both_ratios(fixture_repo, tmp_path):
    result = bench_trace(str(fixture_repo("tox_project")), tmp_path / "bench", rounds=1, backend="bwrap")
    assert result["project"].startswith("git:tox_project@") and result["rounds"] == 1
    assert result["untraced_s"] > 0 and result["sftmine_ratio"] > 0 and result["monkeytype_ratio"] > 0
    assert result["sftmine_calls_recorded"] == 19  # the same calls `sftmine trace` records for this project (Counter.bump too)
    assert result["monkeytype_traces"] > 0
