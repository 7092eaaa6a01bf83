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


LEAN = Execution(mode="script", limits=Limits(wall_s=20, cpu_s=20, memory_mb=256), code=(
    "import sys\n"
    "heavy = ('ctypes', '_ctypes', 'shutil', 'tempfile', 'hashlib', 'random', 'unittest', 'bz2', 'lzma')\n"
    "print(sorted(m for m in heavy if m in sys.modules))\n"
    "print(sum(1 for _ in open('/proc/self/maps')) < 120)\n"))


@pytest.mark.parametrize("backend", SAFE_BACKENDS)
def test_executions_fork_from_a_lean_interpreter(backend):
    """What the worker loads, every fork copies and every exit unmaps: confinement's ctypes and the heavy
    modules stay out of the interpreter executions are forked from (a program imports what it uses)."""
    with Pool(backend, size=1, tmp_mb=128) as pool:
        out = pool.execute(LEAN)
        assert out.stdout == "[]\nTrue\n", out.stderr
        assert pool.execute(Execution(mode="script", code="import random\nprint(random.Random(1).randint(1, 6))",
                                      limits=LEAN.limits)).stdout == "2\n"
