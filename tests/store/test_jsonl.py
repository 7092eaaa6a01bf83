"""The one JSONL/Parquet module: standard input, gzip, JSON arrays, and non-UTF-8 input as one line."""

from __future__ import annotations

import gzip
import io
import sys

import pytest

from sftmine.errors import InputFileError
from sftmine.store.jsonl import (
    dumps_line,
    iter_parquet,
    json_rows,
    loads_lines,
    read_jsonl,
    read_text,
    write_parquet_batches,
)


def test_lines_from_a_file_gzip_and_standard_input(tmp_path, monkeypatch):
    (tmp_path / "a.jsonl").write_text('{"a": 1}\n\n{"a": 2}\n')
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"a": 3}\n'))
    assert list(read_jsonl(tmp_path / "a.jsonl")) == [{"a": 1}, {"a": 2}]
    assert list(read_jsonl(tmp_path / "a.jsonl.gz")) == [{"a": 3}]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a": 4}\n')))
    assert list(read_jsonl("-")) == [{"a": 4}]


def test_a_json_array_or_json_lines(tmp_path):
    (tmp_path / "rows.json").write_text('[{"a": 1}, {"a": 2}]')
    (tmp_path / "rows.jsonl").write_text('{"a": 1}\n{"a": 2}\n')
    assert list(json_rows(tmp_path / "rows.json")) == list(json_rows(tmp_path / "rows.jsonl"))


@pytest.mark.parametrize("content, offset", [(b"caf\xe9\n", 3), (b'{"a": 1}\n{"b": "\xff"}\n', 16)])
def test_non_utf8_is_one_line_naming_the_file_and_the_byte(tmp_path, content, offset):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(content)
    for read in (lambda: list(read_jsonl(path)), lambda: read_text(path)):
        with pytest.raises(InputFileError) as info:
            read()
        assert str(info.value).startswith(f"{path}: not UTF-8 text at byte {offset}; ")
        assert "\n" not in str(info.value)


def test_a_bad_line_names_the_file_and_the_line(tmp_path):
    with pytest.raises(InputFileError, match=r"^shard-1.jsonl:2: not a JSON line \(Expecting value\)$"):
        loads_lines('{"a": 1}\nnope\n', "shard-1.jsonl")
    assert loads_lines(dumps_line({"b": 1, "a": "é"}), "x") == [{"a": "é", "b": 1}]
    assert dumps_line({"b": 1, "a": "é"}) == '{"a": "é", "b": 1}\n'


def test_parquet_batches_round_trip(tmp_path):
    path = tmp_path / "rows.parquet"
    rows = [{"id": str(i), "n": i} for i in range(5)]
    with path.open("wb") as fh:
        assert write_parquet_batches(rows, fh, [("id", "string"), ("n", "int64")], batch_size=2) == 5
    assert list(iter_parquet(path, batch_size=2)) == rows
    path.write_text("not parquet")
    with pytest.raises(InputFileError, match="not a readable Parquet file"):
        list(iter_parquet(path))
