"""Capture: the profile callback that snapshots calls of the project's own functions.

Standard library only; Python 3.8 and up. The callback sees every call and return of every thread.
The cheap path (a frame that is not the project's, or a function whose quota is full) is one dict lookup
on the code object; everything else (classification, finding the function object and its defaults,
encoding values) happens once per code object or only for calls that are kept.

A call is kept as: its arguments bound to parameter names at call time (each flagged when it is the
parameter's default), and at exit its return value or the name of the exception it raised. A method's
receiver is its first parameter, of kind `self`, written so that it can be rebuilt (`receivers`); when a
method returns, its receiver's attributes are read again and kept when the call changed them. The profile
hook cannot see the exception of a frame that unwinds, so such a call waits until the next event of its
thread, by which time a handler (an `except` block, `pytest.raises`' `__exit__`) holds the exception;
it is matched to the call by the frame in its traceback.
"""

from __future__ import annotations

import dis
import json
import sys
import threading
import types

from . import codec, generators, receivers
from .functions import MISSING, find_function, in_traceback, parameter_spec
from .paths import Scope

RETURN_OPS = frozenset(dis.opmap[n] for n in ("RETURN_VALUE", "RETURN_CONST") if n in dis.opmap)
OPTIMIZED = 0x01  # set on function bodies, not on module or class bodies


class Func:
    """What the recorder knows about one project function, and its counters."""

    __slots__ = ("key", "module", "qualname", "file", "line", "kind", "skip", "spec", "co_code", "seen",
                 "attempts", "duplicates", "recorded", "inputs", "generator")

    def __init__(self, code: types.CodeType, module: str, qualname: str, kind: str, skip: str = "") -> None:
        self.key = f"{code.co_filename}:{code.co_firstlineno}:{qualname}"
        self.module, self.qualname, self.kind, self.skip = module, qualname, kind, skip
        self.file, self.line = code.co_filename, code.co_firstlineno
        self.spec: list = []
        self.co_code = code.co_code  # a property that copies on 3.11+: read it once
        self.seen = self.attempts = self.duplicates = self.recorded = 0
        self.inputs: set = set()
        self.generator = False

    def info(self) -> dict:
        return {"module": self.module, "qualname": self.qualname, "file": self.file, "line": self.line,
                "kind": self.kind, "skip": self.skip, "seen": self.seen, "attempts": self.attempts,
                "duplicates": self.duplicates, **({"generator": True} if self.generator else {})}

    def reset_counters(self) -> None:
        self.seen = self.attempts = self.duplicates = 0


