"""Running a traced project's commands (sdist download, config reading, install, tests) in the sandbox.

A `Box` belongs to one project: it owns an unprivileged uid that the project's directories are handed
to before a session, and it knows the user's pip setup (passed into every session, so installs honour
it). A session is a one-worker pool with the project's directories bound in at their host paths,
network only when asked for (installs), and limits sized for pip and test suites rather than for a
single function call.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sftmine.ci.env.pipconf import PipSetup
from sftmine.sandbox import Execution, Limits, Mount, Outcome, Pool
from sftmine.sandbox.base import Backend, python_mounts

SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass
class Box:
    backend: Backend
    pip: PipSetup = field(default_factory=PipSetup)
    uid: int = field(default_factory=lambda: random.randint(100_000, 199_999))
    memory_mb: int = 4096
    max_procs: int = 256

    @contextmanager
    def session(self, *, network: bool, writable: Iterable[Path] = (), readonly: Iterable[Path] = (),
                pythons: Iterable[str] = ()) -> Iterator[Session]:
        """`pythons`: interpreters (or virtualenvs' interpreters) the session must be able to run."""
        writable = list(writable)
        for directory in writable:
            hand_over(directory, self.uid)
        mounts = [m for python in pythons for m in python_mounts(python)]
        mounts += [Mount(str(p), str(p)) for p in readonly]
        mounts += [Mount(str(p), str(p), writable=True) for p in writable]
        mounts += self.pip.mounts if network else []
        with Pool(self.backend, size=1, mounts=mounts, network=network, tmp_mb=1024) as pool:
            yield Session(self, pool, network)


@dataclass
class Session:
    box: Box
    pool: Pool
    network: bool

    def run(self, argv: list[str], *, cwd: Path, wall_s: float, env: dict[str, str] | None = None,
            max_output: int = 4 << 20) -> Outcome:
        full_env = {"PATH": SYSTEM_PATH, "PYTHONHASHSEED": "0", **(self.box.pip.env if self.network else {}),
                    **(env or {})}
        limits = Limits(wall_s=max(wall_s, 1.0), cpu_s=max(wall_s, 1.0), memory_mb=self.box.memory_mb,
                        max_procs=self.box.max_procs, max_output=max_output, max_file_mb=1024)
        return self.pool.execute(Execution(mode="argv", argv=tuple(argv), cwd=str(cwd), env=tuple(full_env.items()),
                                           uid=self.box.uid, limits=limits))


def hand_over(directory: Path, uid: int) -> None:
    """chown a tree to the sandbox uid; links are changed themselves, never followed out of the tree."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chown(directory, uid, uid)
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
