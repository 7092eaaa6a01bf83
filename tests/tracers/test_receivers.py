"""Methods: the receiver written so it can be rebuilt, its attributes after the call, and what stays out."""

from __future__ import annotations

import pytest

from sftmine.sandbox import wire

SHAPES = '''
    import enum


    class Counter:
        """Counts things."""

        def __init__(self, start=0):
            self.n = start
            self.log = []

        def add(self, k):
            """Add k; return the new count."""
            self.n += k
            self.log.append(k)
            return self.n

        def peek(self):
            """The count."""
            return self.n

        @classmethod
        def zero(cls, label):
            """A fresh counter."""
            return label

        @property
        def double(self):
            return 2 * self.n

        def __len__(self):
            return self.n


    class Point:
        __slots__ = ("x", "y")

        def __init__(self, x, y):
            self.x, self.y = x, y

        def norm1(self):
            return abs(self.x) + abs(self.y)


    class Color(enum.Enum):
        RED = 1

        def describe(self):
            return self.name.lower()


    class Bag(dict):
        def size(self):
            return len(self)


    class Holder:
        def __init__(self):
            self.thing = object()

        def get(self):
            return 1


    def local_counter():
        class Local(Counter):
            pass
        return Local()
'''


@pytest.fixture
def shapes(traced):
    t = traced()
    return t, t.module(f"rcv_shapes_{id(t)}", SHAPES, importable=True)


def rows(t, name):
    return t.by_name()[name]


def receiver(row):
    kind, text = row.params[0][1], row.params[0][2]
    assert kind == "self"
    return text


def test_a_plain_object_is_written_as_its_class_and_attributes_at_the_call(shapes):
    t, lib = shapes
    c = lib.Counter(5)
    t.run(lambda: [c.add(2), c.add(3), c.peek()])
    path = f"{lib.__name__}.Counter"
    first, second = rows(t, "Counter.add")
    assert receiver(first) == f"{path}({{'n': 5, 'log': []}})" and first.result == "7"
    assert first.after == "{'n': 7, 'log': [2]}"
    assert receiver(second) == f"{path}({{'n': 7, 'log': [2]}})" and second.after == "{'n': 10, 'log': [2, 3]}"
    [peek] = rows(t, "Counter.peek")
    assert peek.result == "10" and peek.after is None  # nothing changed: nothing to check after


def test_slots_a_class_method_and_an_enum_member(shapes):
    t, lib = shapes
    t.run(lambda: [lib.Point(3, -4).norm1(), lib.Counter.zero("z"), lib.Color.RED.describe()])
    assert receiver(rows(t, "Point.norm1")[0]) == f"{lib.__name__}.Point({{'x': 3, 'y': -4}})"
    assert receiver(rows(t, "Counter.zero")[0]) == f"{lib.__name__}.Counter"
    assert receiver(rows(t, "Color.describe")[0]) == f"{lib.__name__}.Color.RED"
    assert rows(t, "Color.describe")[0].result == "'red'"


def test_the_receiver_text_rebuilds_an_equal_object_without_running_init(shapes):
    t, lib = shapes
    t.run(lambda: [lib.Counter(4).add(1), lib.Point(1, 2).norm1()])
    counter = wire.rebuild_receiver(receiver(rows(t, "Counter.add")[0]))
    assert type(counter) is lib.Counter and vars(counter) == {"n": 4, "log": []}
    point = wire.rebuild_receiver(receiver(rows(t, "Point.norm1")[0]))
    assert (point.x, point.y) == (1, 2) and wire.state_literal(point) == "{'x': 1, 'y': 2}"
    assert wire.rebuild_receiver(f"{lib.__name__}.Counter") is lib.Counter


def test_properties_and_dunder_methods_stay_out(shapes):
    t, lib = shapes
    c = lib.Counter(1)
    t.run(lambda: [c.double, len(c)])
    skips = {name: info["skip"] for name, info in t.funcs().items()}
    assert skips["Counter.double"] == "method: property" and skips["Counter.__len__"] == "method: dunder"
    assert "Counter.double" not in t.by_name()


