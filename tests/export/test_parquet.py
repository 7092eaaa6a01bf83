import json

import pandas as pd

from sftmine.export import export


def test_parquet_reads_in_pandas_and_datasets(snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "train.parquet"
    result = export(snapshot, "parquet", str(out))
    frame = pd.read_parquet(out)
    assert len(frame) == result.rows == 12  # one target per task: its reference, else its samples
    assert {"task_id", "prompt", "completion", "tests", "n", "c", "pass_at_1", "rating"} <= set(frame.columns)
    row = frame[frame.task_id == "codeforces/9101/A"].iloc[0]
    assert (row.style, row.rating, row.n, row.c) == ("stdio", 800.0, 4, 1)
    assert json.loads(row.tests)[0]["stdin"] == "3\n"

    import datasets

    loaded = datasets.load_dataset("parquet", data_files=str(out), split="train", cache_dir=str(tmp_path / "hf"))
    assert loaded.num_rows == 12
    assert loaded.features["completion"].dtype == "string" and loaded.features["n"].dtype == "int64"
    assert sorted(loaded["task_id"]) == sorted(frame.task_id)


def test_parquet_to_an_fsspec_url(snapshot):
    import fsspec

    export(snapshot, "parquet", "memory://pq/train.parquet")
    with fsspec.open("memory://pq/train.parquet", "rb") as fh:
        assert len(pd.read_parquet(fh)) == 12
