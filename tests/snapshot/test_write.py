import json
import os
import stat
from datetime import datetime, timezone

import pytest

from sftmine.dedup import dedup_settings, write_dedup
from sftmine.snapshot import from_dirs, latest, list_snapshots, open_snapshot, verify_snapshot, write_snapshot
from tests.fixtures.datasets.build import EXPECTED, all_tasks, filter_results, filtered, write_filter_dir
from tests.fixtures.datasets.sources import one_problem_three_sources

T1 = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def stage_dirs(tmp_path):
    write_dedup(all_tasks() + one_problem_three_sources(), tmp_path / "dedup", dedup_settings(decontaminate=False))
    return write_filter_dir(tmp_path / "filter"), tmp_path / "dedup"


def test_a_snapshot_holds_the_dataset_manifest_and_changelog(tmp_path, stage_dirs):
    filter_dir, dedup_dir = stage_dirs
    result = write_snapshot(tmp_path / "out", from_dirs(filter_dir, dedup_dir, {"sources": ["fixture"]}), T1)
    snap = result.snapshot
    assert result.created and snap.name == f"2026-11-23T0300Z-{snap.manifest['content_hash'][:12]}"
    assert sorted(p.name for p in snap.path.iterdir()) == [
        "CHANGELOG.md", "changelog.json", "dataset.jsonl", "dropped.jsonl", "manifest.json", "removed.jsonl"]
    kept = list(snap.kept())
    assert [r.task.task_id for r in kept] == sorted(r.task.task_id for r in filter_results()[0])
    assert all(r.kept and r.passing for r in kept)
    m = snap.manifest
    assert m["tasks"] == {"kept": EXPECTED["kept"], "dropped": EXPECTED["dropped"], "removed": 2}
    for source, (judged, kept_n) in EXPECTED["sources"].items():
        assert (m["counts"]["by_source"][source]["filter"]["seen"],
                m["counts"]["by_source"][source]["filter"]["kept"]) == (judged, kept_n)
    assert m["counts"]["by_source"]["codecontests"]["dedup"]["dropped"] == {"exact_duplicate": 1}
    assert m["drop_reasons"] == {"dedup": {"exact_duplicate": 1, "near_duplicate": 1}, "filter": {"unsolved": 1}}
    assert m["model"] == {"backend": "llama-cpp", "model": "fixture-model", "params": {"temperature": 0.8}, "n": 4}
    assert m["config"]["filter"] == {"repeat": 2, "policy": "all", "sandbox": "bwrap"}
    assert m["config"]["pipeline"] == {"sources": ["fixture"]}
    assert m["config"]["dedup"]["near"]["threshold"] == 0.7
    assert "executions" not in json.dumps(m)  # run-time figures stay out of the hashed content
    assert m["sftmine_version"] and m["files"]["dataset.jsonl"]["records"] == EXPECTED["kept"]
    assert set(m["changelog_files"]) == {"changelog.json", "CHANGELOG.md"}
    assert verify_snapshot(snap) == []
    log = snap.changelog()
    assert log["previous"] is None and log["counts"]["added"] == EXPECTED["kept"]
    assert "first snapshot" in (snap.path / "CHANGELOG.md").read_text()


def test_files_are_read_only_and_latest_points_at_the_new_snapshot(tmp_path, stage_dirs):
    snap = write_snapshot(tmp_path, from_dirs(stage_dirs[0]), T1).snapshot
    for path in snap.path.iterdir():
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), path
    link = tmp_path / "snapshots" / "latest"
    assert link.is_symlink() and os.readlink(link) == snap.name
    assert latest(tmp_path).path == snap.path
    assert open_snapshot(tmp_path).path == snap.path == open_snapshot(tmp_path / "snapshots").path


def _content(manifest):
    return {k: v for k, v in manifest.items() if k != "changelog_files"}  # CHANGELOG.md names its snapshot


def test_same_inputs_give_the_same_content_and_no_second_snapshot(tmp_path, stage_dirs):
    a = write_snapshot(tmp_path / "a", from_dirs(*stage_dirs), T1).snapshot
    b = write_snapshot(tmp_path / "b", from_dirs(*stage_dirs), T2).snapshot
    assert a.manifest["content_hash"] == b.manifest["content_hash"] and a.name[-12:] == b.name[-12:]
    assert _content(a.manifest) == _content(b.manifest)
    for name in ("dataset.jsonl", "dropped.jsonl", "removed.jsonl", "changelog.json"):
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes()
    again = write_snapshot(tmp_path / "a", from_dirs(*stage_dirs), T2)
    assert not again.created and again.snapshot.path == a.path
    assert "nothing new" in again.message()
    assert [s.name for s in list_snapshots(tmp_path / "a")] == [a.name]


def test_a_changed_dataset_gets_a_new_snapshot_with_its_changelog(tmp_path):
    kept, dropped = filter_results()
    write_snapshot(tmp_path, from_dirs(write_filter_dir(tmp_path / "f1", kept, dropped)), T1)
    first = latest(tmp_path)
    gone, edited = kept[0], kept[1]
    new_task = edited.task.to_dict() | {"prompt": edited.task.prompt + "    # edited\n", "fingerprint": None}
    from sftmine.records import Task

    changed = filtered(Task.from_dict(new_task), 4, edited.passing)
    solved = filtered(dropped[0].task, 4, [kept[-2].passing[0]])  # newly solved (a sample, for the test)
    retargeted = filtered(kept[2].task, 4, kept[2].passing[:1] + [kept[3].passing[0]])
    second = write_snapshot(tmp_path, from_dirs(write_filter_dir(
        tmp_path / "f2", [changed, retargeted, solved] + kept[3:], [gone]), None), T2)
    assert second.created and second.snapshot.name > first.name
    log = second.changelog
    assert log["previous"] == first.name and log["previous_content_hash"] == first.manifest["content_hash"]
    assert [e["task_id"] for e in log["added"]] == [dropped[0].task.task_id]
    assert [e["task_id"] for e in log["removed"]] == [gone.task.task_id]
    assert log["changed"] == [{"task_id": edited.task.task_id, "old_fingerprint": edited.task.fingerprint,
                               "fingerprint": changed.task.fingerprint}]
    assert [e["task_id"] for e in log["targets_changed"]] == [kept[2].task.task_id]
    md = (second.snapshot.path / "CHANGELOG.md").read_text()
    assert f"against `{first.name}`" in md and f"`{gone.task.task_id}`" in md
    assert first.path.is_dir() and verify_snapshot(first) == []  # the old one is untouched
    assert latest(tmp_path).name == second.snapshot.name


def test_tampering_is_found(tmp_path, stage_dirs):
    snap = write_snapshot(tmp_path, from_dirs(stage_dirs[0]), T1).snapshot
    path = snap.path / "dataset.jsonl"
    path.chmod(0o644)
    path.write_text(path.read_text().replace("HumanEval/0", "HumanEval/X"))
    assert verify_snapshot(snap) == ["dataset.jsonl: content differs from the manifest's sha256"]