class Recorder:
    def __init__(self, config: dict, logger) -> None:
        self.scope = Scope(config["root"], config.get("exclude", ()))
        self.admit = codec.project_or_stdlib(self.scope)  # whose classes a value may name by import path
        self.max_calls = int(config.get("max_calls", 20))
        self.max_attempts = int(config.get("max_attempts", 100))
        self.max_bytes = int(config.get("max_bytes", 4096))
        self.max_items = int(config.get("max_items", 10))  # a generator's first values kept per call
        self.driver = "profile"  # the monitoring driver says so before anything is classified
        self.logger = logger
        self.codes: dict = {}  # code object -> Func being recorded, or False
        self.active: dict = {}  # frame -> (Func, params) for calls in progress; generators: + [values]
        self.pending: list = []  # (frame, Func, params, thread id) for calls that unwound

    def classify(self, frame: types.FrameType):
        code = frame.f_code
        func = False
        try:
            func = self._classify(frame, code)
        except Exception as exc:  # noqa: BLE001 - never into the traced program
            self.logger.failed(exc)
        self.codes[code] = func
        return func

    def _classify(self, frame: types.FrameType, code: types.CodeType):
        if code.co_name.startswith("<") or not code.co_flags & OPTIMIZED \
                or not self.scope.contains(code.co_filename):
            return False
        module = frame.f_globals.get("__name__") or ""
        fn, kind, qualname = find_function(frame.f_globals, code)
        func = Func(code, module, qualname, kind)
        if code.co_flags & generators.KINDS:
            func.skip = generators.unsupported(code.co_flags, self.driver)
            func.generator = True
        if func.skip:
            pass
        elif kind in ("method", "classmethod", "property"):
            func.spec = parameter_spec(fn, self.max_bytes, self.admit) if fn is not None else []
            func.skip = receivers.unsupported(code, kind, qualname, func.spec, fn is not None)
            if not func.skip:
                name, _kind, default, text = func.spec[0]
                func.spec[0] = (name, "self", default, text)
        elif kind == "unplaced":
            func.skip = "decorated or nested (not found by name)"
        elif kind not in ("function", "staticmethod"):
            func.skip = kind
        else:
            func.spec = parameter_spec(fn, self.max_bytes, self.admit)
        self.logger.track(func)
        return False if func.skip else func

    def on_call(self, frame: types.FrameType, func: Func) -> None:
        if func.generator and self.driver == "profile" and not generators.starting(frame, func.co_code):
            entry = self.active.get(frame)
            if entry is not None and generators.thrown_into(frame, func.co_code):
                self.finished(self.active.pop(frame), exhausted=False)  # what follows a throw() is not islice's
            elif entry is not None:
                entry[3][1] = frame.f_lasti
            return
        func.seen += 1
        if func.attempts >= self.max_attempts or func.recorded >= self.max_calls:
            self.codes[frame.f_code] = False  # quota full: from now on this code costs one lookup
            return
        func.attempts += 1
        try:
            params, before = self._snapshot(frame.f_locals, func.spec)
        except codec.Refused as refused:
            self.logger.log(row(func, reason=refused.label))
            return
        key = tuple(p[2] for p in params)
        if key in func.inputs:
            func.duplicates += 1
            return
        func.inputs.add(key)
        func.recorded += 1
        # A generator's entry also holds its values so far and [bytes left, where it last resumed]; a
        # method's on a plain-data object, the receiver and the text of its attributes at the call.
        if func.generator:
            self.active[frame] = (func, params, [], [self.max_bytes, -1])
        else:
            self.active[frame] = (func, params) if before is None else (func, params, local_receiver(frame), before)

    def _snapshot(self, local: dict, spec: list) -> tuple:
        """The call's parameters, and the text of its receiver's attributes (None when there are none)."""
        params, left, before = [], self.max_bytes, None
        for name, kind, default, default_text in spec:
            value = local[name]
            if kind == "self":
                text, before = receivers.encode(value, left, self.admit, self.scope)
            else:
                text = codec.encode(value, left, self.admit, argument=True)
            left -= len(text)
            is_default = default is not MISSING and (value is default or text == default_text)
            params.append([name, kind, text, is_default])
        return params, before

    def on_return(self, frame: types.FrameType, entry: tuple, value: object) -> None:
        """Profile hook: a frame left; by its last instruction, either it returned or it is unwinding."""
        func = entry[0]
        if func.generator:
            self.generator_stopped(frame, entry, value)
            return
        if func.co_code[frame.f_lasti] not in RETURN_OPS:
            self.pending.append((frame, func, entry[1], threading.get_ident()))
            return
        self.returned(entry, value)

    def returned(self, entry: tuple, value: object) -> None:
        func, params = entry[0], entry[1]
        if func.generator:
            self.finished(entry, exhausted=True)
            return
        try:
            text = codec.encode(value, self.max_bytes, self.admit)
            after = receivers.after(entry[2], self.max_bytes, self.admit) if len(entry) == 4 else None
            changed = after if after is not None and after != entry[3] else None
            self.logger.log(row(func, params, text, after=changed))
        except codec.Refused as refused:
            self.logger.log(row(func, params, reason=refused.label))

    def raised(self, entry: tuple, exc: BaseException) -> None:
        func, params = entry[0], entry[1]
        if func.generator:
            self.finished(entry, exhausted=False)
            return
        self.logger.log(row(func, params, raised=type(exc).__name__))

    def generator_stopped(self, frame: types.FrameType, entry: tuple, value: object) -> None:
        """The profile hook's "return" of a generator frame: a yield (it stays active), an end, or an unwind."""
        how = generators.stopped(frame, entry[0].co_code, entry[3][1], value)
        if how == generators.YIELDED:
            if self.yielded(entry, value):
                self.active[frame] = entry
        else:
            self.finished(entry, exhausted=how == generators.RETURNED)

    def yielded(self, entry: tuple, value: object) -> bool:
        """Keep one yielded value; False once the generator is done with (enough values, or one not kept)."""
        func, params, values, left = entry
        try:
            text = codec.encode(value, left[0], self.admit)
        except codec.Refused as refused:
            if not values:
                self.logger.log(row(func, params, reason=refused.label))
            else:
                self.finished(entry, exhausted=False)  # the values before this one still make a test
            return False
        values.append(text)
        left[0] -= len(text) + 2
        if len(values) >= self.max_items:
            self.finished(entry, exhausted=False)
            return False
        return True

    def finished(self, entry: tuple, exhausted: bool) -> None:
        """A generator's call: its values, and how many to take (one more when it ended: the test checks
        that it stops there). One that stopped before its first value, unexplained, is not kept."""
        func, params, values = entry[0], entry[1], entry[2]
        if not values and not exhausted:
            self.logger.log(row(func, params, reason="no value before it stopped"))
            return
        text = "[" + ", ".join(values) + "]"
        self.logger.log(row(func, params, text, items=len(values) + exhausted))

    def resolve(self, event: str) -> None:
        """Match calls that unwound to the exception a handler of this thread now holds."""
        me, exc = threading.get_ident(), sys.exc_info()[1]
        keep = []
        for item in list(self.pending):
            frame, func, params, thread = item
            if thread != me:
                keep.append(item)
            elif exc is not None and in_traceback(exc, frame):
                self.raised((func, params), exc)
            elif event in ("call", "c_call"):
                self.logger.log(row(func, params, reason="raise_unresolved"))
            else:
                keep.append(item)
        self.pending[:] = keep

    def unfinished(self) -> None:
        """At exit: calls still in progress (the process is leaving from inside them)."""
        for entry in list(self.active.values()):
            func, params = entry[0], entry[1]
            if func.generator and entry[2]:
                self.finished(entry, exhausted=False)  # a suspended generator: its first values stand
            else:
                self.logger.log(row(func, params, reason="unfinished"))
        self.active.clear()


