"""Recorded calls as test cases: arguments bound back to a call, the outcome as expected value or raise
(a generator's: its first values, and how many the test takes; a method's: the receiver it is called
on, and its attributes after the call when the call changed them).

Positional parameters are passed by position, in order, until the first one left at its default; from
there on by keyword. Parameters left at their default are omitted. When a call used `*args`, every
positional parameter is passed by position (defaults included), since nothing can be skipped before
the extra arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from sftmine.ci.record.traces import Call
from sftmine.records import Case, Origin
from sftmine.sandbox.wire import Obj, Ref, from_literal, to_literal
from sftmine.sandbox.wire_types import CONSTRUCTORS


def to_case(call: Call) -> Case:
    args, kwargs = bind(call.params)
    kwargs_text = "{" + ", ".join(f"{name!r}: {text}" for name, text in kwargs) + "}"
    receiver = next((p[2] for p in call.params if p[1] == "self"), None)
    return Case(args="[" + ", ".join(args) + "]", kwargs=kwargs_text if kwargs else None,
                expected=call.result if call.raised is None else None, raises=call.raised,
                origin=Origin.TRACED.value, take=call.items, receiver=receiver,
                state=call.after if call.raised is None else None)


def value_paths(case: Case) -> set[str]:
    """The dotted paths a case's texts name beyond plain literals: standard-library types, project records
    and objects, enum members, functions and classes passed by path. Empty for a case of plain literals
    (a method's receiver counts by its attributes)."""
    return {node.path for node in _nodes(_values(case))}


def object_paths(case: Case) -> set[str]:
    """The classes of the plain-data objects a case's values hold, written by their attributes (a
    method's receiver counts by its attributes, not as an object)."""
    return {node.path for node in _nodes(_values(case)) if by_attributes(node)}


def by_attributes(value: Any) -> bool:
    """A plain-data object as the grammar writes it, `Class({attribute: value})` (of the standard-library
    constructions only Counter takes one dictionary, and it is no object)."""
    return isinstance(value, Obj) and len(value.args) == 1 and type(value.args[0]) is dict \
        and not value.kwargs and value.path not in CONSTRUCTORS


def _values(case: Case) -> list[Any]:
    values = [from_literal(t) for t in (case.args, case.kwargs, case.expected, case.state) if t is not None]
    if case.receiver is not None:
        values.append(_receiver_values(from_literal(case.receiver)))
    return values


def _receiver_values(receiver: Any) -> Any:
    """What of a receiver is a value: a plain-data object's attributes, not its class; a class method's
    class is no value either. A receiver of another form (an enum member, a record) is a value."""
    if isinstance(receiver, Ref):
        return None
    if by_attributes(receiver):
        return receiver.args[0]
    if type(receiver) is tuple and len(receiver) == 2 and isinstance(receiver[0], Ref):
        return receiver[1]  # the form of tasks written before receivers were values of the grammar
    return receiver


def needs_project(paths: set[str]) -> bool:
    """Whether rebuilding values with these paths imports something outside the standard library."""
    return any("." in p and p.split(".")[0] not in sys.stdlib_module_names for p in paths)


def _nodes(value: Any) -> Iterator[Obj | Ref]:
    """The constructions and references in a decoded value, outermost first."""
    if isinstance(value, Obj):
        yield value
        yield from _nodes([value.args, value.kwargs])
    elif isinstance(value, Ref):
        yield value
    elif isinstance(value, dict):
        yield from _nodes(list(value.items()))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _nodes(item)


def bind(params: list[list[Any]]) -> tuple[list[str], list[tuple[str, str]]]:
    star = next((p for p in params if p[1] == "varargs" and p[2] != "()"), None)
    args: list[str] = []
    kwargs: list[tuple[str, str]] = []
    positional = True
    for name, kind, text, is_default in params:
        if kind == "self":
            continue  # a method's receiver: the case carries it apart
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
