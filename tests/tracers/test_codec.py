"""The recorder's codec: literal text that sftmine's wire decoder reads back, or a counted refusal."""

from __future__ import annotations

import collections
import enum
import math
from pathlib import Path
from unittest import mock

import pytest

from sftmine.records import Origin
from sftmine.sandbox import wire
from sftmine.sandbox.wire import from_literal
from tracers import codec
from tracers.paths import Scope

VALUES = [
    None, True, False, 0, -7, 2**70, 3.5, -0.0, 1e300, "", "tab\there", "ünï", b"\x00\xff", 1 + 2j, complex(0, -1),
    [], (), {}, (1,), (1, "a"), [1, [2, [3]]], {"k": [1, 2], 3: (4,)}, {1, 2, 3}, frozenset({"x"}), set(),
    {(1, 2): frozenset([1])},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_every_plain_value_round_trips_through_wire(value):
    text = codec.encode(value)
    back = from_literal(text)
    assert back == value and type(back) is type(value)


def test_special_floats_are_spelled_out():
    assert codec.encode(float("inf")) == "float('inf')"
    assert codec.encode(float("-inf")) == "float('-inf')"
    assert math.isnan(from_literal(codec.encode(float("nan"))))


def test_set_text_is_sorted_so_equal_sets_give_equal_text():
    assert codec.encode({3, 1, 2}) == codec.encode({2, 3, 1}) == "set([1, 2, 3])"


class Color(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize("value", [Color.RED, object(), lambda: 1, collections.namedtuple("P", "x")(1), [1, object()],
                                   collections.OrderedDict(a=Color.RED)], ids=repr)
def test_objects_and_classes_outside_the_project_are_unrestorable(value):
    with pytest.raises(codec.Refused) as info:
        codec.encode(value)
    assert info.value.reason == codec.UNRESTORABLE


def test_standard_library_values_and_references_are_restorable():
    value = [collections.OrderedDict(a=range(3)), math.floor, enum.Enum]
    assert codec.encode(value) == "[collections.OrderedDict([('a', range(3))]), math.floor, enum.Enum]"


def test_classes_of_the_project_are_named_but_not_those_of_its_tests():
    root = Path(__file__).parents[2]
    admit = codec.project_or_stdlib(Scope(str(root)))
    assert codec.encode(Origin.TRACED, admit=admit) == "sftmine.records.Origin.TRACED"
    with pytest.raises(codec.Refused) as info:
        codec.encode(Color.RED, admit=admit)  # tests/ is under the root, but not the project's code
    assert info.value.label == "unrestorable: tests.tracers.test_codec.Color"


@pytest.mark.parametrize("double", [mock.Mock(), mock.MagicMock(), [1, mock.sentinel.thing], {"k": mock.NonCallableMock()}])
def test_test_doubles_are_refused_as_mocks(double):
    with pytest.raises(codec.Refused) as info:
        codec.encode(double)
    assert info.value.reason == codec.MOCK


@pytest.mark.parametrize("value", ["x" * 5000, list(range(5000)), 10**20000, b"y" * 9000, {i: i for i in range(3000)}],
                         ids=["str", "list", "int", "bytes", "dict"])
def test_values_over_the_budget_are_too_large(value):
    with pytest.raises(codec.Refused) as info:
        codec.encode(value, budget=4096)
    assert info.value.reason == codec.TOO_LARGE


def test_deep_nesting_is_refused_not_a_recursion_error():
    value: list = []
    for _ in range(200):
        value = [value]
    with pytest.raises(codec.Refused):
        codec.encode(value, budget=10**6)


def test_budget_counts_the_whole_value():
    assert codec.encode([1, 2, 3], budget=9) == "[1, 2, 3]"
    with pytest.raises(codec.Refused):
        codec.encode([1, 2, 3], budget=8)


def test_a_clever_repr_is_never_called():
    class Loud(str):
        def __repr__(self):
            raise AssertionError("the codec ran the traced program's code")

    with pytest.raises(codec.Refused):
        codec.encode(Loud("x"))


OBJECTS = '''
    class Version:
        __slots__ = ("major", "minor")

        def __init__(self, major, minor=0):
            self.major, self.minor = major, minor


    class Range:
        def __init__(self, low, high):
            self.low, self.high = low, high


    ANY = Range(None, None)


    def bump(version, by=1):
        """The next minor version."""
        return Version(version.major, version.minor + by)


    def widest(ranges):
        """One range over all of them."""
        return Range(min(r.low for r in ranges), max(r.high for r in ranges)) if ranges else ANY


    def keep(value):
        return value


    def local():
        class Local:
            pass
        return Local()


    def loop():
        r = Range(0, 1)
        r.high = r
        return r
'''


def test_the_project_s_plain_objects_are_values_as_arguments_returns_and_items(traced):
    t = traced()
    lib = t.module(f"objects_{id(t)}", OBJECTS, importable=True)
    t.run(lambda: [lib.bump(lib.Version(1, 2)), lib.widest([lib.Range(1, 2), lib.Range(0, 1)]), lib.widest([])])
    path = lib.__name__
    [bump] = t.by_name()["bump"]
    assert bump.params[0][2] == f"{path}.Version({{'major': 1, 'minor': 2}})"
    assert bump.result == f"{path}.Version({{'major': 1, 'minor': 3}})"
    first, empty = t.by_name()["widest"]
    assert first.params[0][2] == f"[{path}.Range({{'low': 1, 'high': 2}}), {path}.Range({{'low': 0, 'high': 1}})]"
    assert first.result == f"{path}.Range({{'low': 0, 'high': 2}})"
    assert empty.result == f"{path}.ANY"  # a module-level object is itself, not a copy
    rebuilt = wire.rebuild(bump.result)
    assert type(rebuilt) is lib.Version and (rebuilt.major, rebuilt.minor) == (1, 3)


def test_objects_that_cannot_be_values_are_dropped_with_their_type_and_why(traced):
    t = traced()
    lib = t.module(f"objects_{id(t)}", OBJECTS, importable=True)
    tests_module = t.module(f"test_objects_{id(t)}", "class Fake:\n    pass\n", importable=True)
    t.run(lambda: [lib.keep(tests_module.Fake()), lib.keep([lib.local()]), lib.loop()])
    fake, local = t.by_name()["keep"]
    assert fake.reason == f"unrestorable: {tests_module.__name__}.Fake (class defined in tests)"
    assert local.reason == f"unrestorable: {lib.__name__}.local.<locals>.Local (class not importable)"
    assert t.by_name()["loop"][0].reason == f"unrestorable: {lib.__name__}.Range (refers to itself)"
