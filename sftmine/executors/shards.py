"""Shard outputs on a path or fsspec URL that every worker reaches, and the loop that runs missing shards.

    SHARDS/shard-00000.jsonl    the shard's output records (written first)
    SHARDS/shard-00000.done     JSON: the digest of the shard's inputs and settings, and its counts

A shard counts as done only when its marker exists and names the same digest, so a restarted run skips
finished shards and a shard whose inputs changed runs again.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from tqdm import tqdm

from sftmine.executors.base import Executor, WorkerGroup, WorkerSpec
from sftmine.executors.config import ExecutorConfig
from sftmine.records import stable_hash
from sftmine.store.jsonl import dumps_line, loads_lines


@dataclass(frozen=True)
class Shard:
    index: int
    digest: str
    data: Any


class ShardStore:
    def __init__(self, url: str) -> None:
        self.url = str(url)
        self.fs, self.root = fsspec.core.url_to_fs(self.url)

    def _path(self, index: int, ext: str) -> str:
        return f"{self.root.rstrip('/')}/shard-{index:05d}.{ext}"

    def marker(self, index: int) -> dict[str, Any] | None:
        try:
            return json.loads(self.fs.cat_file(self._path(index, "done")))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def is_done(self, index: int, digest: str) -> bool:
        marker = self.marker(index)
        return marker is not None and marker.get("digest") == digest

    def write(self, index: int, digest: str, records: list[dict[str, Any]], info: dict[str, Any]) -> None:
        self.fs.makedirs(self.root, exist_ok=True)
        if self.fs.exists(self._path(index, "done")):  # a stale marker must not vouch for the new output
            self.fs.rm(self._path(index, "done"))
        body = "".join(map(dumps_line, records))
        self._put(self._path(index, "jsonl"), body)
        self._put(self._path(index, "done"), json.dumps({"digest": digest, "info": info}, sort_keys=True))

    def _put(self, path: str, text: str) -> None:
        tmp = f"{path}.tmp-{uuid.uuid4().hex}"
        self.fs.pipe_file(tmp, text.encode("utf-8"))
        self.fs.mv(tmp, path)  # a rename on a file system: readers never see half a file

    def read(self, index: int) -> list[dict[str, Any]]:
        path = self._path(index, "jsonl")
        return loads_lines(self.fs.cat_file(path).decode("utf-8"), path)


class ShardWorker:
    """Base of a stage's worker: `process` one shard's data; the output and marker are written here."""

    def __init__(self, store_url: str) -> None:
        self.store = ShardStore(store_url)

    def process(self, data: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        raise NotImplementedError

    def run(self, shard: Shard) -> dict[str, Any]:
        start = time.perf_counter()
        records, info = self.process(shard.data)
        info = {**info, "shard_seconds": round(time.perf_counter() - start, 3)}
        self.store.write(shard.index, shard.digest, records, info)
        return info

    def close(self) -> None:
        pass


def shard_digest(*parts: Any) -> str:
    return stable_hash(list(parts))


Prepare = Callable[[WorkerGroup, list[Any]], list[Any]]


def shard_url(config: ExecutorConfig, run_dir: Path, stage: str) -> str:
    """Where a stage's shard outputs go: the executor's shard_dir, else RUN/shards, then the stage's name."""
    base = config.shard_dir or str((run_dir / "shards").resolve())
    return f"{base.rstrip('/')}/{stage}"


def run_on_workers(executor: Executor, spec: WorkerSpec, payloads: list[Any], desc: str, total: int,
                   progress: bool = True, prepare: Prepare | None = None, unit: str = "shard",
                   on_result: Callable[[int, Any], None] | None = None,
                   sizes: list[int] | None = None) -> list[Any]:
    """Run `payloads` on a group of workers (none started if there is nothing to run); their results.

    `total` counts the finished ones too, for the progress bar, in payloads or, given `sizes` (the units of
    each payload), in units; `prepare` may fill in the payloads once the workers are up; `on_result(position,
    result)` sees each result as it arrives. On an error or Ctrl-C the other workers are ended at once, not
    after their shards.
    """
    results: list[Any] = []
    left = sum(sizes) if sizes is not None else len(payloads)
    with tqdm(total=total, initial=total - left, desc=desc, unit=unit, file=sys.stderr,
              disable=None if progress else True) as bar:
        if payloads:
            group = executor.group(spec, len(payloads))
            try:
                for pos, result in group.map(prepare(group, payloads) if prepare else payloads):
                    if on_result:
                        on_result(pos, result)
                    results.append(result)
                    bar.update(sizes[pos] if sizes is not None else 1)
            except BaseException:
                group.close(wait=False)
                raise
            group.close()
    return results


def run_shards(executor: Executor, spec: WorkerSpec, store: ShardStore, shards: list[Shard], desc: str,
               progress: bool = True, prepare: Prepare | None = None) -> dict[str, Any]:
    """Run every shard not yet done; returns {"run": n, "skipped": n, "infos": [the info of each shard run now]}."""
    todo = [s for s in shards if not store.is_done(s.index, s.digest)]
    infos = run_on_workers(executor, spec, todo, desc, len(shards), progress, prepare)
    return {"run": len(todo), "skipped": len(shards) - len(todo), "infos": infos}
