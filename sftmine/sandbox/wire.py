"""Framing and value encoding shared by the host and the in-sandbox worker.

Standard library only: the worker imports this file by path inside the sandbox, under whatever
Python the task runs on.

Values cross the boundary as text in the closed grammar of `wire_encode` (`to_literal`): plain literals,
standard-library value types, the project's record classes and its other plain-data objects (by their
attributes, `wire_objects`) as constructions, functions, classes and enum members as references. Only exact types encode, and no code of the value's program runs while they
do. An object with a custom `__eq__`, a subclass of int, a generator: all refuse to encode, so a candidate
cannot hand the parent an object that compares equal to anything; the parent compares texts' structure.
"""

from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO

try:
    from . import wire_decode, wire_objects, wire_types
    from .wire_encode import Obj, Ref, Unencodable, to_literal
except ImportError:  # imported by path inside the sandbox
    import wire_decode  # type: ignore[no-redef]
    import wire_objects  # type: ignore[no-redef]
    import wire_types  # type: ignore[no-redef]
    from wire_encode import Obj, Ref, Unencodable, to_literal  # type: ignore[no-redef]

__all__ = ["MAX_MESSAGE", "Obj", "Ref", "Unencodable", "from_literal", "rebuild", "rebuild_receiver", "recv", "send",
           "state_literal", "to_literal"]

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


def from_literal(text: str) -> Any:
    """The host's reading of a value's text: plain values, and `Obj`/`Ref` records for constructions and
    references (compared by structure; nothing is imported)."""
    return wire_decode.read(text)


def rebuild(text: str, objects: bool = True) -> Any:
    """The sandbox's reading of a value's text: real objects, built by the grammar's closed constructors
    (`objects=False`: none that compares by code of its own class, see `wire_decode.rebuild`)."""
    return wire_decode.rebuild(text, objects)


def rebuild_receiver(text: str) -> Any:
    """The sandbox's reading of a method's receiver: a value of the grammar, most often a plain-data
    object (a class, for a class method)."""
    return wire_decode.rebuild_receiver(text)


def state_literal(obj: Any) -> str:
    """The text of a plain-data object's attributes after a method ran on it, as the recorder writes it."""
    state = wire_objects.instance_state(obj, type(obj))
    if state is None:
        raise Unencodable(f"a {wire_types.type_name(type(obj))} is not plain data")
    return to_literal(state, arguments=True)
