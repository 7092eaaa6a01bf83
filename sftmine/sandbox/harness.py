"""What a forked child runs after it has dropped privileges: a script, function calls, or a check.

Standard library only (it lives beside the worker inside the sandbox). Results go to a separate file
descriptor as JSON lines, one per event, so the candidate's own prints cannot be mistaken for them and
a crash midway keeps the events already written. Arguments are rebuilt with `wire.rebuild` and results
encoded with `wire.to_literal` (the closed value grammar); the host reads and compares them.

A method's task names its entry point `Class.method`: the program defines the class (the prompt's
outline of it) and the method, and each case carries the receiver, rebuilt with `wire.rebuild_receiver`
as an object of the project's own class. The program's method runs on it as if it were defined in that
class: the class's name and `super()` in its body mean the project's class, whose other methods and
attributes the receiver has. When a case asks for it, the receiver's attributes after the call are
reported with the value.
"""

from __future__ import annotations

import builtins
import json
import os
import sys
import traceback
import types
from itertools import islice as _islice

import apart
import wire

_write = os.write
_dumps = json.dumps
_to_literal = wire.to_literal
_rebuild = wire.rebuild
_rebuild_receiver = wire.rebuild_receiver
_state_literal = wire.state_literal
_Unencodable = wire.Unencodable


def run(req: dict, result_fd: int) -> int:
    sys.argv = ["main.py"]  # the inherited sys.std* objects already point at the child's pipes, buffers empty
    mode = req.get("mode", "script")
    try:
        if mode == "script":
            return _script(req)
        if mode == "function":
            return _function(req, result_fd)
        if mode == "check":
            return _check(req, result_fd) if req.get("prelude") is None else _check_apart(req, result_fd)
        if mode == "serve":
            return apart.serve(req, _load_quietly)
        raise ValueError(f"unknown mode {mode!r}")
    except MemoryError:
        _pending.clear()
        _event(result_fd, {"memory": True}, flush=True)
        return 1


_pending: list[str] = []


def _event(fd: int, obj: dict, flush: bool = False) -> None:
    """Buffer an event; one write at the end wakes the worker once instead of once per case."""
    _pending.append(_dumps(obj))
    if flush or len(_pending) >= 256:
        data = ("\n".join(_pending) + "\n").encode()
        _pending.clear()
        try:
            while data:
                data = data[_write(fd, data):]
        except OSError:
            pass


def _globals(name: str) -> dict:
    return {"__name__": name, "__builtins__": builtins, "__file__": "main.py"}


def _script(req: dict) -> int:
    try:
        exec(compile(req["code"], "main.py", "exec"), _globals("__main__"))
    except SystemExit as exc:
        return _exit_code(exc.code)
    except MemoryError:
        raise
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _load(req: dict, fd: int) -> dict | None:
    scope = _globals("__candidate__")
    try:
        exec(compile(req["code"], "candidate.py", "exec"), scope)
    except MemoryError:
        raise
    except BaseException as exc:
        _event(fd, {"load_error": _names(exc), "message": _tail(exc)}, flush=True)
        return None
    return scope


def _function(req: dict, fd: int) -> int:
    scope = _load(req, fd)
    if scope is None:
        return 1
    fn = _entry(scope, req["entry_point"])
    if not callable(fn):
        _event(fd, {"load_error": ["NameError"], "message": f"{req['entry_point']} is not defined"}, flush=True)
        return 1
    for index, case in enumerate(req.get("cases", [])):
        try:
            args = _rebuild(case.get("args") or "[]")
            kwargs = _rebuild(case.get("kwargs") or "{}")
            call, receiver = fn, None
            if case.get("receiver") is not None:
                receiver = _rebuild_receiver(case["receiver"])
                call = _bound(fn, req["entry_point"], receiver, scope)
        except MemoryError:
            raise
        except BaseException as exc:  # a project class that no longer takes these fields, say
            _event(fd, {"i": index, "unbuildable": f"{type(exc).__name__}: {_tail(exc)}"})
            continue
        try:
            value = call(*args, **kwargs)
            if case.get("take") is not None:  # a generator's first values
                value = list(_islice(value, case["take"]))
        except MemoryError:
            _pending.clear()
            _event(fd, {"i": index, "memory": True}, flush=True)
            return 1
        except BaseException as exc:
            _event(fd, {"i": index, "raised": _names(exc), "message": _tail(exc)})
            continue
        try:
            event = {"i": index, "value": _to_literal(value)}
            if case.get("state"):
                event["state"] = _state_literal(receiver)
            _event(fd, event)
        except _Unencodable as exc:
            _event(fd, {"i": index, "unencodable": str(exc)})
    _event(fd, {"done": req.get("nonce")}, flush=True)
    return 0


