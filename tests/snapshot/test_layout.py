import pytest

from sftmine.errors import InputFileError
from sftmine.snapshot import from_dirs, open_snapshot, write_snapshot
from tests.fixtures.datasets.build import write_filter_dir


def test_open_names_what_is_wrong(tmp_path):
    with pytest.raises(InputFileError, match="no such snapshot directory"):
        open_snapshot(tmp_path / "nope")
    with pytest.raises(InputFileError, match="not an sftmine snapshot .no manifest.json."):
        open_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(InputFileError, match="unreadable snapshot manifest"):
        open_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": "other/9"}')
    with pytest.raises(InputFileError, match="not a sftmine-snapshot/1 manifest"):
        open_snapshot(tmp_path)


def test_a_snapshot_missing_its_dataset_is_refused(tmp_path):
    snap = write_snapshot(tmp_path, from_dirs(write_filter_dir(tmp_path / "f"))).snapshot
    snap.path.chmod(0o755)  # a snapshot folder is read-only
    (snap.path / "dropped.jsonl").unlink()
    with pytest.raises(InputFileError, match="snapshot is missing dropped.jsonl"):
        open_snapshot(snap.path)


def test_stage_inputs_must_exist(tmp_path):
    with pytest.raises(InputFileError, match="kept.jsonl: missing; pass the output directory of `sftmine filter`"):
        from_dirs(tmp_path)
    filter_dir = write_filter_dir(tmp_path / "f")
    with pytest.raises(InputFileError, match="funnel.json: missing; pass the output directory of `sftmine dedup`"):
        from_dirs(filter_dir, tmp_path / "no-dedup")
    (filter_dir / "stats.json").write_text("[1, 2]")
    with pytest.raises(InputFileError, match="stats.json: expected a JSON object"):
        from_dirs(filter_dir)


def test_a_filter_dir_without_stats_still_snapshots(tmp_path):
    filter_dir = write_filter_dir(tmp_path / "f")
    (filter_dir / "stats.json").unlink()
    snap = write_snapshot(tmp_path / "out", from_dirs(filter_dir)).snapshot
    assert snap.manifest["model"] == {} and snap.manifest["config"] == {"filter": {}}
    assert "dedup" not in snap.manifest["counts"]["stages"] and not (snap.path / "removed.jsonl").exists()
