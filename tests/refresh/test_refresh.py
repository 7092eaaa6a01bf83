"""The nightly refresh end to end: real model, real sandbox, kill -9 and resume, lock, nothing-new reruns."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.errors import ConfigError
from sftmine.refresh import RefreshConfig, refresh
from sftmine.store import RunLock

REPO = Path(__file__).resolve().parents[2]
EASY = REPO / "tests" / "fixtures" / "sampling" / "easy_tasks.jsonl"


def write_config(tmp_path: Path, out: Path) -> Path:
    config = {
        "out": str(out),
        "imports": [{"format": "tasks", "path": str(EASY)}],
        "tests": {"per_task": 5, "candidates": 20},
        "filter": {"config": str(REPO / "pipelines" / "filter.yaml"), "n": 2, "max_tokens": 96, "repeat": 2},
        "sandbox": {"backend": "bwrap", "workers": 2},
        "exports": ["sft", "humaneval", "parquet"],
    }
    path = tmp_path / f"{out.name}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def content_hash(out: Path) -> str:
    latest = sorted((out / "data" / "snapshots").iterdir())[-1]
    return json.loads((latest / "manifest.json").read_text())["content_hash"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One uninterrupted refresh, then a second one on the same folder."""
    tmp = tmp_path_factory.mktemp("reference")
    config = RefreshConfig.load(write_config(tmp, tmp / "out"))
    first = refresh(config, progress=False, echo=lambda _m: None)
    second = refresh(config, progress=False, echo=lambda _m: None)
    return tmp / "out", first, second


def test_first_run_keeps_what_the_model_solves_and_publishes(reference):
    out, first, _ = reference
    assert first.did_work
    steps = {s.name: s for s in first.steps}
    assert steps["judge"].counts["kept"] >= 1
    assert (first.published / "exports" / "parquet.parquet").is_file()
    assert (first.published / "report" / "report.html").is_file()
    assert json.loads((out / "refresh.json").read_text())["snapshot"] == str(first.snapshot)


def test_the_sampled_tasks_carry_generated_tests(reference):
    out, first, _ = reference
    steps = {s.name: s for s in first.steps}
    assert [s.name for s in first.steps].index("tests") < [s.name for s in first.steps].index("sample")
    tasks = [json.loads(line) for line in (out / "filter" / "tasks.jsonl").read_text().splitlines()]
    with_generated = [t for t in tasks if any(c["origin"] == "generated" for c in t["tests"])]
    assert steps["tests"].counts["tasks_with_generated"] == len(with_generated) >= 1
    assert all("tests" in t["meta"] for t in tasks)
    stats = json.loads((out / "filter" / "stats.json").read_text())
    assert set(stats["failed_by_origin"]) <= {"official", "generated"}


def test_second_run_with_nothing_new_does_nothing(reference):
    _, first, second = reference
    assert not second.did_work
    assert second.snapshot == first.snapshot
    assert all(not s.ran for s in second.steps)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [4.0, 9.0, 14.0])
def test_kill_9_then_rerun_gives_the_same_snapshot(tmp_path, reference, delay):
    out = tmp_path / "killed"
    config = write_config(tmp_path, out)
    cmd = [sys.executable, "-m", "sftmine.cli", "refresh", str(config), "--quiet"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert content_hash(out) == content_hash(reference[0])


def test_a_second_refresh_on_a_locked_folder_exits_75(tmp_path):
    out = tmp_path / "locked"
    config = write_config(tmp_path, out)
    with RunLock(out):
        result = CliRunner().invoke(main, ["refresh", str(config), "--quiet"])
    assert result.exit_code == 75 and "another sftmine run" in result.output


def test_config_mistakes_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("out: x\nsorces: []\n")
    result = CliRunner().invoke(main, ["refresh", str(bad)])
    assert result.exit_code == 1 and "sorces: unknown key; allowed at the top" in result.output
    with pytest.raises(ConfigError, match="names no sources"):
        refresh(RefreshConfig.from_dict({"out": str(tmp_path / "o")}), progress=False, echo=lambda _m: None)
    with pytest.raises(ConfigError, match="exports"):
        RefreshConfig.from_dict({"out": "o", "exports": ["csv"]})


def test_the_executor_applies_to_every_stage_and_is_not_part_of_the_snapshot_config():
    config = RefreshConfig.from_dict({"out": "o", "executor": {"name": "ray", "address": "auto"}})
    assert config.executor is not None and config.executor.is_ray and "executor" not in config.raw
    assert RefreshConfig.from_dict({"out": "o"}).executor is None
