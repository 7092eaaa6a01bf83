import pytest

from sftmine.errors import StageLockedError
from sftmine.store import RunLock, shard


def test_lock_is_exclusive(tmp_path):
    with RunLock(tmp_path):
        with pytest.raises(StageLockedError, match="another sftmine run"):
            with RunLock(tmp_path):
                pass
    with RunLock(tmp_path):  # released
        pass


def test_shard_cuts_in_order_and_refuses_an_empty_size():
    assert shard(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert shard([], 3) == []
    with pytest.raises(ValueError, match="at least 1"):
        shard([1], 0)
