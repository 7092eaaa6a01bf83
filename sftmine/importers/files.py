"""Rows of a local dataset file: JSONL (optionally gzipped), a JSON array, or Parquet; or a folder of them.

Parquet is read one record batch at a time, so a multi-gigabyte CodeContests shard never sits in memory
whole. Columns that hold JSON text in one export and objects in another go through `json_field`.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sftmine.errors import InputFileError

SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".parquet")


def dataset_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
        if not files:
            raise InputFileError(f"{path}: no {', '.join(SUFFIXES)} files in this directory")
        return files
    if not path.is_file():
        raise InputFileError(f"{path}: no such file or directory")
    if not path.name.endswith(SUFFIXES):
        raise InputFileError(f"{path}: unknown format; expected one of {', '.join(SUFFIXES)}")
    return [path]


def read_rows(path: Path) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """(file, row number from 0, row) for every row of every dataset file under `path`."""
    for file in dataset_files(path):
        rows = _parquet(file) if file.name.endswith(".parquet") else _json_rows(file)
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputFileError(f"{file}: row {index} is not an object")
            yield file, index, row


@contextmanager
def row_of(file: Path, index: int, kind: str) -> Iterator[None]:
    """Turn a row that breaks its importer (a file of another format) into a one-line error naming it."""
    try:
        yield
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise InputFileError(f"{file}: row {index} is not {kind} row ({type(exc).__name__}: {exc}); "
                             "is the file of another format?") from None


def json_field(value: Any, default: Any) -> Any:
    """A column that is JSON text in one export and an object in another; `default` when empty or broken."""
    if value is None or value == "":
        return default
    if isinstance(value, (bytes, str)):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return value


def _json_rows(file: Path) -> Iterator[Any]:
    opener = gzip.open if file.name.endswith(".gz") else open
    try:
        with opener(file, "rt", encoding="utf-8") as fh:
            if fh.read(1) == "[":  # one JSON array rather than JSON lines
                fh.seek(0)
                yield from _loads(file, fh.read(), "the array")
                return
            fh.seek(0)
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield _loads(file, line, f"line {lineno}")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{file}: cannot read ({exc})") from None


def _loads(file: Path, text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{file}: {where} is not JSON ({exc.msg})") from None


def _parquet(file: Path) -> Iterator[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(file)
        for batch in reader.iter_batches(batch_size=256):
            yield from batch.to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise InputFileError(f"{file}: not a readable Parquet file ({exc})") from None
