"""Framing and value encoding shared by the host and the in-sandbox worker.

Standard library only: the worker imports this file by path inside the sandbox, under whatever
Python the task runs on.

Values cross the boundary as Python-literal text produced by `to_literal`, which accepts only exact
built-in types. An object with a custom `__eq__`, a subclass of int, a generator: all refuse to encode,
so a candidate cannot hand the parent an object that compares equal to anything.
"""

from __future__ import annotations

import ast
import json
import math
import struct
from typing import Any, BinaryIO

_HEADER = struct.Struct(">I")
MAX_MESSAGE = 256 * 1024 * 1024


def send(stream: BinaryIO, obj: Any) -> None:
    data = json.dumps(obj, ensure_ascii=False).encode()
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:  # an unbuffered pipe may take only part of a large message per write
        view = view[stream.write(view) or 0:]
    stream.flush()


def recv(stream: BinaryIO) -> Any:
    """Read one message; None at a clean end of stream."""
    head = _read_exact(stream, _HEADER.size)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    if size > MAX_MESSAGE:
        raise ValueError(f"message of {size} bytes exceeds the limit")
    body = _read_exact(stream, size)
    if body is None:
        raise EOFError("stream ended inside a message")
    return json.loads(body)


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            if got == 0:
                return None
            raise EOFError("stream ended inside a message")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class Unencodable(TypeError):
    """The value is not made only of plain built-in types."""


_SCALARS = (int, str, bytes, bool, type(None))
_MAX_DEPTH = 100


def to_literal(value: Any, _depth: int = 0) -> str:
    """Python-literal text for a plain value; raises Unencodable for anything else."""
    if _depth > _MAX_DEPTH:
        raise Unencodable("value nested too deeply")
    kind = type(value)
    if kind in _SCALARS:
        return repr(value)
    if kind is float:
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('inf')" if value > 0 else "float('-inf')"
        return repr(value)
    if kind is complex:
        return f"complex({to_literal(value.real)}, {to_literal(value.imag)})"
    d = _depth + 1
    if kind is list:
        return "[" + ", ".join(to_literal(v, d) for v in value) + "]"
    if kind is tuple:
        inner = ", ".join(to_literal(v, d) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if kind is dict:
        return "{" + ", ".join(f"{to_literal(k, d)}: {to_literal(v, d)}" for k, v in value.items()) + "}"
    if kind in (set, frozenset):
        items = sorted(to_literal(v, d) for v in value)
        body = "[" + ", ".join(items) + "]"
        return f"{kind.__name__}({body})"
    raise Unencodable(f"cannot encode a value of type {kind.__module__}.{kind.__qualname__}")


_CALLS = {"float": float, "complex": complex, "set": set, "frozenset": frozenset}


def from_literal(text: str) -> Any:
    """Inverse of `to_literal`: literal_eval plus float('nan'/'inf'), complex(), set(), frozenset()."""
    return _eval(ast.parse(text, mode="eval").body)


def _eval(node: ast.AST) -> Any:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS \
            and not node.keywords:
        args = [_eval(a) for a in node.args]
        if node.func.id == "float" and not (len(args) == 1 and isinstance(args[0], str)):
            raise ValueError("float() takes one string here")
        return _CALLS[node.func.id](*args)
    if isinstance(node, ast.List):
        return [_eval(e) for e in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_eval(e) for e in node.elts)
    if isinstance(node, ast.Set):
        return {_eval(e) for e in node.elts}
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise ValueError("dict unpacking is not a literal")
        return {_eval(k): _eval(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _eval(node.operand)
        if type(operand) not in (int, float, complex):
            raise ValueError("unary sign on a non-number")
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = _eval(node.left), _eval(node.right)
        if not (type(left) in (int, float) and type(right) is complex):
            raise ValueError("only real ± imaginary is a literal")
        return left + right if isinstance(node.op, ast.Add) else left - right
    return ast.literal_eval(node)
