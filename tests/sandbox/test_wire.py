import ast
import io
import math

import pytest

from sftmine.checkers import same
from sftmine.sandbox import wire, wire_decode
from sftmine.sandbox.wire import Ref


@pytest.mark.parametrize("value", [
    1, -5, 2.5, True, None, "héllo\n", b"\x00\xff", [1, [2, (3,)]], (), (1,), {"a": {1: [None]}},
    {1, 2, 3}, frozenset({"x"}), complex(1, -2), float("inf"), float("-inf"), 10**40,
])
def test_literal_round_trip(value):
    assert wire.from_literal(wire.to_literal(value)) == value


def test_nan_round_trip():
    assert math.isnan(wire.from_literal(wire.to_literal(float("nan"))))


class AlwaysEqual:
    def __eq__(self, other):
        return True


class MyInt(int):
    pass


@pytest.mark.parametrize("value", [MyInt(3), [1, MyInt(2)], (x for x in []), type("Local", (), {}), object()])
def test_only_exact_builtin_types_encode(value):
    with pytest.raises(wire.Unencodable):
        wire.to_literal(value)


def test_an_object_whose_eq_says_yes_is_written_and_compared_by_its_attributes():
    text = wire.to_literal([1, AlwaysEqual()])
    assert text == f"[1, {__name__}.AlwaysEqual({{}})]"
    assert not same(wire.from_literal(text), [1, 2]) and same(wire.from_literal(text), wire.from_literal(text))


def test_from_literal_refuses_code():
    for text in ["__import__('os').system('true')", "open('/etc/passwd')", "float(1)", "[x for x in ()]"]:
        with pytest.raises((ValueError, SyntaxError, TypeError)):
            wire.from_literal(text)


def test_framing():
    buf = io.BytesIO()
    wire.send(buf, {"a": 1})
    wire.send(buf, [1, "two"])
    buf.seek(0)
    assert wire.recv(buf) == {"a": 1}
    assert wire.recv(buf) == [1, "two"]
    assert wire.recv(buf) is None


def test_large_message_through_a_pipe():
    import os
    import threading

    r, w = os.pipe()
    big = {"data": "x" * 5_000_000}
    with os.fdopen(w, "wb", buffering=0) as writer, os.fdopen(r, "rb", buffering=0) as reader:
        t = threading.Thread(target=wire.send, args=(writer, big))
        t.start()
        assert wire.recv(reader) == big
        t.join()


def test_values_for_check_code_hold_nothing_compared_by_its_own_eq():
    text = f"[{__name__}.AlwaysEqual({{}}), {__name__}.AlwaysEqual]"
    assert type(wire.rebuild(text)[0]) is AlwaysEqual
    for refused in (text, "unittest.mock.ANY"):
        with pytest.raises(ValueError, match="compared by its own __eq__"):
            wire.rebuild(refused, objects=False)
    assert wire.rebuild(f"[{__name__}.AlwaysEqual, len, collections.Counter({{'a': 1}})]", objects=False)[:2] == \
        [AlwaysEqual, len]


JSON_AND_PYTHON = ['[1, 2.5, -0.0, 1E400, 123456789012345678901234567890]', '["it\'s", "é", ""]', '{"a": [1, {"b": 2}]}',
                   '[[1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3]', '-7', '[]', '{}']
NOT_THE_FAST_WAY = ['"\\ud83d\\ude00"', "['a']", '{1: 2}', '(1, 2)', 'True', 'float("nan")', '[1, "true"]']


@pytest.mark.parametrize("text", JSON_AND_PYTHON + NOT_THE_FAST_WAY)
def test_the_json_shortcut_reads_what_the_grammar_reads(text):
    slow = wire_decode._Reader(wire_decode._record, Ref).value(ast.parse(text, mode="eval").body)
    fast = wire_decode._json_literal(text)
    assert (fast is wire_decode._NOT_JSON) == (text in NOT_THE_FAST_WAY)
    assert same(wire.from_literal(text), slow) and same(wire_decode.rebuild(text), slow)
    if fast is not wire_decode._NOT_JSON:
        assert same(fast, slow) and repr(fast) == repr(slow)


@pytest.mark.parametrize("text", ["true", "null", "[1, NaN]", "Infinity", "[1, -Infinity]"])
def test_json_words_stay_outside_the_grammar(text):
    with pytest.raises(ValueError):
        wire.from_literal(text)
