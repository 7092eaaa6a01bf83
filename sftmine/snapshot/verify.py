"""Is a snapshot what its manifest says: every file's hash, and the content hash over the manifest?"""

from __future__ import annotations

from sftmine.records import stable_hash
from sftmine.snapshot.layout import Snapshot
from sftmine.snapshot.manifest import file_entry


def verify_snapshot(snapshot: Snapshot) -> list[str]:
    """Problems found, one line each; empty when the snapshot is intact."""
    meta = snapshot.manifest
    problems = []
    for group in ("files", "changelog_files"):
        for name, entry in meta.get(group, {}).items():
            path = snapshot.path / name
            if not path.is_file():
                problems.append(f"{name}: missing")
            elif file_entry(path)["sha256"] != entry.get("sha256"):
                problems.append(f"{name}: content differs from the manifest's sha256")
    content = {k: v for k, v in meta.items() if k not in ("content_hash", "changelog_files")}
    if stable_hash(content) != meta.get("content_hash"):
        problems.append("manifest.json: content_hash does not match the manifest")
    return problems

