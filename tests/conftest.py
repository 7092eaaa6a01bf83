from __future__ import annotations

import pytest

from sftmine.sandbox.base import get_backend
from sftmine.sandbox.pool import Pool

SAFE_BACKENDS = ("gvisor", "bwrap")


def backend_available(name: str) -> bool:
    try:
        get_backend(name)
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.fixture(scope="session", params=SAFE_BACKENDS)
def pool(request):
    """A warm two-worker pool per real sandbox backend, shared by the session's tests."""
    if not backend_available(request.param):
        pytest.fail(f"sandbox backend {request.param} is not usable here; run `make setup` (as root)")
    with Pool(request.param, size=2, tmp_mb=128) as p:  # small, so filling it is quick
        yield p


@pytest.fixture(scope="session")
def bwrap_pool():
    with Pool("bwrap", size=2, tmp_mb=128) as p:
        yield p
