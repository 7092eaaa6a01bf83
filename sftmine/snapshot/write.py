"""Writing a snapshot: built in a hidden temporary folder, renamed into place whole, never modified.

Under a lock on ROOT/snapshots the data files are written and hashed first; when the newest snapshot
with that content hash is the latest (or newer: a run killed before it moved `latest`), it is reused and
only `latest` moves. Otherwise the changelog against the latest is added, files are made read-only, and
the folder is renamed to `<UTC time>-<content hash[:12]>`. `latest` is a symlink replaced atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sftmine.snapshot import changelog, manifest
from sftmine.snapshot.inputs import SnapshotInputs
from sftmine.snapshot.layout import (
    CHANGELOG_JSON,
    CHANGELOG_MD,
    DATASET,
    DROPPED,
    LATEST,
    MANIFEST,
    REMOVED,
    Snapshot,
    latest,
    list_snapshots,
    snapshots_dir,
)
from sftmine.store import RunLock, atomic_path, write_json, write_jsonl


@dataclass
class SnapshotResult:
    snapshot: Snapshot
    created: bool  # False: an identical snapshot was already there
    changelog: dict[str, Any]

    def message(self) -> str:
        c = self.changelog["counts"]
        state = "written" if self.created else "unchanged, nothing new to write"
        return (f"snapshot {self.snapshot.path} ({state}): {self.snapshot.manifest['tasks']['kept']} tasks; "
                f"added {c['added']}, removed {c['removed']}, changed {c['changed']}")


def write_snapshot(root: Path, inputs: SnapshotInputs, now: datetime | None = None,
                   progress: bool = False) -> SnapshotResult:
    """The snapshot of `inputs` under ROOT, through the snapshot stage (sftmine.snapshot.stage)."""
    from sftmine.snapshot.stage import SnapshotSettings, SnapshotStage
    from sftmine.stages import run_stage, scratch

    runtime = {"root": Path(root), "inputs": inputs, "now": now or datetime.now(timezone.utc)}
    with scratch("snapshot") as files:
        result = run_stage(SnapshotStage, SnapshotSettings(), [*inputs.kept, *inputs.dropped], files, runtime,
                           progress=progress)
    return result.written


def commit(root: Path, inputs: SnapshotInputs, now: datetime) -> SnapshotResult:
    """Write the dataset folder of `inputs` (or find the one with its content) and point `latest` at it."""
    folder = snapshots_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with RunLock(folder):
        for stale in folder.glob(".tmp-*"):  # left by a killed run; the lock says none is running
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
        try:
            return _write(root, folder, tmp, inputs, now)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _write(root: Path, folder: Path, tmp: Path, inputs: SnapshotInputs, now: datetime) -> SnapshotResult:
    kept = sorted(inputs.kept, key=lambda r: r.task.task_id)
    data = _write_data(tmp, kept, inputs)
    meta = manifest.build(inputs, data)
    previous = latest(root)
    same = [s for s in list_snapshots(root) if s.manifest.get("content_hash") == meta["content_hash"]]
    if same and (previous is None or same[-1].name >= previous.name):
        _point_latest(folder, same[-1].name)
        return SnapshotResult(same[-1], False, same[-1].changelog())
    name = f"{now.astimezone(timezone.utc):%Y-%m-%dT%H%MZ}-{meta['content_hash'][:12]}"
    if (folder / name).exists():
        raise FileExistsError(f"{folder / name} exists with other content")  # needs a hash collision
    log = changelog.diff(changelog.index(kept), previous)
    write_json(tmp / CHANGELOG_JSON, log)
    with atomic_path(tmp / CHANGELOG_MD) as path:
        path.write_text(changelog.markdown(name, log), encoding="utf-8")
    meta["changelog_files"] = {n: manifest.file_entry(tmp / n) for n in (CHANGELOG_JSON, CHANGELOG_MD)}
    write_json(tmp / MANIFEST, meta)
    _seal(tmp)
    os.rename(tmp, folder / name)
    (folder / name).chmod(0o555)  # after the rename, which needs the folder writable; no file added later
    _fsync_dir(folder)
    _point_latest(folder, name)
    return SnapshotResult(Snapshot((folder / name).resolve(), meta), True, log)


def _write_data(tmp: Path, kept: list[Any], inputs: SnapshotInputs) -> dict[str, dict[str, Any]]:
    files = {
        DATASET: write_jsonl(tmp / DATASET, kept),
        DROPPED: write_jsonl(tmp / DROPPED, sorted(inputs.dropped, key=lambda r: r.task.task_id)),
    }
    if inputs.dedup is not None:
        files[REMOVED] = write_jsonl(tmp / REMOVED, sorted(inputs.removed, key=lambda r: (r["task_id"], r["reason"])))
    return {name: manifest.file_entry(tmp / name, count) for name, count in files.items()}


def _seal(folder: Path) -> None:
    """Read-only files, synced, so a snapshot in place is complete and not edited by accident."""
    for path in folder.iterdir():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
        path.chmod(0o444)
    folder.chmod(0o755)  # mkdtemp makes it 0700; read-only (0555) once it is in place
    _fsync_dir(folder)


def _point_latest(folder: Path, name: str) -> None:
    tmp = folder / f".{LATEST}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(name)
    os.replace(tmp, folder / LATEST)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
