"""What a snapshot directory holds, and how to open one a user names on the command line.

    ROOT/snapshots/2026-11-23T0300Z-1a2b3c4d5e6f/   one snapshot (never rewritten once in place)
        dataset.jsonl     kept tasks: FilteredTask records with their passing samples, by task id
        dropped.jsonl     tasks the filter dropped: FilteredTask records with n, c and the reason
        removed.jsonl     tasks dedup removed, with reason and match (when the dedup stage ran)
        manifest.json     counts per source and stage, drop reasons, config, model, version, hashes
        changelog.json    tasks added, removed and changed against the previous snapshot
        CHANGELOG.md      the same, for people
    ROOT/snapshots/latest -> 2026-11-23T0300Z-1a2b3c4d5e6f
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.errors import InputFileError
from sftmine.records import FilteredTask
from sftmine.store import read_jsonl, read_records

SNAPSHOTS, LATEST = "snapshots", "latest"
DATASET, DROPPED, REMOVED = "dataset.jsonl", "dropped.jsonl", "removed.jsonl"
MANIFEST, CHANGELOG_JSON, CHANGELOG_MD = "manifest.json", "changelog.json", "CHANGELOG.md"
FORMAT = "sftmine-snapshot/1"


@dataclass(frozen=True)
class Snapshot:
    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    def kept(self) -> Iterator[FilteredTask]:
        return read_records(self.path / DATASET, FilteredTask)

    def dropped(self) -> Iterator[FilteredTask]:
        return read_records(self.path / DROPPED, FilteredTask)

    def removed(self) -> Iterator[dict[str, Any]]:
        path = self.path / REMOVED
        return read_jsonl(path) if path.is_file() else iter(())

    def changelog(self) -> dict[str, Any]:
        return json.loads((self.path / CHANGELOG_JSON).read_text(encoding="utf-8"))


def snapshots_dir(root: Path) -> Path:
    return Path(root) / SNAPSHOTS


def open_snapshot(path: str | Path) -> Snapshot:
    """A snapshot directory, or a refresh output directory / its snapshots folder (then: the latest)."""
    path = Path(path)
    if not path.is_dir():
        raise InputFileError(f"{path}: no such snapshot directory; pass one made by `sftmine snapshot`")
    for candidate in (path, path / LATEST, path / SNAPSHOTS / LATEST):
        if (candidate / MANIFEST).is_file():
            return _load(candidate)
    raise InputFileError(f"{path}: not an sftmine snapshot (no {MANIFEST}); pass a directory made by "
                         f"`sftmine snapshot`, or the --out folder that holds {SNAPSHOTS}/{LATEST}")


def _load(path: Path) -> Snapshot:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path / MANIFEST}: unreadable snapshot manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputFileError(f"{path / MANIFEST}: not a {FORMAT} manifest")
    for name in (DATASET, DROPPED):
        if not (path / name).is_file():
            raise InputFileError(f"{path}: snapshot is missing {name}; it was not made by `sftmine snapshot`")
    return Snapshot(path.resolve(), manifest)


def list_snapshots(root: Path) -> list[Snapshot]:
    """Every complete snapshot under ROOT/snapshots, oldest first (names start with their UTC time)."""
    folder = snapshots_dir(root)
    if not folder.is_dir():
        return []
    return [_load(p) for p in sorted(folder.iterdir())
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and (p / MANIFEST).is_file()]


def latest(root: Path) -> Snapshot | None:
    link = snapshots_dir(root) / LATEST
    return _load(link) if (link / MANIFEST).is_file() else None
