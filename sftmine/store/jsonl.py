"""JSONL and Parquet files of records, written atomically so a killed run leaves no half record.

The one module that reads and writes them: every JSON line is written by `dumps_line` and read by
`json_lines`, Parquet goes through `iter_parquet` and `write_parquet_batches`. A path `-` is standard
input, a `.gz` file is read through gzip, and text that is not UTF-8 is one error naming the file and
the byte offset, never a traceback.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from sftmine.errors import InputFileError, RecordError
from sftmine.records import Record

R = TypeVar("R", bound=Record)


def read_text(path: str | Path) -> str:
    """A whole UTF-8 text file (`-`: standard input; `.gz`: gzip), or one error naming the bad byte."""
    with _binary(path) as fh:
        data = fh.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc.start) from None


def json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of every non-blank line of a JSONL file."""
    offset = 0
    with _binary(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _not_utf8(path, offset + exc.start) from None
            offset += len(raw)
            if line.strip():
                yield lineno, _loads(line, f"{path}:{lineno}: not a JSON line")


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    for _lineno, obj in json_lines(path):
        yield obj


def json_rows(path: str | Path) -> Iterator[Any]:
    """The rows of a JSON-lines file, or of a file holding one JSON array."""
    with _binary(path) as fh:
        array = fh.read(1) == b"["
    if array:
        yield from _loads(read_text(path), f"{path}: the array is not JSON")
    else:
        yield from read_jsonl(path)


def loads_lines(text: str, name: str) -> list[Any]:
    """The values of JSONL text already in memory (a shard fetched from an fsspec URL)."""
    return [_loads(line, f"{name}:{n}: not a JSON line") for n, line in enumerate(text.splitlines(), 1)
            if line.strip()]


def dumps_line(obj: Any) -> str:
    """One JSON line, newline included; keys sorted, so equal records are equal bytes."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"


def read_records(path: str | Path, cls: type[R]) -> Iterator[R]:
    for lineno, obj in json_lines(path):
        try:
            yield cls.from_dict(obj)
        except RecordError as exc:
            raise InputFileError(f"{path}:{lineno}: {exc}") from None


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide outputs from the rest of a team
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def write_jsonl(path: str | Path, rows: Iterable[Record | dict[str, Any]]) -> int:
    count = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(dumps_line(row.to_dict() if isinstance(row, Record) else row))
            count += 1
        fh.flush()
        os.fsync(fh.fileno())
    return count


def write_json(path: str | Path, obj: Any) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def iter_parquet(path: str | Path, batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file, a record batch at a time: a multi-gigabyte file never sits in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
            yield from batch.to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise InputFileError(f"{path}: not a readable Parquet file ({exc})") from None


def write_parquet_batches(rows: Iterable[dict[str, Any]], fh: IO[bytes], columns: Iterable[tuple[str, str]],
                          batch_size: int = 1000) -> int:
    """Rows as Parquet into an open binary file, with (name, pyarrow type) columns, a batch at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(fh, schema) as writer:
        for batch in _batches(rows, batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def write_parquet(path: str | Path, rows: Iterable[Record]) -> int:
    """Nested fields are stored as JSON text, named in the file's metadata, so any record fits one flat schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dicts = [r.to_dict() for r in rows]
    nested = sorted({k for d in dicts for k, v in d.items() if isinstance(v, (dict, list))})
    flat = [{k: json.dumps(v, ensure_ascii=False, sort_keys=True) if k in nested else v for k, v in d.items()}
            for d in dicts]
    table = pa.Table.from_pylist(flat)
    table = table.replace_schema_metadata({_META_KEY: json.dumps(nested)})
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return len(flat)


def read_parquet(path: str | Path, cls: type[R]) -> list[R]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    nested = set(json.loads((table.schema.metadata or {}).get(_META_KEY.encode(), b"[]")))
    return [cls.from_dict({k: json.loads(v) if k in nested and v is not None else v for k, v in row.items()})
            for row in table.to_pylist()]


_META_KEY = "sftmine.json_columns"


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{where} ({exc.msg})") from None


def _not_utf8(path: str | Path, offset: int) -> InputFileError:
    name = "standard input" if str(path) == "-" else str(path)
    return InputFileError(f"{name}: not UTF-8 text at byte {offset}; convert it first, e.g. "
                          "`iconv -f latin1 -t utf-8`")


@contextmanager
def _binary(path: str | Path) -> Iterator[IO[bytes]]:
    if str(path) == "-":
        yield sys.stdin.buffer
        return
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        fh: IO[bytes] = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")  # type: ignore[assignment]
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        yield fh
