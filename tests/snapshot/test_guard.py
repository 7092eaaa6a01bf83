"""Snapshots are read-only: outputs inside one are refused, and its files are read-only on disk."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.errors import ConfigError
from sftmine.export import export
from sftmine.report import write_report
from sftmine.snapshot import from_dirs, write_snapshot
from sftmine.snapshot.guard import refuse_inside_snapshot, snapshot_containing
from tests.fixtures.datasets.build import write_filter_dir


@pytest.fixture
def snap(tmp_path):
    return write_snapshot(tmp_path / "out", from_dirs(write_filter_dir(tmp_path / "filter"))).snapshot


def test_paths_inside_a_snapshot_are_found_through_links_and_urls(snap, tmp_path):
    latest = tmp_path / "out" / "snapshots" / "latest"
    for inside in (snap.path, snap.path / "dataset.jsonl", latest / "dataset.jsonl", latest / "new" / "x.jsonl",
                   f"file://{latest}/dataset.jsonl"):
        assert snapshot_containing(inside) == snap.path
    for outside in (tmp_path / "out", tmp_path / "out" / "snapshots" / "x.jsonl", tmp_path / "exports" / "a.jsonl",
                    "memory://snapshots/latest/dataset.jsonl"):
        assert snapshot_containing(outside) is None
    with pytest.raises(ConfigError, match="inside the read-only snapshot"):
        refuse_inside_snapshot(latest / "dataset.jsonl")


def test_export_and_report_refuse_to_write_into_a_snapshot(snap):
    before = (snap.path / "dataset.jsonl").read_bytes()
    with pytest.raises(ConfigError, match="inside the read-only snapshot"):
        export(snap, "sft", str(snap.path / "dataset.jsonl"))
    with pytest.raises(ConfigError, match="inside the read-only snapshot"):
        write_report(snap, snap.path / "report")
    assert (snap.path / "dataset.jsonl").read_bytes() == before and not (snap.path / "report").exists()


@pytest.mark.parametrize("command", [
    ["export", "{root}", "--format", "sft", "--out", "{latest}/dataset.jsonl"],
    ["report", "{root}", "--out", "{latest}/report"],
    ["dedup", "{tasks}", "--out", "{latest}/dedup"],
    ["import", "humaneval", "--out", "{latest}/tasks.jsonl"],
    ["snapshot", "{filter}", "--out", "{latest}"],
])
def test_every_command_refuses_an_output_inside_a_snapshot(snap, tmp_path, command):
    root, latest = tmp_path / "out", tmp_path / "out" / "snapshots" / "latest"
    names = {"root": root, "latest": latest, "tasks": tmp_path / "filter" / "kept.jsonl", "filter": tmp_path / "filter"}
    listing = sorted(p.name for p in snap.path.iterdir())
    before = (snap.path / "dataset.jsonl").read_bytes()
    run = CliRunner().invoke(main, [part.format(**names) for part in command])
    assert run.exit_code == 2, run.output
    (line,) = run.output.strip().splitlines()
    assert line.startswith("error: Invalid value for '--out'") and "inside the read-only snapshot" in line
    assert sorted(p.name for p in snap.path.iterdir()) == listing
    assert (snap.path / "dataset.jsonl").read_bytes() == before
    assert CliRunner().invoke(main, ["export", str(root), "--format", "sft", "--out", str(tmp_path / "ok.jsonl")]
                              ).exit_code == 0  # and the snapshot still works


def test_snapshot_files_and_folder_are_read_only_on_disk(snap):
    assert stat.S_IMODE(snap.path.stat().st_mode) == 0o555
    for path in snap.path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path
