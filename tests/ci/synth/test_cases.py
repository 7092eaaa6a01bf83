"""Recorded parameters back into call arguments."""

from __future__ import annotations

import pytest

from sftmine.ci.record.traces import Call
from sftmine.ci.synth.cases import bind, object_paths, to_case, value_paths
from sftmine.records import Case
from sftmine.sandbox.wire import from_literal


def p(name, kind, text, default=False):
    return [name, kind, text, default]


@pytest.mark.parametrize("params, args, kwargs", [
    ([p("a", "pos", "1"), p("b", "pos", "2")], ["1", "2"], []),
    ([p("a", "pos", "1"), p("b", "pos", "2", True), p("c", "pos", "3")], ["1"], [("c", "3")]),
    ([p("a", "posonly", "1"), p("b", "posonly", "2", True), p("c", "pos", "3", True)], ["1", "2"], []),
    ([p("a", "pos", "1"), p("k", "kwonly", "5"), p("d", "kwonly", "0", True)], ["1"], [("k", "5")]),
    ([p("a", "pos", "1"), p("b", "pos", "2", True), p("rest", "varargs", "(3, 4)")], ["1", "2", "3", "4"], []),
    ([p("a", "pos", "1"), p("rest", "varargs", "()"), p("extra", "varkw", "{'x': [1]}")], ["1"], [("x", "[1]")]),
])
def test_bind(params, args, kwargs):
    assert bind(params) == (args, kwargs)


def test_a_case_holds_literals_the_judge_reads():
    case = to_case(Call([p("a", "pos", "'x'"), p("n", "kwonly", "2")], "'xx'", None))
    assert (from_literal(case.args), from_literal(case.kwargs), from_literal(case.expected)) == (["x"], {"n": 2}, "xx")
    assert case.origin == "traced" and case.raises is None


def test_a_raise_becomes_an_expected_exception():
    case = to_case(Call([p("a", "pos", "0")], None, "ZeroDivisionError"))
    assert case.raises == "ZeroDivisionError" and case.expected is None and case.kwargs is None


VERSION = "pkg.mod.Version({'major': 1, 'minor': 2})"


def test_value_paths_and_the_objects_among_them():
    case = Case(args=f"[[{VERSION}], collections.Counter({{'a': 1}})]", expected="pkg.mod.Point(x=1, y=pkg.mod.NOTHING)",
                state=f"{{'last': pkg.mod.Range({{'low': {VERSION}}})}}")
    assert value_paths(case) == {"pkg.mod.Version", "collections.Counter", "pkg.mod.Point", "pkg.mod.NOTHING",
                                 "pkg.mod.Range"}
    assert object_paths(case) == {"pkg.mod.Version", "pkg.mod.Range"}  # a record, a Counter, a name: no objects


def test_a_receiver_counts_by_its_attributes_not_as_an_object():
    plain = Case(args="[]", expected="1", receiver="pkg.mod.Box({'size': 1})")
    assert value_paths(plain) == object_paths(plain) == set()
    holding = Case(args="[]", expected="1", receiver=f"pkg.mod.Box({{'size': {VERSION}}})")
    assert object_paths(holding) == {"pkg.mod.Version"}
    older = Case(args="[]", expected="1", receiver=f"(pkg.mod.Box, {{'size': {VERSION}}})")  # earlier tasks' form
    assert object_paths(older) == {"pkg.mod.Version"}
