import os
import subprocess
import sys

from sftmine.records import Case, Task
from sftmine.testgen.inputs import Input, candidates, seeds, task_rng


def _task(cases):
    return Task(task_id="t/inputs", prompt="", entry_point="f", tests=cases)


def test_seeds_are_the_decodable_distinct_arguments():
    task = _task([Case(args="[1, 'a']", expected="1"), Case(args="[1, 'a']", expected="1"),
                  Case(args="[]", kwargs="{'k': {1, 2}}", expected="0"), Case(stdin="x", stdout="y")])
    found = seeds(task)
    assert [s.args for s in found] == [[1, "a"], []]
    assert found[1].kwargs == {"k": {1, 2}}


def test_candidates_are_distinct_new_and_deterministic():
    base = [Input([[1, 2, 3], "ab"]), Input([[4], "b"])]
    first = candidates(base, task_rng("t/x"), 50)
    again = candidates(base, task_rng("t/x"), 50)
    assert [c.key() for c in first] == [c.key() for c in again]
    keys = [c.key() for c in first]
    assert len(keys) == len(set(keys)) == 50 and not set(keys) & {b.key() for b in base}
    assert all(type(c.args[0]) is list and type(c.args[1]) is str for c in first)
    other = candidates(base, task_rng("t/y"), 50)
    assert [c.key() for c in other] != keys
    assert candidates([], task_rng("t/x"), 5) == []


def test_candidates_do_not_depend_on_the_hash_seed():
    code = ("from sftmine.testgen.inputs import Input, candidates, task_rng\n"
            "print([c.key() for c in candidates([Input([{'a', 'b', 'c'}, ['x', 'y']])], task_rng('t'), 20)])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2)}
    assert len(outs) == 1
