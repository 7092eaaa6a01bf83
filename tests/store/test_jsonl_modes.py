"""Output files are readable by the team like the exports (0644 under the usual umask), not mkstemp's 0600."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.store import atomic_path, write_json, write_jsonl


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_every_writer_leaves_0644(tmp_path, umask_022):
    write_jsonl(tmp_path / "a.jsonl", [{"x": 1}])
    write_json(tmp_path / "b.json", {"x": 1})
    with atomic_path(tmp_path / "c.txt") as tmp:
        tmp.write_text("c")
    assert [_mode(tmp_path / n) for n in ("a.jsonl", "b.json", "c.txt")] == [0o644] * 3


def test_the_umask_is_honoured(tmp_path):
    old = os.umask(0o077)
    try:
        write_json(tmp_path / "private.json", {})
    finally:
        os.umask(old)
    assert _mode(tmp_path / "private.json") == 0o600


def test_command_outputs_are_0644(tmp_path, umask_022):
    assert CliRunner().invoke(main, ["import", "humaneval", "--out", str(tmp_path / "t.jsonl")]).exit_code == 0
    assert _mode(tmp_path / "t.jsonl") == 0o644
