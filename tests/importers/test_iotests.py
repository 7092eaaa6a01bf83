"""APPS-style input_output -> stdio tests and call tests (literals, unwrapping, dropped values)."""

from __future__ import annotations

from sftmine.importers.iotests import call_tests, literal, stdio_tests, text_of


def test_stdio_text_and_lists_of_lines():
    io = {"inputs": ["1 2", ["3", "4"]], "outputs": ["3\n", ["7"]]}
    assert stdio_tests(io) == [{"input": "1 2\n", "output": "3\n"}, {"input": "3\n4\n", "output": "7\n"}]
    assert text_of("") == "" and text_of(5) == "5\n"


def test_call_tests_unwrap_only_when_every_output_is_wrapped():
    wrapped = {"inputs": [[1, 2], [3, 4]], "outputs": [[3], [7]]}
    assert [t["expected"] for t in call_tests(wrapped)] == ["3", "7"]
    mixed = {"inputs": [[1], [2]], "outputs": [[1], [1, 2]]}
    assert [t["expected"] for t in call_tests(mixed)] == ["[1]", "[1, 2]"]
    single = {"inputs": ["abc"], "outputs": [["cba"]]}
    assert call_tests(single) == [{"args": "['abc']", "expected": "'cba'", "origin": "official"}]


def test_values_without_a_literal_drop_the_case_only():
    io = {"inputs": [[1], [2]], "outputs": [float("inf"), 2]}
    assert [t["args"] for t in call_tests(io)] == ["[2]"]
    assert literal(float("nan")) is None and literal({"a": (1, None)}) == "{'a': (1, None)}"
