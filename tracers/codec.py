"""Values as Python-literal text, or a counted reason why not.

Standard library only; runs inside the traced program, on whatever Python it uses (3.8 and up).

The restorable types are exactly the plain built-ins: None, bool, int, float (nan and infinities as
`float('nan')` etc.), complex (`complex(re, im)`), str, bytes, and list, tuple, dict, set (`set([...])`),
frozenset (`frozenset([...])`) made of them. The text is the same grammar that
`sftmine.sandbox.wire.from_literal` reads. Only exact types are accepted: a subclass (an IntEnum, a
namedtuple, an OrderedDict) could behave differently once rebuilt, so it is refused like any other object.

Encoding never calls code of the traced program: it looks only at exact built-in types, so a mock or an
object with a clever `__repr__` is refused before anything of it runs.
"""

from __future__ import annotations

import math

MOCK = "mock"
UNRESTORABLE = "unrestorable"
TOO_LARGE = "too_large"

_SCALARS = (int, str, bytes, bool, type(None))
_MOCK_MODULES = ("unittest.mock", "mock", "pytest_mock", "asynctest", "flexmock", "doublex", "pretend")
_MAX_DEPTH = 50


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


def encode(value: object, budget: int = 4096) -> str:
    """Literal text of `value`, at most `budget` characters; raises Refused otherwise."""
    return _encode(value, [budget], 0)


def _spend(left: list, text: str) -> str:
    _charge(left, len(text))
    return text


def _charge(left: list, size: int) -> None:
    left[0] -= size
    if left[0] < 0:
        raise Refused(TOO_LARGE)


def _encode(value: object, left: list, depth: int) -> str:
    kind = type(value)
    if kind in _SCALARS:
        if kind is int and value.bit_length() > 4 * left[0]:  # type: ignore[attr-defined]
            raise Refused(TOO_LARGE)  # avoid building a huge decimal string only to throw it away
        if kind in (str, bytes) and len(value) > left[0]:  # type: ignore[arg-type]
            raise Refused(TOO_LARGE)
        return _spend(left, repr(value))
    if kind is float:
        return _spend(left, _float(value))  # type: ignore[arg-type]
    if kind is complex:
        return _spend(left, f"complex({_float(value.real)}, {_float(value.imag)})")  # type: ignore[attr-defined]
    if depth >= _MAX_DEPTH:
        raise Refused(TOO_LARGE, "nested too deeply")
    if kind in (list, tuple, dict, set, frozenset):
        if len(value) * 2 > left[0]:  # type: ignore[arg-type]
            raise Refused(TOO_LARGE)
        return _container(kind, value, left, depth + 1)
    raise Refused(MOCK if is_mock(kind) else UNRESTORABLE, _type_name(kind))


def _container(kind: type, value, left: list, depth: int) -> str:
    """The container's text; its items have paid for themselves, so only the punctuation is spent here."""
    if kind is dict:
        parts = [f"{_encode(k, left, depth)}: {_encode(v, left, depth)}" for k, v in value.items()]
        text = "{" + ", ".join(parts) + "}"
    else:
        parts = [_encode(v, left, depth) for v in value]
        if kind is list:
            text = "[" + ", ".join(parts) + "]"
        elif kind is tuple:
            text = f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"
        else:
            text = f"{kind.__name__}([{', '.join(sorted(parts))}])"
    _charge(left, len(text) - sum(map(len, parts)))
    return text


def _float(value: float) -> str:
    if math.isnan(value):
        return "float('nan')"
    if math.isinf(value):
        return "float('inf')" if value > 0 else "float('-inf')"
    return repr(value)


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


def _type_name(kind: type) -> str:
    try:
        return kind.__dict__.get("__module__", "builtins") + "." + kind.__name__
    except Exception:  # noqa: BLE001
        return "?"
