import pytest

from sftmine.snapshot import from_dirs, write_snapshot
from tests.fixtures.datasets.build import write_filter_dir


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    root = tmp_path_factory.mktemp("snap")
    return write_snapshot(root / "out", from_dirs(write_filter_dir(root / "filter"))).snapshot
