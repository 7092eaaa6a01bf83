"""Raw problems on disk: one JSONL shard per committed batch, and OUT/raw.jsonl merging every site."""

from __future__ import annotations

from pathlib import Path

from sftmine.scrape.state import ScrapeState
from sftmine.store.jsonl import read_jsonl, write_jsonl

RAW = "raw.jsonl"


def shard_path(site_dir: Path, index: int) -> Path:
    return site_dir / f"shard-{index:05d}.jsonl"


def merge(out: Path) -> int:
    """Rewrite OUT/raw.jsonl from the committed shards of every site in OUT; one record per problem."""
    merged: dict[tuple[str, str], dict] = {}
    for state_path in sorted(out.glob("*/state.json")):
        state = ScrapeState.load(state_path, state_path.parent.name)
        for index in range(state.shards):  # a shard past `shards` was cut off by a kill: not committed
            path = shard_path(state_path.parent, index)
            if path.is_file():
                merged.update(((r["site"], r["problem_id"]), r) for r in read_jsonl(path))
    return write_jsonl(out / RAW, merged.values())