def test_receivers_that_cannot_be_rebuilt_are_dropped_with_their_reason(shapes):
    t, lib = shapes
    tests_module = t.module(f"test_rcv_shapes_{id(t)}", f"from {lib.__name__} import Counter\n\n\nclass Fake(Counter):\n    pass\n",
                            importable=True)
    t.run(lambda: [lib.Bag(a=1).size(), lib.Holder().get(), tests_module.Fake().peek(), lib.local_counter().peek()])
    assert rows(t, "Bag.size")[0].reason == "receiver: not plain data"
    assert rows(t, "Holder.get")[0].reason == "receiver: unrestorable: builtins.object"
    assert sorted(r.reason for r in rows(t, "Counter.peek")) == ["receiver: class defined in tests",
                                                                  "receiver: class not importable"]


def test_attributes_that_cannot_be_written_after_the_call_drop_it(traced):
    t = traced()
    lib = t.module(f"rcv_holder_{id(t)}", '''
        class Holder:
            def __init__(self):
                self.n = 1

            def spoil(self):
                self.thing = object()
                return 2
    ''', importable=True)
    t.run(lambda: lib.Holder().spoil())
    assert rows(t, "Holder.spoil")[0].reason == "receiver after the call: unrestorable: builtins.object"


def test_a_method_whose_receiver_parameter_is_missing_stays_out(traced):
    t = traced()
    lib = t.module(f"rcv_odd_{id(t)}", '''
        class Odd:
            def star(*args):
                return len(args)
    ''', importable=True)
    t.run(lambda: lib.Odd().star(1))
    assert t.funcs()["Odd.star"]["skip"] == "method: no receiver parameter"


def test_wrapped_methods_are_recorded_and_methods_of_nested_classes_stay_out_by_name(traced):
    t = traced()
    lib = t.module(f"rcv_nest_{id(t)}", '''
        import functools


        def logged(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*args)
            return wrapper


        class Outer:
            class Inner:
                def get(self):
                    return 1

            @logged
            def shout(self, text):
                return text.upper()

            @staticmethod
            def opaque(fn):
                def wrapper(*args):
                    return fn(*args)
                return wrapper

            @opaque
            def whisper(self, text):
                return text.lower()

            def __hidden(self):
                return 2

            def peek(self):
                return self.__hidden()
    ''', importable=True)
    t.run(lambda: [lib.Outer.Inner().get(), lib.Outer().shout("a"), lib.Outer().whisper("B"), lib.Outer().peek()])
    skips = {name: info["skip"] for name, info in t.funcs().items()}
    assert skips["Outer.Inner.get"] == "method: of a nested class"
    assert skips["Outer.shout"] == "" and rows(t, "Outer.shout")[0].result == "'A'"  # functools.wraps
    assert skips["Outer.whisper"] == "method: decorated (not found in its class)"
    assert skips["Outer.__hidden"] == "" and rows(t, "Outer.__hidden")[0].result == "2"  # stored as _Outer__hidden


def test_a_receiver_holding_an_iterator_or_a_finished_generator_is_rebuilt_where_it_stood(traced):
    t = traced()
    lib = t.module(f"rcv_parser_{id(t)}", '''
        def tokenize(text):
            yield from text.split()


        class Parser:
            def __init__(self, text):
                self.tokenizer = tokenize(text)
                self.tokens = list(self.tokenizer)  # the generator is finished from here on
                self.rest = iter(self.tokens)

            def advance(self):
                """The next token."""
                return next(self.rest)
    ''', importable=True)
    parser = lib.Parser("a b c")
    t.run(lambda: [parser.advance(), parser.advance()])
    first, second = rows(t, "Parser.advance")
    path = f"{lib.__name__}.Parser"
    assert receiver(first) == (f"{path}({{'tokenizer': exhausted_generator(), 'tokens': ['a', 'b', 'c'], "
                               f"'rest': iter(['a', 'b', 'c'])}})")
    assert first.after == "{'tokenizer': exhausted_generator(), 'tokens': ['a', 'b', 'c'], 'rest': iter(['b', 'c'])}"
    rebuilt = wire.rebuild_receiver(receiver(second))
    assert rebuilt.advance() == "b" and second.result == "'b'"
    assert wire.state_literal(rebuilt) == second.after
