"""Recorded calls as test cases: arguments bound back to a call, the outcome as expected value or raise
(a generator's: its first values, and how many the test takes).

Positional parameters are passed by position, in order, until the first one left at its default; from
there on by keyword. Parameters left at their default are omitted. When a call used `*args`, every
positional parameter is passed by position (defaults included), since nothing can be skipped before
the extra arguments.
"""

from __future__ import annotations

from typing import Any

from sftmine.ci.traces import Call
from sftmine.records import Case, Origin
from sftmine.sandbox.wire import Obj, Ref, from_literal, to_literal


def to_case(call: Call) -> Case:
    args, kwargs = bind(call.params)
    kwargs_text = "{" + ", ".join(f"{name!r}: {text}" for name, text in kwargs) + "}"
    return Case(args="[" + ", ".join(args) + "]", kwargs=kwargs_text if kwargs else None,
                expected=call.result if call.raised is None else None, raises=call.raised,
                origin=Origin.TRACED.value, take=call.items)


def has_rich_values(case: Case) -> bool:
    """A case whose texts hold more than plain literals: a standard-library value, a project record, an
    enum member, a function or class passed by path."""
    texts = [t for t in (case.args, case.kwargs, case.expected) if t is not None]
    return any(_rich(from_literal(t)) for t in texts)


def _rich(value: Any) -> bool:
    if isinstance(value, (Obj, Ref)):
        return True
    if isinstance(value, dict):
        return any(_rich(k) or _rich(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_rich(v) for v in value)
    return False


def bind(params: list[list[Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    star = next((p for p in params if p[1] == "varargs" and p[2] != "()"), None)
    args: list[str] = []
    kwargs: list[tuple[str, str]] = []
    positional = True
    for name, kind, text, is_default in params:
        if kind == "posonly" or (kind == "pos" and star is not None):
            args.append(text)
        elif kind == "pos":
            if is_default:
                positional = False
            elif positional:
                args.append(text)
            else:
                kwargs.append((name, text))
        elif kind == "kwonly" and not is_default:
            kwargs.append((name, text))
        elif kind == "varargs":
            args += [to_literal(v) for v in from_literal(text)]
        elif kind == "varkw":
            kwargs += [(str(k), to_literal(v)) for k, v in from_literal(text).items()]
    return args, kwargs
