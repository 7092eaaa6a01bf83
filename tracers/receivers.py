"""Receivers: the object a method was called on, written down so that it can be rebuilt, and which
methods are recorded at all.

Standard library only; Python 3.8 and up. A method's call is kept only when its receiver can be rebuilt
where the task is judged, with no code of the project running but the method itself:
  a plain-data object   `pkg.mod.Class({attribute: value, ...})`, as any value of its kind is written
                        (`wire_objects`): its class by import path (the project's own, not its tests'),
                        its attributes read from the instance dictionary and the filled slots, each a
                        value of the grammar; the sandbox makes it with `object.__new__` and sets them back
  a value of the grammar  a class (a class method's `cls`), an enum member, a namedtuple
A receiver is always written by its attributes, even one bound to a module-level name, and they are read
again when the method returns, so a test can check what it changed.
"""

from __future__ import annotations

from . import codec, wire_objects, wire_types

IN_TESTS = codec.IN_TESTS
NOT_IMPORTABLE = codec.NOT_IMPORTABLE
NOT_PLAIN = "not plain data"


class Refused(codec.Refused):
    """A receiver that cannot be kept; its label says so (`receiver: ...`), so the funnel counts it apart."""

    prefix = "receiver"

    @property
    def label(self) -> str:
        return f"{self.prefix}: {super().label}"


class AfterRefused(Refused):
    prefix = "receiver after the call"


def unsupported(code, kind: str, qualname: str, spec: list, found: bool) -> str:
    """Why a method is not recorded ("" when it is). Dunder methods are protocol plumbing, not tasks."""
    name = code.co_name
    if name.startswith("__") and name.endswith("__"):
        return "method: dunder"
    if kind == "property":
        return "method: property"
    if qualname.count(".") > 1:
        return "method: of a nested class"
    if not found:
        return "method: decorated (not found in its class)"
    if not spec or spec[0][1] not in ("pos", "posonly"):
        return "method: no receiver parameter"
    return ""


def encode(value: object, budget: int, admit, scope) -> tuple:
    """(the receiver's text, the text of its attributes or None when it is not a plain-data object)."""
    kind = type(value)
    cls = value if issubclass(kind, type) else kind
    path = wire_types.class_path(cls, admit)
    if path is None:
        raise Refused(codec.MOCK if codec.is_mock(cls) else codec.unnamed(cls, scope))
    state = wire_objects.instance_state(value, kind) if cls is kind else None
    if state is None:
        try:
            return codec.encode(value, budget, admit), None
        except codec.Refused:
            raise Refused(NOT_PLAIN) from None
    why = wire_objects.state_refusal(value, kind, state)
    if why:
        raise Refused(codec.UNRESTORABLE, f"{wire_types.type_name(kind)} ({why})")
    try:
        attributes = codec.encode(state, budget - len(path) - 2, admit, argument=True)
    except codec.Refused as exc:
        raise Refused(exc.reason, exc.detail) from None
    return f"{path}({attributes})", attributes


def after(value: object, budget: int, admit) -> str:
    """The text of a plain-data receiver's attributes when the method returned."""
    state = wire_objects.instance_state(value, type(value))
    if state is None:
        raise AfterRefused(NOT_PLAIN)
    try:
        return codec.encode(state, budget, admit, argument=True)
    except codec.Refused as exc:
        raise AfterRefused(exc.reason, exc.detail) from None
