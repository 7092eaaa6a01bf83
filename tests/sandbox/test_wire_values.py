"""The value grammar end to end: encoded in a child Python, read in the host, rebuilt in another child.

Each value is built and encoded by `wire_encode` in a child interpreter that imports the grammar by path,
as the sandbox does; the host reads the text without importing anything and must write back the same
text; a second child rebuilds it with `wire.rebuild`, checks it equals the original there, and encodes it
again to the same text.
"""

from __future__ import annotations

import functools
import json
import math
import operator
import subprocess
import sys
from pathlib import Path

import pytest

from sftmine.checkers import same
from sftmine.sandbox import wire

SANDBOX = Path(wire.__file__).parent
FIXTURES = Path(__file__).parents[1] / "fixtures" / "wire"
IMPORTS = ("import collections, datetime, decimal, fractions, functools, operator, pathlib, re, uuid\n"
           "from valuepkg.shapes import *\n")

ROUND_TRIPS = {
    "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)":
        "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)",
    "datetime.datetime(2024, 1, 2, fold=1)": "datetime.datetime(2024, 1, 2, fold=1)",
    "datetime.date(2020, 2, 29)": "datetime.date(2020, 2, 29)",
    "datetime.time(12, 30)": "datetime.time(12, 30)",
    "datetime.timedelta(days=-1, seconds=5)": "datetime.timedelta(days=-1, seconds=5)",
    "datetime.timedelta()": "datetime.timedelta()",
    "datetime.timezone(datetime.timedelta(hours=5, minutes=30), 'IST')":
        "datetime.timezone(datetime.timedelta(seconds=19800), 'IST')",
    "decimal.Decimal('1.50')": "decimal.Decimal('1.50')",
    "decimal.Decimal('-Infinity')": "decimal.Decimal('-Infinity')",
    "fractions.Fraction(3, 6)": "fractions.Fraction(1, 2)",
    "uuid.UUID(int=5)": "uuid.UUID('00000000-0000-0000-0000-000000000005')",
    "collections.OrderedDict(a=1, b=[2])": "collections.OrderedDict([('a', 1), ('b', [2])])",
    "collections.Counter('abca')": "collections.Counter({'a': 2, 'b': 1, 'c': 1})",
    "collections.defaultdict(list, {1: [2]})": "collections.defaultdict(list, {1: [2]})",
    "collections.deque([1, 2], 5)": "collections.deque([1, 2], 5)",
    "pathlib.PurePosixPath('a/b')": "pathlib.PurePosixPath('a/b')",
    "pathlib.Path('/tmp/x')": "pathlib.PosixPath('/tmp/x')",
    "re.compile('a+b', re.I)": "re.compile('a+b', 34)",
    "re.compile(b'x')": "re.compile(b'x')",
    "range(1, 10, 2)": "range(1, 10, 2)",
    "range(3)": "range(3)",
    "slice(1, None, 2)": "slice(1, None, 2)",
    "bytearray(b'ab')": "bytearray(b'ab')",
    "Point(1, 2.5)": "valuepkg.shapes.Point(x=1, y=2.5)",
    "Frozen('n', (1,))": "valuepkg.shapes.Frozen(name='n', tags=(1,))",
    "Line(Point(0), Point(1, float('inf')))":
        "valuepkg.shapes.Line(start=valuepkg.shapes.Point(x=0, y=0.0), end=valuepkg.shapes.Point(x=1, y=float('inf')))",
    "Pair(1, 'b')": "valuepkg.shapes.Pair(a=1, b='b')",
    "Old(1, 2)": "valuepkg.shapes.Old(u=1, v=2)",
    "Color.GREEN": "valuepkg.shapes.Color.GREEN",
    "Perm.W": "valuepkg.shapes.Perm.W",
    "Perm.R | Perm.W": "valuepkg.shapes.Perm(3)",
    "Box(3)": "valuepkg.shapes.Box(size=3, label='x')",
    "{Color.RED: [helper, len, int, Point]}": "{valuepkg.shapes.Color.RED: [valuepkg.shapes.helper, len, int, valuepkg.shapes.Point]}",
    "datetime.date": "datetime.date",
    "[Node('a'), Node('b', [Node('c')])]":
        "[valuepkg.shapes.Node({'name': 'a', 'children': []}), valuepkg.shapes.Node({'name': 'b', 'children': "
        "[valuepkg.shapes.Node({'name': 'c', 'children': []})]})]",
    "{'v': Version(1, 2, 'rc1')}": "{'v': valuepkg.shapes.Version({'_major': 1, '_minor': 2, '_pre': 'rc1'})}",
    "{Version(1): NOTHING}": "{valuepkg.shapes.Version({'_major': 1, '_minor': 0, '_pre': None}): valuepkg.shapes.NOTHING}",
    "Derived(1)": "valuepkg.shapes.Derived({'a': 1})",  # a dataclass that __init__ cannot rebuild
    "Tagged(Color.RED)": "valuepkg.shapes.Tagged({'tag': valuepkg.shapes.Color.RED})",
}

