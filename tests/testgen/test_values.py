import random

from sftmine.testgen.values import Pools, mutate


def _pools(*values):
    pools = Pools()
    for v in values:
        pools.add(v)
    return pools


def _many(value, pools, n=300, seed=1):
    rng = random.Random(seed)
    return [mutate(value, rng, pools) for _ in range(n)]


def test_numbers_keep_their_type_and_move_to_neighbours_and_boundaries():
    ints = _many(5, _pools(2, 5, 9))
    assert all(type(v) is int for v in ints)
    assert {4, 6, 0, -5, 10, 2, 9, 1} <= set(ints)  # ±1, 0, sign, *2, the seeds' min and max (and min - 1)
    floats = _many(2.5, _pools(2.5))
    assert all(type(v) is float for v in floats) and {3.5, 1.5, -2.5, 0.0} <= set(floats)
    assert set(_many(True, _pools(True), n=5)) == {False}


def test_strings_are_edited_with_the_seeds_alphabet():
    out = _many("(())", _pools("(())", "()"))
    assert all(type(v) is str for v in out)
    assert "" in out and any(len(v) == 5 for v in out) and any(len(v) == 3 for v in out)
    assert set("".join(out)) <= set("()")


def test_containers_add_remove_shuffle_empty_and_recurse_keeping_element_types():
    seed = [[1, 2], [3]]
    out = _many(seed, _pools(seed))
    assert [] in out
    assert any(len(v) == 3 for v in out) and any(len(v) == 1 for v in out)
    assert any(len(v) == 2 and v != seed and sorted(map(len, v)) == [1, 2] for v in out)  # an element changed
    assert all(isinstance(inner, list) and all(type(x) is int for x in inner) for v in out for inner in v)


def test_tuples_keep_their_length_and_dicts_their_types():
    assert all(len(v) == 2 for v in _many((1, "a"), _pools((1, "a"))))
    dicts = _many({"a": 1, "b": 2}, _pools({"a": 1, "b": 2}))
    assert {} in dicts and all(all(type(k) is str and type(x) is int for k, x in d.items()) for d in dicts)


def test_admits_keeps_the_seeds_domain():
    pools = _pools([3, 1, 2], "abc")
    assert pools.admits([0, 1, 2]) and not pools.admits([-1, 2, 3])  # no negatives where seeds have none
    assert not pools.admits([1, 1, 2])  # the seeds' lists never repeat an element
    assert pools.admits("cab") and not pools.admits("aXb")  # lowercase seeds: no other case
    mixed = _pools("aB")
    assert mixed.admits("Ab") and not mixed.admits("a!")


def test_non_finite_floats_are_mutated_without_arithmetic():
    for seed in (float("nan"), float("inf"), float("-inf")):
        values = _many(seed, _pools(seed))
        assert all(type(v) is float for v in values) and 0.0 in values
