"""Running untrusted code: backends (gVisor, bubblewrap), a warm worker pool, execution value objects."""

from sftmine.sandbox.base import Backend, Limits, Mount, backend_names, get_backend, register
from sftmine.sandbox.execution import Execution, Outcome
from sftmine.sandbox.pool import Pool

__all__ = ["Backend", "Execution", "Limits", "Mount", "Outcome", "Pool", "backend_names", "get_backend",
           "register"]