REFUSED = ["WithMeta(1)", "make_local()", "make_local_plain()", "[].append", "object()",
           "functools.partial(max, 1)", "operator.methodcaller('upper')",  # C types, heap types since 3.12
           "dict.fromkeys", "datetime.datetime(2024, 1, 1, tzinfo=type('Zone', (datetime.tzinfo,), {})())"]
# Plain-data objects whose attributes do not describe them, refused with the reason why.
REFUSED_WHY = {"Hidden(1)": "attribute behind a property", "Shadowed(1)": "attribute behind a property",
               "cycle()": "refers to itself", "shared()": "shared reference"}

ENCODE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import wire_encode
{imports}
out = []
for source in json.loads(sys.stdin.read()):
    try:
        out.append(wire_encode.to_literal(eval(source)))
    except wire_encode.Unencodable as exc:
        out.append({{"refused": exc.reason, **({{"why": exc.why}} if exc.why else {{}})}})
print(json.dumps(out))
"""

REBUILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import wire
{imports}
out = []
for source, text in json.loads(sys.stdin.read()):
    value = wire.rebuild(text)
    original = eval(source)
    out.append([wire.to_literal(value), value == original or value != value, type(value) is type(original)])
print(json.dumps(out))
"""


def child(script: str, payload: object) -> list:
    done = subprocess.run([sys.executable, "-c", script.format(imports=IMPORTS), str(SANDBOX)],
                          input=json.dumps(payload), capture_output=True, text=True, cwd=FIXTURES, check=True,
                          env={"PYTHONPATH": str(FIXTURES), "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def encoded() -> dict:
    sources = list(ROUND_TRIPS) + REFUSED + list(REFUSED_WHY) + ["deep()"]
    return dict(zip(sources, child(ENCODE, sources)))


@pytest.mark.parametrize("source", list(ROUND_TRIPS))
def test_each_value_type_encodes_to_its_canonical_text(encoded, source):
    assert encoded[source] == ROUND_TRIPS[source]


@pytest.mark.parametrize("source", list(ROUND_TRIPS))
def test_the_host_reads_every_text_without_importing_and_writes_it_back(source):
    text = ROUND_TRIPS[source]
    value = wire.from_literal(text)
    assert wire.to_literal(value) == text
    assert same(value, wire.from_literal(text))
    assert "valuepkg" not in sys.modules


def test_the_sandbox_rebuilds_each_value_equal_to_the_original():
    rebuilt = child(REBUILD, list(ROUND_TRIPS.items()))
    for (source, text), (again, equal, same_type) in zip(ROUND_TRIPS.items(), rebuilt):
        assert (again, equal, same_type) == (text, True, True), source


@pytest.mark.parametrize("source", REFUSED)
def test_values_outside_the_closed_set_are_refused_without_running_their_code(encoded, source):
    assert encoded[source] == {"refused": "unrestorable"}


@pytest.mark.parametrize("source", list(REFUSED_WHY))
def test_plain_objects_their_attributes_do_not_describe_are_refused_with_why(encoded, source):
    assert encoded[source] == {"refused": "unrestorable", "why": REFUSED_WHY[source]}


def test_an_object_nested_too_deeply_is_too_large(encoded):
    assert encoded["deep()"] == {"refused": "too_large"}


def test_the_sandbox_rebuilds_a_sentinel_as_the_very_object():
    script = REBUILD.replace("value == original or value != value", "value is original")
    assert child(script, [["NOTHING", "valuepkg.shapes.NOTHING"]]) == [["valuepkg.shapes.NOTHING", True, True]]


def test_host_objects_compare_by_class_path_and_attributes():
    text = "valuepkg.shapes.Version({'_major': 1, '_minor': 2, '_pre': None})"
    version = wire.from_literal(text)
    assert same(version, wire.from_literal("valuepkg.shapes.Version({'_minor': 2, '_major': 1, '_pre': None})"))
    assert not same(version, wire.from_literal(text.replace("2", "3")))
    assert not same(version, wire.from_literal(text.replace("valuepkg.shapes", "candidate")))
    assert not same(version, wire.from_literal("valuepkg.shapes.Version(_major=1, _minor=2, _pre=None)"))
    assert {version: 1}[wire.from_literal(text)] == 1  # hashable, though its attributes are a dictionary


def test_host_records_compare_by_structure():
    point = wire.from_literal("pkg.Point(x=1, y=float('nan'))")
    assert same(point, wire.from_literal("pkg.Point(x=1, y=float('nan'))"))
    assert not same(point, wire.from_literal("pkg.Point(x=2, y=float('nan'))"))
    assert not same(point, wire.from_literal("pkg.Other(x=1, y=float('nan'))"))
    assert not same(wire.from_literal("pkg.Pair(a=1, b=2)"), (1, 2))
    assert same(wire.from_literal("pkg.Color.RED"), wire.Ref("pkg.Color.RED"))
    assert not same(wire.from_literal("pkg.Color.RED"), wire.Ref("pkg.Color.BLUE"))


def test_containers_compare_by_type_and_nan_equals_nan():
    assert same([1, math.nan], [1, math.nan])
    assert same({"k": complex(math.nan, 1)}, {"k": complex(math.nan, 1)})
    assert not same({1, 2}, frozenset({1, 2}))
    assert not same([1], (1,))
    assert not same(wire.from_literal("collections.OrderedDict([(1, 2)])"), {1: 2})
    assert same(1, 1.0)


def test_a_package_s_main_module_is_part_of_a_path_but_no_other_dunder():
    args = wire.from_literal("natsort.__main__.TypedArgs({'reverse': False})")
    assert args == wire.Obj("natsort.__main__.TypedArgs", ({"reverse": False},))
    for text in ["__main__.x", "pkg.__main__.f.__globals__", "pkg.__init__"]:
        with pytest.raises(ValueError):
            wire.from_literal(text)


@pytest.mark.parametrize("text", ["os.system('true')", "open('/etc/passwd')", "__import__('os')", "x.__class__",
                                  "pkg.f(*a)", "pkg.f(**k)", "(lambda: 1)()", "pkg.f()()"])
def test_the_sandbox_refuses_what_is_not_a_construction(text):
    with pytest.raises((ValueError, SyntaxError, TypeError)):
        wire.rebuild(text)


def _started(iterator, steps: int = 1):
    for _ in range(steps):
        next(iterator)
    return iterator


def _finished():
    gen = (x for x in [1])
    list(gen)
    return gen


BY_IDENTITY = {  # an argument's iterator -> its text: what it still holds, rebuilt where it stands
    "iter([1, 2, 3])": lambda: _started(iter([0, 1, 2, 3])),
    "iter(('a',))": lambda: iter(("a",)),
    "iter('bc')": lambda: _started(iter("abc")),
    "iter(range(5, 9, 2))": lambda: _started(iter(range(3, 9, 2))),
    "reversed([1, 2])": lambda: _started(reversed([1, 2, 3])),
    "enumerate(iter(['y']), 3)": lambda: _started(enumerate(["x", "y"], 2)),
    "filter(None, iter([0, 1]))": lambda: filter(None, [0, 1]),
    "map(max, iter([1]), iter((2,)))": lambda: map(max, [1], (2,)),
    "zip(iter([1]), iter('a'))": lambda: zip([1], "a"),
    "iter([])": lambda: _started(iter([1])),
    "operator.itemgetter(1, 'k')": lambda: operator.itemgetter(1, "k"),
    "operator.attrgetter('real')": lambda: operator.attrgetter("real"),
    "operator.methodcaller('split', ',')": lambda: operator.methodcaller("split", ","),
    "functools.partial(max, 1, key=abs)": lambda: functools.partial(max, 1, key=abs),
    "exhausted_generator()": _finished,
}


@pytest.mark.parametrize("text", list(BY_IDENTITY))
def test_an_argument_that_compares_by_identity_is_written_as_the_call_that_makes_it(text):
    original = BY_IDENTITY[text]()
    assert wire.to_literal(original, arguments=True) == text
    rebuilt, fresh = wire.rebuild(text), BY_IDENTITY[text]()
    assert type(rebuilt) is type(fresh)
    if callable(fresh):
        assert wire.to_literal(rebuilt, arguments=True) == text
    else:
        assert list(rebuilt) == list(fresh)
    assert wire.to_literal(wire.from_literal(text)) == text


def test_an_iterator_is_never_a_return_value_or_an_expected_value():
    with pytest.raises(wire.Unencodable):
        wire.to_literal(iter([1]))
    with pytest.raises(ValueError, match="identity"):
        wire.rebuild("iter([1])", objects=False)
    gen = (x for x in [1])
    with pytest.raises(wire.Unencodable):  # a live generator runs code to be read: never
        wire.to_literal(gen, arguments=True)
    with pytest.raises(wire.Unencodable):  # keywords make methodcaller reduce to a partial of itself
        wire.to_literal(operator.methodcaller("split", sep=","), arguments=True)
    with pytest.raises(wire.Unencodable):
        wire.to_literal(functools.partial(lambda x: x, 1), arguments=True)


def test_a_module_is_written_as_its_import():
    import os.path

    assert wire.to_literal(os.path) == f"importlib.import_module({os.path.__name__!r})"
    assert wire.rebuild(wire.to_literal(os.path)) is os.path
    assert wire.to_literal([json]) == "[importlib.import_module('json')]"