def row(func: Func, params=None, result=None, raised=None, reason=None, items=None, after=None) -> tuple:
    """One `calls` row of the store (see store.py)."""
    return (func.key, None if params is None else json.dumps(params), result, raised, reason, items, after)


def local_receiver(frame: types.FrameType) -> object:
    """The receiver as the frame holds it at the call: its first argument."""
    return frame.f_locals[frame.f_code.co_varnames[0]]


def make_profiler(rec: Recorder):
    """The callback for sys.setprofile/threading.setprofile (the driver before Python 3.12, and the
    fallback when sys.monitoring's profiler slot is taken), with its hot names bound as locals."""
    codes_get, active, pending = rec.codes.get, rec.active, rec.pending
    classify, on_call, on_return, resolve, failed = (rec.classify, rec.on_call, rec.on_return, rec.resolve,
                                                     rec.logger.failed)

    def profile(frame, event, arg):
        try:
            if event == "call":
                if pending:
                    resolve(event)
                func = codes_get(frame.f_code)
                if func is None:
                    func = classify(frame)
                if func is not False:
                    on_call(frame, func)
            elif event == "return":
                if active:
                    entry = active.pop(frame, None)
                    if entry is not None:
                        on_return(frame, entry, arg)
            elif pending and event == "c_call":
                resolve(event)
        except Exception as exc:  # noqa: BLE001 - the hook never raises into the traced program
            failed(exc)

    return profile
