"""Snapshots: dated, immutable dataset directories with a manifest (counts, config, model, hashes) and a
changelog against the one before."""

from sftmine.snapshot.inputs import SnapshotInputs, from_dirs
from sftmine.snapshot.layout import Snapshot, latest, list_snapshots, open_snapshot
from sftmine.snapshot.verify import verify_snapshot
from sftmine.snapshot.write import SnapshotResult, write_snapshot

__all__ = ["Snapshot", "SnapshotInputs", "SnapshotResult", "from_dirs", "latest", "list_snapshots",
           "open_snapshot", "verify_snapshot", "write_snapshot"]