def _entry(scope: dict, name: str):
    """A function by name; `Class.method`: the method's function as the program's class holds it (a
    class method's or static method's, unwrapped)."""
    if "." not in name:
        return scope.get(name)
    owner, method = name.split(".", 1)
    cls = scope.get(owner)
    raw = cls.__dict__.get(_stored_name(owner, method)) if isinstance(cls, type) else None
    return getattr(raw, "__func__", raw) if isinstance(raw, (classmethod, staticmethod)) else raw


def _stored_name(owner: str, method: str) -> str:
    """The key of a method in its class's dictionary: a private name (`__x`) is stored as `_Class__x`."""
    if method.startswith("__") and not method.endswith("__") and owner.strip("_"):
        return f"_{owner.lstrip('_')}{method}"
    return method


def _bound(fn, entry: str, receiver, scope: dict):
    """The program's method as if defined in the receiver's own class, or the base of it that the task's
    class is (the one of that name that defines the method, if one does): that class takes the program's
    class's name in its globals and super()'s cell."""
    owner, method = entry.split(".", 1)
    start = receiver if isinstance(receiver, type) else type(receiver)
    named = [k for k in start.__mro__ if k.__qualname__ == owner]
    home = next((k for k in named if _stored_name(owner, method) in k.__dict__), named[0] if named else None)
    if home is None:
        raise TypeError(f"the receiver, a {start.__qualname__}, is no {owner}")
    scope[owner] = home
    if fn.__closure__ is not None and "__class__" in fn.__code__.co_freevars:
        cells = tuple(types.CellType(home) if name == "__class__" else cell
                      for name, cell in zip(fn.__code__.co_freevars, fn.__closure__))
        rebound = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, cells)
        rebound.__kwdefaults__ = fn.__kwdefaults__
        fn = rebound
    return types.MethodType(fn, receiver)


def _check(req: dict, fd: int) -> int:
    """The check in the candidate's own process (callers that give no prelude; judge runs checks apart)."""
    program = f"{req['code']}\n\n{req['test_code']}\n\ncheck({req['entry_point']})\n"
    return _run_check(req, fd, program, "candidate.py", _globals("__candidate__"))


def _run_check(req: dict, fd: int, program: str, filename: str, scope: dict) -> int:
    try:
        exec(compile(program, filename, "exec"), scope)
    except MemoryError:
        raise
    except BaseException as exc:
        _event(fd, {"check": "raised", "raised": _names(exc), "message": _tail(exc)}, flush=True)
        return 1
    _event(fd, {"check": "ok", "done": req.get("nonce")}, flush=True)
    return 0


def _load_quietly(req: dict) -> tuple[dict | None, dict | None]:
    """The candidate process's load: (scope, None), or (None, the answer every call gets instead)."""
    scope = _globals("__candidate__")
    try:
        exec(compile(req["code"], "candidate.py", "exec"), scope)
    except MemoryError:
        return None, {"memory": True}
    except BaseException as exc:
        return None, {"raised": _names(exc), "message": _tail(exc)}
    return scope, None


def _check_apart(req: dict, fd: int) -> int:
    """The checker process: the prompt and the check code, calling the candidate process (see apart.py)."""
    scope = _globals("__check__")
    scope["__sftmine_candidate__"] = apart.candidate_proxy(os.fdopen(apart.ANSWERS_IN, "rb"))
    return _run_check(req, fd, apart.check_program(req), "check.py", scope)


def _names(exc: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(exc).__mro__]


def _tail(exc: BaseException) -> str:
    try:
        return str(exc)[:300]
    except BaseException:
        return "<unprintable>"
