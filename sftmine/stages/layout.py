"""The files one stage run leaves, named in one place.

    OUT.jsonl             the stage's output records (written whole, at the end, atomically)
    OUT.dropped.jsonl     the dropped input records, each with its reason
    OUT.stats.json        the funnel (seen, kept, dropped by reason, the stage's own counts) and timing
    OUT.cache.sqlite      finished records' outcomes, keyed by the stage's digest and the input record
    .OUT.lock             held while a run writes these files (hidden, like a run folder's .lock); a
                          stage that owns its folder (trace) names the folder's .lock instead

A stage whose output lives elsewhere (an export's file, a snapshot's folder, a report) runs on `scratch()`
files: the runner's own go to a temporary folder removed after the run (a loader globbing an export's
folder for *.jsonl must not pick up a dropped list); the funnel and stats come back in the result.

A refresh names OUT (`tests/tasks.jsonl`) and may put the cache with its other caches (`cache/`). A stage
that keeps a memo (sftmine.stages.base) names its file; one whose folder predates this layout names its
dropped and stats files too (the judge's DIR/kept.jsonl, DIR/dropped.jsonl, DIR/stats.json).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StageFiles:
    output: Path
    cache_path: Path | None = None
    memo: Path | None = None
    dropped_path: Path | None = None
    stats_path: Path | None = None
    lock_path: Path | None = None

    def _beside(self, suffix: str) -> Path:
        return self.output.with_name(self.output.stem + suffix)

    @property
    def dropped(self) -> Path:
        return self.dropped_path or self._beside(".dropped.jsonl")

    @property
    def stats(self) -> Path:
        return self.stats_path or self._beside(".stats.json")

    @property
    def cache(self) -> Path:
        return self.cache_path or self.output.with_name(self.output.name + ".cache.sqlite")

    @property
    def lock(self) -> Path:
        return self.lock_path or self.output.with_name(f".{self.output.name}.lock")


@contextmanager
def scratch(what: str) -> Iterator[StageFiles]:
    """Files in a temporary folder, removed when the block ends (see above)."""
    folder = Path(tempfile.mkdtemp(prefix=f"sftmine-{what}-"))
    try:
        yield StageFiles(folder / "records.jsonl")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
