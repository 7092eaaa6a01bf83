"""Dataset files: JSONL, gzipped JSONL, a JSON array, Parquet, folders; clear errors for the rest."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sftmine.errors import InputFileError
from sftmine.importers.files import json_field, read_rows

ROWS = [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]


def test_every_format_gives_the_same_rows(tmp_path):
    (tmp_path / "one.jsonl").write_text("".join(json.dumps(r) + "\n\n" for r in ROWS))
    with gzip.open(tmp_path / "two.jsonl.gz", "wt") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in ROWS))
    (tmp_path / "three.json").write_text(json.dumps(ROWS))
    pq.write_table(pa.Table.from_pylist(ROWS), tmp_path / "four.parquet")
    (tmp_path / "notes.txt").write_text("ignored")
    for name in ("one.jsonl", "two.jsonl.gz", "three.json", "four.parquet"):
        assert [row for _, _, row in read_rows(tmp_path / name)] == ROWS
    everything = list(read_rows(tmp_path))
    assert [(f.name, i) for f, i, _ in everything][:2] == [("four.parquet", 0), ("four.parquet", 1)]
    assert len(everything) == 8


@pytest.mark.parametrize("name, content, message", [
    ("bad.jsonl", '{"a": 1}\n{oops\n', "bad.jsonl:2: not a JSON line"),
    ("bad.parquet", "not parquet", "not a readable Parquet file"),
    ("rows.jsonl", "[1, 2]", "row 0 is not an object"),
    ("data.csv", "a,b", "unknown format")])
def test_errors_name_the_file_and_the_problem(tmp_path, name, content, message):
    (tmp_path / name).write_text(content)
    with pytest.raises(InputFileError, match=message):
        list(read_rows(tmp_path / name))


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        list(read_rows(tmp_path / "nope.jsonl"))
    with pytest.raises(InputFileError, match="no .jsonl"):
        list(read_rows(tmp_path))


def test_json_field_accepts_text_or_objects():
    assert json_field('{"x": [1]}', {}) == {"x": [1]}
    assert json_field({"x": 1}, {}) == {"x": 1}
    assert json_field("", []) == [] and json_field("{broken", []) == [] and json_field(None, {}) == {}
