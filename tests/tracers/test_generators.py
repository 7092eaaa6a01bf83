"""Generators under the profile driver: their first values, and how many a test takes (one more if it ended)."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from tracers import generators

pytestmark = pytest.mark.skipif(not generators.PROFILE_READS, reason="the profile hook reads generators up to 3.12")

LIB = '''
    import asyncio

    def count(n, start=0):
        """Count from start."""
        for i in range(start, start + n):
            yield i

    def delegating(n):
        yield "head"
        yield from count(n)

    def failing(n):
        yield n
        raise ValueError(n)

    def checks(n):
        if n < 0:
            raise ValueError(n)
        yield n

    def odd_values():
        yield 1
        yield object()
        yield 3

    def sends():
        got = yield 1
        yield got

    async def coroutine():
        return 1

    async def agen():
        yield 1
'''


def rows(t, name):
    return [(r.result, r.items, r.reason) for r in t.by_name().get(name, [])]


def test_an_exhausted_generator_takes_one_more_than_it_yielded(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: [list(lib.count(3)), list(lib.count(0)), list(lib.delegating(2))])
    assert rows(t, "count") == [("[0, 1, 2]", 4, None), ("[]", 1, None), ("[0, 1]", 3, None)]
    assert rows(t, "delegating") == [("['head', 0, 1]", 4, None)]
    assert t.funcs()["count"]["generator"] is True and t.funcs()["count"]["skip"] == ""


def test_a_generator_left_early_takes_what_it_gave(traced):
    t = traced()
    lib = t.module("lib", LIB)

    def consume():
        first = lib.count(5, start=10)
        next(first)
        next(first)
        del first  # closed: GeneratorExit thrown in at the yield
        second = lib.count(5)
        next(second)
        second.close()
        return list(itertools.islice(lib.count(9, start=1), 2))

    t.run(consume)
    assert rows(t, "count") == [("[10, 11]", 2, None), ("[0]", 1, None), ("[1, 2]", 2, None)]


def test_values_stop_at_the_cap(traced):
    t = traced(max_items=3)
    lib = t.module("lib", LIB)
    t.run(lambda: list(lib.count(10)))
    assert rows(t, "count") == [("[0, 1, 2]", 3, None)]


def test_an_exception_after_values_keeps_the_values_and_one_before_them_drops_the_call(traced):
    t = traced()
    lib = t.module("lib", LIB)

    def run():
        for fn, n in ((lib.failing, 7), (lib.checks, -1)):
            try:
                list(fn(n))
            except ValueError:
                pass

    t.run(run)
    assert rows(t, "failing") == [("[7]", 1, None)]
    assert rows(t, "checks") == [(None, None, "no value before it stopped")]


def test_an_unrestorable_value_ends_the_values_kept(traced):
    t = traced()
    lib = t.module("lib", LIB)
    t.run(lambda: list(lib.odd_values()))
    assert rows(t, "odd_values") == [("[1]", 1, None)]


def test_a_value_sent_in_or_thrown_in_ends_what_islice_would_see(traced):
    t = traced()
    lib = t.module("lib", LIB)

    def run():
        gen = lib.sends()
        next(gen)
        try:
            gen.throw(KeyError)
        except KeyError:
            pass

    t.run(run)
    assert rows(t, "sends") == [("[1]", 1, None)]


def test_coroutines_and_async_generators_are_left_out(traced):
    t = traced()
    lib = t.module("lib", LIB)

    async def drain():
        return [await lib.coroutine()] + [x async for x in lib.agen()]

    assert t.run(lambda: asyncio.run(drain())) == [1, 1]
    skips = {name: info["skip"] for name, info in t.funcs().items()}
    assert skips["coroutine"] == skips["agen"] == "coroutine or async generator"
    assert "agen" not in t.by_name() and "coroutine" not in t.by_name()


def test_a_generator_still_suspended_at_exit_keeps_its_first_values(traced):
    t = traced()
    lib = t.module("lib", LIB)
    kept = []
    t.run(lambda: kept.append((lambda g: (next(g), g))(lib.count(4))))
    t.recorder.unfinished()
    t.logger.close()
    assert rows(t, "count") == [("[0]", 1, None)] and kept[0][0] == 0
