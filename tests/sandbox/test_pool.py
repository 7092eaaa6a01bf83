"""The warm pool keeps its workers across calls, whichever thread started them."""

import threading

import pytest

from sftmine.sandbox.base import Limits
from sftmine.sandbox.execution import Execution
from sftmine.sandbox.pool import Pool
from tests.conftest import SAFE_BACKENDS

HELLO = Execution(mode="script", code="print('hi')", limits=Limits(wall_s=20, cpu_s=20, memory_mb=256))


@pytest.mark.parametrize("backend", SAFE_BACKENDS)
def test_workers_outlive_the_threads_that_first_used_them(backend):
    with Pool(backend, size=2, tmp_mb=128) as pool:
        for _ in range(3):  # each map runs on a fresh thread pool whose threads end with it
            assert [o.stdout for o in pool.map(pool.execute, [HELLO] * 6)] == ["hi\n"] * 6
        thread = threading.Thread(target=pool.execute, args=(HELLO,))
        thread.start()
        thread.join()
        assert pool.execute(HELLO).stdout == "hi\n"
        assert (pool.started, pool.recycled) == (2, 0)
