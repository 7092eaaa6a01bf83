"""The profile callback: what it records for the project's functions, and what it leaves alone."""

from __future__ import annotations

import json
import threading
from unittest import mock

LIB = '''
    import threading

    def add(a, b, scale=1):
        """Add, then scale."""
        return (a + b) * scale

    def div(a, b):
        return a / b

    def safe_div(a, b):
        try:
            return div(a, b)
        except ZeroDivisionError as exc:
            return repr(exc)

    def quiet_div(a, b):
        try:
            return div(a, b)
        except ZeroDivisionError:
            return None

    def star(first, *rest, flag=False, **extra):
        return [first, list(rest), flag, sorted(extra)]

    def posonly(a, b=2, /, c=3):
        return a + b + c

    def gen(n):
        yield from range(n)

    class Box:
        def __init__(self, v):
            self.v = v

        def get(self):
            return self.v

        @staticmethod
        def double(x):
            return 2 * x

        @classmethod
        def make(cls, v):
            return cls(v)

    def nested():
        def inner(x):
            return x
        return inner(1)

    def in_thread(x):
        out = []
        t = threading.Thread(target=lambda: out.append(add(x, x)))
        t.start()
        t.join()
        return out[0]
'''


def values(row):
    return {name: text for name, _kind, text, _default in row.params}


def test_calls_are_bound_to_parameter_names_with_defaults_flagged(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.add(1, 2), lib.add(1, 2, scale=3), lib.add(a=5, b=6)])
    rows = t.by_name()["add"]
    assert [(values(r), r.result) for r in rows] == [
        ({"a": "1", "b": "2", "scale": "1"}, "3"), ({"a": "1", "b": "2", "scale": "3"}, "9"),
        ({"a": "5", "b": "6", "scale": "1"}, "11")]
    assert [p[3] for p in rows[0].params] == [False, False, True]
    assert [p[1] for p in rows[0].params] == ["pos", "pos", "pos"]


def test_a_raised_exception_is_recorded_by_name_even_through_traced_callers(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.safe_div(1, 0), lib.safe_div(6, 3)])
    by_name = t.by_name()
    assert [(r.result, r.raised) for r in by_name["div"]] == [(None, "ZeroDivisionError"), ("2.0", None)]
    assert [(r.result, r.raised) for r in by_name["safe_div"]] == [
        ("\"ZeroDivisionError('division by zero')\"", None), ("2.0", None)]


def test_a_raise_no_handler_call_shows_is_dropped_as_unresolved(traced):
    # The profile hook never sees an unwinding frame's exception; a handler that calls nothing
    # (`except E: return None`) leaves no moment at which a handler holds it.
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.quiet_div(1, 0), lib.add(1, 1)])
    assert [(r.raised, r.reason) for r in t.by_name()["div"]] == [(None, "raise_unresolved")]


def test_pytest_raises_resolves_the_exception(traced):
    import pytest

    t = traced()
    lib = t.module("lib", LIB)

    def check():
        with pytest.raises(ZeroDivisionError):
            lib.div(1, 0)

    t.run(check)
    assert [r.raised for r in t.by_name()["div"]] == ["ZeroDivisionError"]


def test_varargs_kwonly_and_positional_only_parameters(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.star(1, 2, 3, flag=True, z=1), lib.posonly(1, c=5)])
    star = t.by_name()["star"][0]
    assert [(p[0], p[1], p[2]) for p in star.params] == [
        ("first", "pos", "1"), ("flag", "kwonly", "True"), ("rest", "varargs", "(2, 3)"), ("extra", "varkw", "{'z': 1}")]
    pos = t.by_name()["posonly"][0]
    assert [(p[0], p[1], p[3]) for p in pos.params] == [("a", "posonly", False), ("b", "posonly", True),
                                                         ("c", "pos", False)]


def test_functions_static_methods_methods_and_class_methods_are_recorded(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.Box(1).get(), lib.Box.double(4), lib.Box.make(2), list(lib.gen(2)), lib.nested()])
    # generators: see test_generators.py; methods and their receivers: test_receivers.py
    assert set(t.by_name()) == {"Box.double", "Box.get", "Box.make", "nested", "gen"}
    skips = {name: info["skip"] for name, info in t.funcs().items()}
    assert skips["Box.__init__"] == "method: dunder" and skips["nested.<locals>.inner"] == "nested"
    assert skips["Box.get"] == skips["Box.make"] == ""


