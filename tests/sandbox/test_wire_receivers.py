"""A method's receiver rebuilt from its class and attributes, with no code of the class running."""

from __future__ import annotations

import pytest

from sftmine.sandbox import wire

HERE = __name__


class Guarded:
    """Its __init__ and __setattr__ refuse to run: the rebuild must use neither."""

    def __init__(self):
        raise AssertionError("__init__ ran")

    def __setattr__(self, name, value):
        raise AssertionError("__setattr__ ran")


class Slotted:
    __slots__ = ("a", "b")


class Both(Slotted):
    pass


class Bag(dict):
    pass


def test_a_plain_object_is_made_and_filled_without_its_init_or_setattr():
    obj = wire.rebuild_receiver(f"{HERE}.Guarded({{'n': [1, 2], 'name': 'x'}})")
    assert type(obj) is Guarded and vars(obj) == {"n": [1, 2], "name": "x"}
    assert wire.state_literal(obj) == "{'n': [1, 2], 'name': 'x'}"


def test_slots_and_a_dictionary_together_and_an_empty_slot_stays_empty():
    obj = wire.rebuild_receiver(f"{HERE}.Both({{'a': 1, 'extra': 2}})")
    assert obj.a == 1 and vars(obj) == {"extra": 2} and not hasattr(obj, "b")
    assert wire.state_literal(obj) == "{'extra': 2, 'a': 1}"


def test_an_attribute_with_no_place_is_refused():
    with pytest.raises(TypeError, match="no place"):
        wire.rebuild_receiver(f"{HERE}.Slotted({{'c': 1}})")


def test_a_class_with_a_builtin_base_is_not_rebuilt_this_way():
    with pytest.raises(ValueError, match="not a plain-data class"):
        wire.rebuild(f"{HERE}.Bag({{}})")
    with pytest.raises(wire.Unencodable):
        wire.state_literal(Bag())


def test_other_texts_are_values_of_the_grammar():
    assert wire.rebuild_receiver(f"{HERE}.Slotted") is Slotted
    assert wire.rebuild_receiver("(1, {})") == (1, {})


def test_a_receiver_in_the_form_of_older_tasks_is_read_the_same_way():
    obj = wire.rebuild_receiver(f"({HERE}.Guarded, {{'n': 1}})")
    assert type(obj) is Guarded and vars(obj) == {"n": 1}


def test_a_plain_object_as_a_value_is_made_the_same_way_anywhere_in_a_value():
    [item] = wire.rebuild(f"[{{'k': {HERE}.Guarded({{'n': 1}})}}]")
    obj = item["k"]
    assert type(obj) is Guarded and vars(obj) == {"n": 1}
