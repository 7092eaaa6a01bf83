"""What a forked child runs after it has dropped privileges: a script, function calls, or a check.

Standard library only (it lives beside the worker inside the sandbox). Results go to a separate file
descriptor as JSON lines, one per event, so the candidate's own prints cannot be mistaken for them and
a crash midway keeps the events already written. Arguments are rebuilt with `wire.rebuild` and results
encoded with `wire.to_literal` (the closed value grammar); the host reads and compares them.
"""

from __future__ import annotations

import builtins
import json
import os
import sys
import traceback
from itertools import islice as _islice

import apart
import wire

_write = os.write
_dumps = json.dumps
_to_literal = wire.to_literal
_rebuild = wire.rebuild
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
    fn = scope.get(req["entry_point"])
    if not callable(fn):
        _event(fd, {"load_error": ["NameError"], "message": f"{req['entry_point']} is not defined"}, flush=True)
        return 1
    for index, case in enumerate(req.get("cases", [])):
        try:
            args = _rebuild(case.get("args") or "[]")
            kwargs = _rebuild(case.get("kwargs") or "{}")
        except MemoryError:
            raise
        except BaseException as exc:  # a project class that no longer takes these fields, say
            _event(fd, {"i": index, "unbuildable": f"{type(exc).__name__}: {_tail(exc)}"})
            continue
        try:
            value = fn(*args, **kwargs)
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
            _event(fd, {"i": index, "value": _to_literal(value)})
        except _Unencodable as exc:
            _event(fd, {"i": index, "unencodable": str(exc)})
    _event(fd, {"done": req.get("nonce")}, flush=True)
    return 0


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
