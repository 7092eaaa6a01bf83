"""Fixture projects for the CI tracer's tests, as real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ci"


def make_repo(dest: Path, name: str) -> Path:
    """Copy fixture project `name` to `dest` and commit it; returns the repository path."""
    shutil.copytree(FIXTURES / name, dest)
    repo = git.Repo.init(dest)
    repo.git.add(A=True)
    repo.index.commit("fixture", author=git.Actor("t", "t@example.invalid"),
                      committer=git.Actor("t", "t@example.invalid"))
    return dest


@pytest.fixture
def fixture_repo(tmp_path):
    return lambda name: make_repo(tmp_path / name, name)


@pytest.fixture(scope="session")
def bwrap_backend():
    from sftmine.sandbox.base import get_backend

    return get_backend("bwrap")
