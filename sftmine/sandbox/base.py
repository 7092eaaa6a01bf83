"""The sandbox interface: a backend turns a command into one that runs isolated.

Backends register by name (`register`), the same way a third party would add one. A backend does not
run anything itself: it returns the argv (and a clean-up) that starts the command inside its sandbox with
the given mounts, no network unless asked, and a private writable /tmp. The worker pool (`pool.py`)
starts one such sandbox per worker and keeps it warm.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sftmine.errors import ConfigError, SandboxError
from sftmine.registry import Registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    writable: bool = False

    def __post_init__(self) -> None:
        # Sandboxes resolve nothing against the caller's directory: both ends must be absolute.
        object.__setattr__(self, "source", os.path.abspath(self.source))
        object.__setattr__(self, "target", os.path.abspath(self.target))


@dataclass(frozen=True)
class Limits:
    """Per-execution limits, enforced inside the sandbox by the worker."""

    wall_s: float = 10.0
    cpu_s: float = 10.0
    memory_mb: int = 512
    max_procs: int = 16
    max_output: int = 1 << 20
    max_file_mb: int = 64

    @classmethod
    def from_task(cls, limits: dict, **overrides: object) -> Limits:
        """A task's time limit is CPU time, as judges count it; wall time gets slack for a loaded machine."""
        time_s = float(limits.get("time_s", 10.0))
        base = {"wall_s": 2 * time_s + 1, "cpu_s": time_s, "memory_mb": int(limits.get("memory_mb", 512))}
        base.update(overrides)  # type: ignore[arg-type]
        return cls(**base)  # type: ignore[arg-type]


@dataclass
class Launch:
    """What a backend hands back: the argv to start, and how to clean up afterwards."""

    argv: list[str]
    cleanup: Callable[[], None] = lambda: None
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SandboxSpec:
    """The fixed shape of one sandbox: what it sees and how big it may grow as a whole."""

    mounts: tuple[Mount, ...]
    network: bool = False
    tmp_mb: int = 512
    memory_mb: int = 4096
    pids: int = 512
    env: tuple[tuple[str, str], ...] = ()


class Backend(ABC):
    name: str = ""
    safe: bool = True

    @abstractmethod
    def problem(self) -> str | None:
        """None when this backend can run here, else a one-line reason with the fix."""

    @abstractmethod
    def launch(self, argv: list[str], spec: SandboxSpec) -> Launch:
        """The argv that runs `argv` inside a fresh sandbox shaped by `spec`."""

    def worker_args(self, spec: SandboxSpec) -> list[str]:
        """Arguments for the in-sandbox worker saying how it confines itself (see `confine.py`).

        A real sandbox loads the seccomp policy (`seccomp.py`) into its worker, and so into every execution.
        """
        from sftmine.sandbox import seccomp

        return ["--seccomp", seccomp.program(spec.network).hex()] if self.safe else []


PREFERENCE = ("gvisor", "bwrap")


def _load_builtins() -> None:
    from sftmine.sandbox import bwrap, gvisor, process  # noqa: F401  (they register themselves)


BACKENDS: Registry[type[Backend]] = Registry("sandbox backend", _load_builtins, also=["auto"])


def register(cls: type[Backend]) -> type[Backend]:
    return BACKENDS.register(cls.name)(cls)


def backend_names() -> list[str]:
    return BACKENDS.names()


def check_backend(name: str, *, unsafe: bool = False) -> None:
    """The backend's name, and that an unconfined one was allowed: before a command reads or writes anything."""
    if name != "auto" and not BACKENDS.get(name).safe and not unsafe:
        raise ConfigError(f"backend {name!r} runs code unconfined; pass --unsafe-no-sandbox to allow it")


def get_backend(name: str = "auto", *, unsafe: bool = False) -> Backend:
    """Resolve a backend by name; `auto` picks by strength and speed (`choose`)."""
    if name == "auto":
        return choose()
    check_backend(name, unsafe=unsafe)
    backend = BACKENDS.get(name)()
    why = backend.problem()
    if why is not None:
        raise SandboxError(why)
    return backend


def choose() -> Backend:
    """gVisor where it has a fast platform (systrap, kvm); else bubblewrap with its seccomp filter and user
    namespace, which on gVisor's ptrace platform judges several times faster; says which, once per process."""
    from sftmine.sandbox.gvisor_platform import FAST, platform

    gvisor, bwrap = BACKENDS.get("gvisor")(), BACKENDS.get("bwrap")()
    gvisor_why, bwrap_why = gvisor.problem(), bwrap.problem()
    if gvisor_why is None and (bwrap_why is not None or platform() in FAST):
        also = "--backend bwrap forces bubblewrap" if bwrap_why is None else f"bubblewrap: {bwrap_why}"
        _announce(f"sandbox: gVisor on its {platform()} platform ({also})")
        return gvisor
    if bwrap_why is None:
        why = f"gVisor runs only on its slow {platform()} platform here" if gvisor_why is None else gvisor_why
        force = "; --backend gvisor forces it" if gvisor_why is None else ""
        _announce(f"sandbox: bubblewrap with seccomp filter ({why}{force})")
        return bwrap
    raise SandboxError(f"no sandbox backend works here: {gvisor_why}; {bwrap_why}")


_ANNOUNCED: set[str] = set()


def _announce(line: str) -> None:
    if line not in _ANNOUNCED:
        _ANNOUNCED.add(line)
        log.warning("%s", line)


SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin")
ETC_FILES = ("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/ssl", "/etc/mime.types",
             "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")


def python_mounts(python: str = sys.executable) -> list[Mount]:
    """Read-only mounts that make `python` (a venv's or the system's) and its stdlib usable."""
    paths = {str(Path(python).parent.parent)}  # the venv or installation prefix
    real = Path(os.path.realpath(python))
    paths.add(str(real.parent.parent))
    paths.update({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})
    return [Mount(p, p) for p in sorted(paths) if not _under_system(p)]


def _under_system(path: str) -> bool:
    return any(path == d or path.startswith(d + "/") for d in SYSTEM_DIRS)


NETWORK_FILES = ("/etc/resolv.conf", "/etc/hosts", "/etc/pip.conf", "/etc/gai.conf")


def base_mounts(extra: list[Mount] | tuple[Mount, ...] = (), network: bool = False) -> list[Mount]:
    mounts = [Mount(d, d) for d in SYSTEM_DIRS if os.path.exists(d)]
    files = ETC_FILES + (NETWORK_FILES if network else ())
    mounts += [Mount(f, f) for f in files if os.path.exists(f)]
    mounts += python_mounts()
    mounts.append(Mount(str(Path(__file__).parent), WORKER_DIR))
    mounts += list(extra)
    return _dedupe(mounts)


WORKER_DIR = "/opt/sftmine-worker"


def _dedupe(mounts: list[Mount]) -> list[Mount]:
    seen: dict[str, Mount] = {}
    for m in mounts:
        seen[m.target] = m
    # Parents before children so a nested mount is not hidden by its parent's.
    return sorted(seen.values(), key=lambda m: (m.target.count("/"), m.target))


def which(program: str) -> str | None:
    return shutil.which(program)
