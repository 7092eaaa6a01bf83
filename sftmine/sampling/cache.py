"""The sample cache: one SQLite row per (task fingerprint, model, sampling params, sample index).

A sample is stored the moment it is generated, so a killed run loses at most the samples in flight, and a
rerun or a larger n generates only the indices that are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sftmine.records import Sample, stable_hash
from sftmine.store import Cache, MemoryCache

TABLE = "samples"


class SampleCache:
    def __init__(self, store: str | Path | Cache | MemoryCache) -> None:
        """`store`: a SQLite file, or the sample stage's memo (the file's table, or entries sent along)."""
        self._db = Cache(store, table=TABLE) if isinstance(store, (str, Path)) else store

    @staticmethod
    def key(fingerprint: str, model: str, params: dict[str, Any], index: int, prompt: str = "") -> str:
        """`prompt` is a digest of what the model is shown, so changing an instruction template misses."""
        return stable_hash({"fingerprint": fingerprint, "model": model, "params": params, "index": index,
                            "prompt": prompt})

    def get_many(self, keys: list[str]) -> dict[str, Sample]:
        return {k: Sample.from_dict(v) for k, v in self._db.get_many(keys).items()}

    def put(self, key: str, sample: Sample) -> None:
        self._db.put(key, sample.to_dict())

    def __len__(self) -> int:
        return len(self._db)

    def close(self) -> None:
        self._db.close()
