"""Values as text in sftmine's value grammar, or a counted reason why not.

Standard library only; runs inside the traced program, on whatever Python it uses (3.8 and up). The
grammar and its encoder are sftmine's own (`wire_encode`, with the closed set of types in `wire_types`),
so what the recorder writes is exactly what the sandbox rebuilds and the judge reads: plain literals,
standard-library value types, and, by import path, enum members, namedtuples, dataclasses and attrs
classes, other plain-data objects by their attributes (`wire_objects`), functions, classes and modules;
in a call's arguments and a receiver's attributes also what compares by identity (an iterator as what it
still holds, a finished generator, `operator.itemgetter`, `functools.partial`). The
recorder names a class or function by path only when its module is the project's own (not its tests') or
the standard library's, since only those can be imported where the task is judged. Encoding never calls
code of the traced program, so a mock or an object with a clever `__repr__` is refused before anything of
it runs. A refusal names the type it stopped at, and for a plain-data object why (`unrestorable:
pkg.mod.Node (refers to itself)`, `... (class defined in tests)`), so the funnel counts losses by both.
"""

from __future__ import annotations

import os
import sys
import sysconfig

from . import wire_encode, wire_objects, wire_types

MOCK = "mock"
UNRESTORABLE = wire_encode.UNRESTORABLE
TOO_LARGE = wire_encode.TOO_LARGE
IN_TESTS = "class defined in tests"
NOT_IMPORTABLE = "class not importable"
OUTSIDE = "class outside the project"
_QUALNAME = type.__dict__["__qualname__"].__get__
_MODULE = type.__dict__["__module__"].__get__

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


def encode(value: object, budget: int = 4096, admit=None, argument: bool = False) -> str:
    """The value's text, at most `budget` characters; raises Refused otherwise. `admit(name, module)`
    says whose classes may be named by path (default: the standard library's only); an `argument` may
    also be a value that compares by identity (`wire_types.reduce_argument`: an iterator as what it still
    holds, a finished generator, an operator getter, a partial)."""
    try:
        return wire_encode.to_literal(value, budget, admit or stdlib_only, argument)
    except wire_encode.Unencodable as exc:
        if exc.reason == TOO_LARGE:
            raise Refused(TOO_LARGE) from None
        kind = exc.kind
        if isinstance(kind, type) and is_mock(kind):
            raise Refused(MOCK) from None
        why = exc.why or _unadmitted(kind, getattr(admit, "scope", None))
        raise Refused(UNRESTORABLE, wire_types.type_name(kind) + (f" ({why})" if why else "")) from None


def _unadmitted(kind: object, scope) -> str:
    """Why a plain-data object's class was not named (the recorder knows the project's files), or ""."""
    return unnamed(kind, scope) if scope is not None and wire_objects.plain_class(kind) else ""  # type: ignore[arg-type]


def unnamed(cls: type, scope) -> str:
    """Why a class cannot be named by path: a test's class (a test double, a subclass), a class made inside
    a function, or one of another package (the recorder names only the project's and the stdlib's)."""
    try:
        if "<" in _QUALNAME(cls):
            return NOT_IMPORTABLE
        module = sys.modules.get(_MODULE(cls))
        path = module.__dict__.get("__file__") if module is not None else None
    except Exception:  # noqa: BLE001 - an odd class is simply not importable
        return NOT_IMPORTABLE
    if type(path) is not str:
        return NOT_IMPORTABLE
    if os.path.realpath(path).startswith(scope.root) and not scope.contains(path):
        return IN_TESTS
    return NOT_IMPORTABLE if scope.contains(path) else OUTSIDE


def is_mock(kind: type) -> bool:
    """A test double: its class (or a base) comes from a mocking library, or calls itself a mock."""
    try:
        for cls in kind.__mro__:
            module = cls.__dict__.get("__module__") or ""
            if is_mock_module(module):
                return True
            if "Mock" in cls.__name__:
                return True
    except Exception:  # noqa: BLE001 - a broken class is simply not a known mock
        return False
    return False


def is_mock_module(name: str) -> bool:
    return name.split(".")[0] in _MOCK_MODULES or name in _MOCK_MODULES


def stdlib_only(name: str, module) -> bool:
    """The default admission: the standard library's modules, but never a mocking library's (a sentinel
    of `unittest.mock` is a plain-data object, and a test double all the same)."""
    return is_stdlib(name, module) and not is_mock_module(name)


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


class project_or_stdlib:  # noqa: N801 - used like the admission functions it stands beside
    """The recorder's admission: the project's own modules (by file, as `paths.Scope` decides) and the
    stdlib; its `scope` lets a refusal say why a class was not admitted."""

    def __init__(self, scope) -> None:
        self.scope = scope

    def __call__(self, name: str, module) -> bool:
        path = module.__dict__.get("__file__")
        return stdlib_only(name, module) or (type(path) is str and self.scope.contains(path))
