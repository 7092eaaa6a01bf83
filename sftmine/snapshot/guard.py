"""Snapshots are read-only: no output of any command may land inside one.

A path is inside a snapshot when it, or any folder above it (after following links such as
`snapshots/latest`), holds a snapshot manifest. Remote fsspec URLs are not checked: a snapshot is a
local folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from sftmine.errors import ConfigError
from sftmine.snapshot.layout import FORMAT, MANIFEST


def snapshot_containing(target: str | Path) -> Path | None:
    """The snapshot folder `target` lies in (or is), else None."""
    text = str(target)
    if "://" in text:
        protocol, _, rest = text.partition("://")
        if protocol != "file":
            return None
        text = rest
    path = Path(text).expanduser().resolve()
    for folder in (path, *path.parents):
        if _is_snapshot(folder):
            return folder
    return None


def _is_snapshot(folder: Path) -> bool:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def refuse_inside_snapshot(target: str | Path, what: str = "--out") -> None:
    snapshot = snapshot_containing(target)
    if snapshot is not None:
        raise ConfigError(f"{what} {target}: inside the read-only snapshot {snapshot}; write outside it, "
                          f"e.g. beside its snapshots folder")
