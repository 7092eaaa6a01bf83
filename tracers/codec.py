"""Values as text in sftmine's value grammar, or a counted reason why not.

Standard library only; runs inside the traced program, on whatever Python it uses (3.8 and up). The
grammar and its encoder are sftmine's own (`wire_encode`, with the closed set of types in `wire_types`),
so what the recorder writes is exactly what the sandbox rebuilds and the judge reads: plain literals,
standard-library value types, and, by import path, enum members, namedtuples, dataclasses and attrs
classes, functions and classes. The recorder names a class or function by path only when its module is
the project's own (not its tests') or the standard library's, since only those can be imported where the
task is judged. Encoding never calls code of the traced program, so a mock or an object with a clever
`__repr__` is refused before anything of it runs.
"""

from __future__ import annotations

import os
import sys
import sysconfig

from . import wire_encode, wire_types

MOCK = "mock"
UNRESTORABLE = wire_encode.UNRESTORABLE
TOO_LARGE = wire_encode.TOO_LARGE

_MOCK_MODULES = ("unittest.mock", "mock", "pytest_mock", "asynctest", "flexmock", "doublex", "pretend")


class Refused(Exception):
    """The value cannot be kept; `reason` is one of MOCK, UNRESTORABLE, TOO_LARGE."""

    def __init__(self, reason: str, detail: str = "") -> None:
        Exception.__init__(self, reason)
        self.reason = reason
        self.detail = detail

    @property
    def label(self) -> str:
        """The reason as stored: an unrestorable value names its type, so the funnel can count by type."""
        if self.reason == UNRESTORABLE and self.detail:
            return f"{UNRESTORABLE}: {self.detail}"
        return self.reason


def encode(value: object, budget: int = 4096, admit=None) -> str:
    """The value's text, at most `budget` characters; raises Refused otherwise. `admit(name, module)`
    says whose classes may be named by path (default: the standard library's only)."""
    try:
        return wire_encode.to_literal(value, budget, admit or is_stdlib)
    except wire_encode.Unencodable as exc:
        if exc.reason == TOO_LARGE:
            raise Refused(TOO_LARGE) from None
        kind = exc.kind
        raise Refused(MOCK if isinstance(kind, type) and is_mock(kind) else UNRESTORABLE,
                      wire_types.type_name(kind)) from None


def is_mock(kind: type) -> bool:
    """A test double: its class (or a base) comes from a mocking library, or calls itself a mock."""
    try:
        for cls in kind.__mro__:
            module = cls.__dict__.get("__module__") or ""
            if module.split(".")[0] in _MOCK_MODULES or module in _MOCK_MODULES:
                return True
            if "Mock" in cls.__name__:
                return True
    except Exception:  # noqa: BLE001 - a broken class is simply not a known mock
        return False
    return False


_STDLIB_DIRS = tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("stdlib", "platstdlib"))


def is_stdlib(name: str, module) -> bool:
    """A standard-library module: listed by the interpreter (3.10+), or a file under its library folder
    and outside site-packages."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return name.split(".")[0] in names
    path = module.__dict__.get("__file__")
    if type(path) is not str:
        return name in sys.builtin_module_names
    path = os.path.realpath(path)
    return path.startswith(_STDLIB_DIRS) and "site-packages" not in path


def project_or_stdlib(scope):
    """The recorder's admission: the project's own modules (by file, as `paths.Scope` decides) and the stdlib."""
    def admit(name: str, module) -> bool:
        path = module.__dict__.get("__file__")
        return is_stdlib(name, module) or (type(path) is str and scope.contains(path))

    return admit
