"""What a snapshot is made of, read from the stage directories that produced it.

The filter directory gives kept.jsonl, dropped.jsonl, stats.json and, where it has one, verdicts.jsonl
(for the samples that generated tests caught; see sftmine.filter.run); a dedup
directory, when given, its funnel.json and removed.jsonl (see sftmine.dedup.run). Only what decides the
dataset enters the snapshot: counts are recomputed from the records, and run-time figures (cache hits,
timings) are left out so the same inputs always give the same content hash.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.errors import InputFileError
from sftmine.records import FilteredTask, Origin, Verdict
from sftmine.store import read_jsonl, read_records

KEPT, DROPPED, STATS, VERDICTS = "kept.jsonl", "dropped.jsonl", "stats.json", "verdicts.jsonl"
DEDUP_FUNNEL, DEDUP_REMOVED = "funnel.json", "removed.jsonl"
MODEL_KEYS = ("backend", "model", "params", "n")
CONFIG_KEYS = ("repeat", "policy", "sandbox")


@dataclass
class SnapshotInputs:
    kept: list[FilteredTask]
    dropped: list[FilteredTask]
    model: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    dedup: dict[str, Any] | None = None  # the dedup stage's funnel.json
    removed: list[dict[str, Any]] = field(default_factory=list)
    caught: dict[str, int] = field(default_factory=dict)  # task id -> samples only generated tests failed


def from_dirs(filter_dir: Path, dedup_dir: Path | None = None, config: dict[str, Any] | None = None
              ) -> SnapshotInputs:
    """Read a filter stage's output (and a dedup stage's); `config` is recorded as given (e.g. the
    pipeline file), beside the filter's own settings."""
    filter_dir = Path(filter_dir)
    if not filter_dir.is_dir():
        raise InputFileError(f"{filter_dir}: no such directory; pass the output directory of `sftmine filter`")
    for name in (KEPT, DROPPED):
        if not (filter_dir / name).is_file():
            raise InputFileError(f"{filter_dir / name}: missing; pass the output directory of "
                                 f"`sftmine filter` or `sftmine judge` (it holds {KEPT}, {DROPPED}, {STATS})")
    stats = _json(filter_dir / STATS) if (filter_dir / STATS).is_file() else {}
    inputs = SnapshotInputs(
        kept=list(read_records(filter_dir / KEPT, FilteredTask)),
        dropped=list(read_records(filter_dir / DROPPED, FilteredTask)),
        model={k: stats[k] for k in MODEL_KEYS if k in stats},
        config={"filter": {k: stats[k] for k in CONFIG_KEYS if k in stats}, **({"pipeline": config} if config else {})},
    )
    if (filter_dir / VERDICTS).is_file():
        inputs.caught = _caught(filter_dir / VERDICTS)
    if dedup_dir is not None:
        _add_dedup(inputs, Path(dedup_dir))
    return inputs


def _caught(path: Path) -> dict[str, int]:
    """Per task, the first-round verdicts that failed on generated cases only (the originals run first)."""
    caught = Counter(v.task_id for v in read_records(path, Verdict) if v.failed_origin == Origin.GENERATED.value)
    return dict(sorted(caught.items()))


def _add_dedup(inputs: SnapshotInputs, dedup_dir: Path) -> None:
    if not (dedup_dir / DEDUP_FUNNEL).is_file():
        raise InputFileError(f"{dedup_dir / DEDUP_FUNNEL}: missing; pass the output directory of `sftmine dedup`")
    inputs.dedup = _json(dedup_dir / DEDUP_FUNNEL)
    inputs.config["dedup"] = inputs.dedup.get("settings", {})
    if (dedup_dir / DEDUP_REMOVED).is_file():
        inputs.removed = list(read_jsonl(dedup_dir / DEDUP_REMOVED))


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected a JSON object")
    return data
