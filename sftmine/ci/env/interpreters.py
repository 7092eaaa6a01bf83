"""Which Python interpreters this machine has, and which one a CI environment's version maps to."""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

MINORS = range(6, 20)
MIN_VERSION = (3, 8)  # the recorder's oldest Python
VERSION = re.compile(r"^(?:py|python|cpython)?-?(\d)\.?(\d{1,2})?(?:\.\d+)?$")


@dataclass(frozen=True)
class Interpreter:
    path: str
    version: tuple[int, int]

    @property
    def dotted(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


@functools.lru_cache(maxsize=1)
def available() -> tuple[Interpreter, ...]:
    """Every CPython found (this one's base interpreter, python3.N on PATH, pyenv's versions), newest first.

    Wrapper scripts (pyenv or asdf shims) are skipped: they may fail or pick another version at run time.
    """
    candidates = [getattr(sys, "_base_executable", sys.executable), sys.executable]
    candidates += [shutil.which(f"python3.{m}") for m in MINORS] + [shutil.which("python3")]
    candidates += sorted(glob.glob(os.path.join(_pyenv_root(), "versions", "*", "bin", "python3.*[0-9]")))
    found: dict[str, Interpreter] = {}
    for path in filter(None, candidates):
        real = os.path.realpath(path)
        if real in found or not os.access(real, os.X_OK) or not _is_binary(real):
            continue
        version = _version_of(real)
        if version is not None and version >= MIN_VERSION and version not in {i.version for i in found.values()}:
            found[real] = Interpreter(real, version)
    return tuple(sorted(found.values(), key=lambda i: i.version, reverse=True))


def _pyenv_root() -> str:
    return os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")


def _is_binary(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def _version_of(path: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([path, "-c", "import sys; print('%d %d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30, check=True).stdout.split()
        return int(out[0]), int(out[1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def wanted(spec: str) -> tuple[int, int | None] | None:
    """`py311`, `python3.9`, `3.10`, `py3` -> (3, 11), (3, 9), (3, 10), (3, None); pypy and others -> None."""
    match = VERSION.match(spec.strip().lower())
    if not match or match[1] != "3":
        return None
    return 3, int(match[2]) if match[2] else None


def pick(specs: list[str]) -> tuple[Interpreter | None, str]:
    """The newest available interpreter matching one of `specs`, and why; None when none matches."""
    pythons = available()
    for spec in specs:
        want = wanted(spec)
        for interp in pythons:
            if want is not None and (want[1] is None or interp.version == want):
                return interp, f"{spec} -> python {interp.dotted} at {interp.path}"
    return None, f"none of {specs} is available here (have {[i.dotted for i in pythons]})"


def newest() -> Interpreter:
    return available()[0]