def test_distinct_inputs_only_and_a_cap_per_function(traced):
    t = traced(max_calls=3)
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.add(i % 5, 1) for i in range(50)])
    assert len(t.by_name()["add"]) == 3
    info = t.funcs()["add"]
    assert info["duplicates"] == 0 and info["attempts"] == 3  # the quota closed the function after 3


def test_duplicates_are_counted_not_stored(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.add(1, 1) for _ in range(4)])
    assert len(t.by_name()["add"]) == 1
    assert t.funcs()["add"]["duplicates"] == 3


def test_mocks_unrestorable_and_oversized_values_are_dropped_with_a_reason(traced):
    t = traced(max_bytes=64)
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.add(mock.MagicMock(), 1), lib.add([1], [object()]), lib.add("x" * 100, "y"),
                   lib.Box.double([object()])])
    assert sorted(r.reason.split(":")[0] for r in t.by_name()["add"]) == ["mock", "too_large", "unrestorable"]
    assert [r.reason.split(":")[0] for r in t.by_name()["Box.double"]] == ["unrestorable"]
    assert all(r.reason.startswith("unrestorable: ") for r in t.by_name()["Box.double"])


def test_inputs_are_snapshot_at_call_time(traced):
    t = traced()
    lib = t.module("lib", '''
        def drain(items):
            """Empty the list, return how many there were."""
            n = len(items)
            items.clear()
            return n
    ''')
    t.run(lambda: lib.drain([1, 2, 3]))
    row = t.by_name()["drain"][0]
    assert json.loads(row._params)[0][2] == "[1, 2, 3]" and row.result == "3"


def test_threads_started_after_install_are_recorded(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: lib.in_thread(21))
    assert [r.result for r in t.by_name()["add"]] == ["42"]
    assert threading.active_count() >= 1


def test_files_outside_the_root_and_test_files_are_not_recorded(traced, tmp_path):
    t = traced()
    test_module = t.module("test_things", "def helper(x):\n    return x\n")
    t.run(lambda: [test_module.helper(1), json.dumps([1])])
    assert t.calls() == [] and t.funcs() == {}


def test_a_failing_recorder_never_raises_into_the_program(traced):
    t = traced()
    lib = t.module("lib", LIB)

    def broken(*_args):
        raise RuntimeError("recorder bug")

    t.recorder.on_call = broken  # the profiler binds its hot methods when made
    assert t.run(lambda: [lib.add(1, 2), lib.div(4, 2)]) == [3, 2.0]
    assert t.logger.meta["failures"] >= 2
    assert "RuntimeError: recorder bug" in t.logger.meta["last_error"]


def test_iterator_arguments_are_recorded_as_what_they_hold_and_modules_by_import(traced):
    t = traced()
    lib = t.module("lib", '''
        import json

        def total(items):
            """Sum what is left of an iterable."""
            return sum(items)

        def first(items):
            """The first item of an iterable."""
            return next(iter(items))

        def numbered(items):
            """The items with their numbers, as an iterator."""
            return enumerate(items)

        def dumper(module):
            """The name of a serialising module."""
            return module.__name__
    ''')
    t.run(lambda: [lib.total(iter([1, 2, 3])), lib.first(enumerate([4], 1)), lib.numbered([1]),
                   lib.dumper(lib.json)])
    rows = t.by_name()
    assert [(json.loads(r._params)[0][2], r.result) for r in rows["total"] + rows["first"]] == [
        ("iter([1, 2, 3])", "6"), ("enumerate(iter([4]), 1)", "(1, 4)")]
    assert rows["numbered"][0].reason == "unrestorable: builtins.enumerate"
    assert json.loads(rows["dumper"][0]._params)[0][2] == "importlib.import_module('json')"


def test_a_function_wrapped_with_functools_wraps_is_recorded_and_an_opaque_wrapper_is_not(traced):
    t = traced()
    lib = t.module("lib", '''
        import functools

        def deprecated(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs)
            return wrapper

        def opaque(fn):
            return lambda *args: fn(*args)

        @deprecated
        def bump(version):
            """The next major version."""
            return version + 1

        @functools.lru_cache(maxsize=None)
        def square(x):
            """x squared, cached."""
            return x * x

        @opaque
        def hidden(x):
            return x
    ''')
    t.run(lambda: [lib.bump(1), lib.square(3), lib.hidden(2)])
    assert [r.result for r in t.by_name()["bump"]] == ["2"] and t.funcs()["bump"]["skip"] == ""
    assert [r.result for r in t.by_name()["square"]] == ["9"]
    assert t.funcs()["hidden"]["skip"] == "decorated or nested (not found by name)"
