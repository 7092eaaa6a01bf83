"""Reading the value grammar of `wire_encode` back: in the host as records, in the sandbox as real objects.

Standard library only, Python 3.8 and up. Never eval: the text is parsed and only the grammar's forms are
accepted. `read(text)` (the host) turns constructions and references into `Obj`/`Ref` records and imports
nothing, so values of a project the host cannot import still compare, by structure. `rebuild(text)` (the
sandbox, on the project's interpreter) calls the closed set of constructors: the standard-library ones
in `wire_types.CONSTRUCTORS` and the project's namedtuples, dataclasses and attrs classes; a plain-data
object `Class({attribute: value})` is made by `wire_objects.new_object` (no code of its class runs);
references are imported by path. `rebuild_receiver(text)` rebuilds the receiver of a method's call.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import json
import sys
import types

try:
    from . import wire_objects, wire_types
    from .wire_encode import Obj, Ref
except ImportError:  # imported by path inside the sandbox
    import wire_objects  # type: ignore[no-redef]
    import wire_types  # type: ignore[no-redef]
    from wire_encode import Obj, Ref  # type: ignore[no-redef]

_PLAIN_CALLS = {"float": float, "complex": complex, "set": set, "frozenset": frozenset}


def read(text: str):
    """The host's reading: plain values, with `Obj`/`Ref` records for the rest."""
    plain = _json_literal(text)
    if plain is not _NOT_JSON:
        return plain
    return _Reader(_record, Ref).value(ast.parse(text, mode="eval").body)


def rebuild(text: str, objects: bool = True):
    """The sandbox's reading: real objects, constructed and imported in this interpreter. With `objects`
    false (a value that check code will compare with `==`, so by code of its own class) it refuses
    plain-data objects and references to anything but functions, classes and enum members."""
    plain = _json_literal(text)
    if plain is not _NOT_JSON:
        return plain
    if objects:
        return _Reader(_construct, resolve).value(ast.parse(text, mode="eval").body)
    return _Reader(_construct_no_object, _resolve_no_object).value(ast.parse(text, mode="eval").body)


_NOT_JSON = object()


def _refuse_constant(name: str):
    raise ValueError(name)


_JSON = json.JSONDecoder(parse_constant=_refuse_constant)


def _json_literal(text: str):
    """The value of a literal that is also JSON meaning the same (`[1, 2.5, "it's"]`), read by the C
    parser in a fraction of the time; _NOT_JSON for anything else. Escapes are left to the full reading
    (JSON joins surrogate pairs, Python does not), and so are true, false, null, NaN and Infinity, which
    JSON takes and the grammar does not."""
    if "\\" in text or "true" in text or "false" in text or "null" in text:
        return _NOT_JSON
    try:
        return _JSON.decode(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def rebuild_receiver(text: str):
    """A method's receiver: a value of the grammar, most often a plain-data object `Class({attribute:
    value})`; a class for a class method, an enum member, a record. Tasks written before receivers took
    that form spell it `(Class, {attribute: value})`, which is read the same way."""
    value = rebuild(text)
    if type(value) is tuple and len(value) == 2 and isinstance(value[0], type) and type(value[1]) is dict:
        return wire_objects.new_object(*value)
    return value


def _record(path: str, args: list, kwargs: list):
    return Obj(path, tuple(args), tuple(kwargs))


def _construct(path: str, args: list, kwargs: list):
    if path in wire_types.CONSTRUCTORS:
        module, name = wire_types.CONSTRUCTORS[path]
        found = importlib.import_module(module) if module else wire_types
        return getattr(found, name)(*args, **dict(kwargs))
    factory = resolve(path)
    if len(args) == 1 and type(args[0]) is dict and not kwargs:
        return wire_objects.new_object(factory, args[0])  # a plain-data object by its attributes
    if not wire_types.is_record_class(factory):
        raise ValueError(f"{path} is not a constructor the value grammar allows")
    return factory(*args, **dict(kwargs))


def _construct_no_object(path: str, args: list, kwargs: list):
    if path in wire_types.ARGUMENT_CONSTRUCTORS:
        raise ValueError(f"{path}(): it compares by identity, so it is never an expected value")
    if len(args) == 1 and type(args[0]) is dict and not kwargs and path not in wire_types.CONSTRUCTORS:
        raise ValueError(f"{path}: an object compared by its own __eq__ is not allowed here")
    return _construct(path, args, kwargs)


def _resolve_no_object(path: str):
    found = resolve(path)
    kind = type(found)
    if isinstance(found, type) or kind in (types.FunctionType, types.BuiltinFunctionType) \
            or ("enum" in sys.modules and isinstance(kind, sys.modules["enum"].EnumMeta)):
        return found
    raise ValueError(f"{path}: an object compared by its own __eq__ is not allowed here")


def resolve(path: str):
    """The object at a dotted import path: the longest importable module, then attributes."""
    parts = path.split(".")
    if len(parts) == 1:
        obj = getattr(importlib.import_module("builtins"), path, None)
        if obj is None:
            raise ValueError(f"{path} is not a builtin")
        return obj
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ValueError(f"no module of {path} can be imported")


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` from a Name or a chain of Attributes; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    parts.reverse()
    # No dunder is part of a value's path (`__import__`, `f.__globals__`), but a package's `__main__`
    # module is (`natsort.__main__.TypedArgs`).
    if any(p.startswith("__") and (p != "__main__" or i == 0) for i, p in enumerate(parts)):
        return None
    return ".".join(parts)


class _Reader:
    def __init__(self, construct, reference) -> None:
        self.construct, self.reference = construct, reference

    def value(self, node: ast.AST):
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Name, ast.Attribute)):
            path = dotted(node)
            if path is None:
                raise ValueError("only a dotted name can be a reference")
            if "." not in path and not hasattr(builtins, path):
                raise ValueError(f"{path} is not a builtin; other references are dotted paths")
            return self.reference(path)
        if isinstance(node, ast.List):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self.value(e) for e in node.elts)
        if isinstance(node, ast.Set):
            return {self.value(e) for e in node.elts}
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise ValueError("dict unpacking is not a literal")
            return {self.value(k): self.value(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.value(node.operand)
            if type(operand) not in (int, float, complex):
                raise ValueError("unary sign on a non-number")
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            left, right = self.value(node.left), self.value(node.right)
            if not (type(left) in (int, float) and type(right) is complex):
                raise ValueError("only real ± imaginary is a literal")
            return left + right if isinstance(node.op, ast.Add) else left - right
        return ast.literal_eval(node)

    def _call(self, node: ast.Call):
        path = dotted(node.func)
        if path is None or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            raise ValueError("only a dotted name called with plain arguments is a construction")
        args = [self.value(a) for a in node.args]
        if path in _PLAIN_CALLS:
            if node.keywords or (path == "float" and not (len(args) == 1 and type(args[0]) is str)):
                raise ValueError(f"{path}() takes plain arguments here (float: one string)")
            return _PLAIN_CALLS[path](*args)
        if "." not in path and path not in wire_types.CONSTRUCTORS:
            raise ValueError(f"{path}() is not a construction of the value grammar")
        return self.construct(path, args, [(k.arg, self.value(k.value)) for k in node.keywords])
