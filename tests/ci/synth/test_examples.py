"""Docstrings written from recorded calls: doctest form, the shortest calls, nothing too long."""

from __future__ import annotations

from sftmine.ci.synth.examples import MAX_CHARS, example_docstring
from sftmine.records import Case


def test_the_shortest_calls_that_returned_make_the_examples():
    cases = [Case(args="['a long argument']", expected="16"), Case(args="[[1, 2]]", kwargs="{'key': abs}", expected="3"),
             Case(args="[0]", raises="ValueError"), Case(args="['x']", expected="1")]
    assert example_docstring(cases, "size", "    ") == (
        '    """Examples, recorded from the project\'s own tests:\n\n'
        "    >>> size('x')\n    1\n\n    >>> size([1, 2], key=abs)\n    3\n    \"\"\"\n")


def test_a_method_shows_its_receiver_s_attributes_and_a_generator_its_first_values():
    method = Case(args="[2]", expected="7", receiver="pkg.mod.Counter({'n': 5})", state="{'n': 7}")
    assert ">>> obj.add(2)\n    7" in example_docstring([method], "Counter.add", "    ")
    assert "With obj a Counter whose attributes are {'n': 5}:" in example_docstring([method], "Counter.add", "    ")
    factory = Case(args="['z']", expected="'z'", receiver="pkg.mod.Counter")
    assert ">>> Counter.zero('z')" in example_docstring([factory], "Counter.zero", "    ")
    gen = Case(args="[3]", expected="[0, 1]", take=2)
    assert ">>> list(itertools.islice(count_up(3), 2))\n[0, 1]" in example_docstring([gen], "count_up", "")


def test_no_docstring_when_every_call_is_too_long_or_raised_or_would_break_the_quotes():
    assert example_docstring([Case(args=repr(["x" * MAX_CHARS]), expected="1")], "f", "") is None
    assert example_docstring([Case(args="[1]", raises="KeyError")], "f", "") is None
    assert example_docstring([Case(args="['\"\"\"']", expected="1")], "f", "") is None
    backslash = example_docstring([Case(args="['a\\\\b']", expected="3")], "f", "    ")
    assert backslash.startswith('    r"""') and compile(f"def f(s):\n{backslash}", "f", "exec")


def test_a_call_that_returned_something_comes_before_a_shorter_one_that_returned_none():
    cases = [Case(args="[1]", expected="None"), Case(args="['long argument']", expected="'LONG ARGUMENT'")]
    text = example_docstring(cases, "shout", "    ")
    assert text.index("shout('long argument')") < text.index("shout(1)")
