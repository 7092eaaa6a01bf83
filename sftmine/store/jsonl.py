"""JSONL and Parquet files of records, written atomically so a killed run leaves no half record."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sftmine.errors import InputFileError, RecordError
from sftmine.records import Record

R = TypeVar("R", bound=Record)


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFileError(f"{path}:{lineno}: not a JSON line ({exc.msg})") from None


def read_records(path: str | Path, cls: type[R]) -> Iterator[R]:
    for lineno, obj in enumerate(read_jsonl(path), 1):
        try:
            yield cls.from_dict(obj)
        except RecordError as exc:
            raise InputFileError(f"{path}: record {lineno}: {exc}") from None


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
            obj = row.to_dict() if isinstance(row, Record) else row
            fh.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        fh.flush()
        os.fsync(fh.fileno())
    return count


def write_json(path: str | Path, obj: Any) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


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
