"""Candidate inputs for a function task: its cases' arguments, mutated.

Generation is deterministic: the random stream is seeded by the task id (and a salt, so the strength
benchmark can draw a second, independent set). As in EvalPlus, mutants of mutants are allowed: each new
input is a mutation of a seed or of an earlier new input, which walks further from the seeds than one step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from sftmine.records import Case, Task, stable_hash
from sftmine.sandbox.wire import Unencodable, from_literal, to_literal
from sftmine.testgen.values import Pools, mutate

MAX_CHARS = 1000  # a generated test stays readable and cheap to run
CHAIN_P = 0.35  # probability of a second mutation in the same input


@dataclass
class Input:
    args: list[Any]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def literals(self) -> tuple[str, str | None]:
        """(args, kwargs) as the Python-literal text a Case holds."""
        return to_literal(list(self.args)), (to_literal(self.kwargs) if self.kwargs else None)

    def key(self) -> str:
        return "|".join(str(x) for x in self.literals())


def seeds(task: Task) -> list[Input]:
    """The decodable arguments of the task's function cases, in order, without repeats."""
    out, seen = [], set()
    for case in task.tests:
        seed = _decode(case)
        if seed is not None and seed.key() not in seen:
            seen.add(seed.key())
            out.append(seed)
    return out


def _decode(case: Case) -> Input | None:
    if case.args is None:
        return None
    try:
        args = from_literal(case.args)
        kwargs = from_literal(case.kwargs) if case.kwargs else {}
        seed = Input(list(args), dict(kwargs))
        seed.key()  # must encode back
    except (ValueError, SyntaxError, TypeError, Unencodable, RecursionError, MemoryError):
        return None
    return seed if isinstance(args, (list, tuple)) and isinstance(kwargs, dict) else None


def generator_take(task: Task) -> int | None:
    """A generator task's new cases take as many values as its recorded cases take at most."""
    takes = [c.take for c in task.tests if c.take is not None]
    return max(takes) if takes else None


def task_rng(task_id: str, salt: str = "") -> random.Random:
    return random.Random(int(stable_hash(["testgen", task_id, salt])[:16], 16))


def candidates(seed_inputs: list[Input], rng: random.Random, count: int, attempts: int | None = None) -> list[Input]:
    """Up to `count` distinct new inputs (none equal to a seed), mutated from the seeds."""
    if not seed_inputs:
        return []
    pools = _pools(seed_inputs)
    known = {s.key() for s in seed_inputs}
    parents, out = list(seed_inputs), []
    for _ in range(attempts or 20 * count):
        if len(out) >= count:
            break
        child = _mutate_input(rng.choice(parents), rng, pools)
        if not all(pools[slot].admits(value) for slot, value in _slots(child)):
            continue
        try:
            key = child.key()
        except (Unencodable, RecursionError):
            continue
        if key in known or len(key) > MAX_CHARS:
            continue
        known.add(key)
        parents.append(child)
        out.append(child)
    return out


def _pools(seed_inputs: list[Input]) -> dict[Any, Pools]:
    """One pool per argument position (and per keyword), so each argument keeps its own alphabet."""
    pools: dict[Any, Pools] = {}
    for seed in seed_inputs:
        for slot, value in _slots(seed):
            pools.setdefault(slot, Pools()).add(value)
    return pools


def _slots(inp: Input) -> list[tuple[Any, Any]]:
    return [(i, v) for i, v in enumerate(inp.args)] + [(k, v) for k, v in sorted(inp.kwargs.items())]


def _mutate_input(parent: Input, rng: random.Random, pools: dict[Any, Pools]) -> Input:
    child = Input(list(parent.args), dict(parent.kwargs))
    slots = [slot for slot, _ in _slots(child)]
    if not slots:
        return child
    for _ in range(2 if rng.random() < CHAIN_P else 1):
        slot = rng.choice(slots)
        if isinstance(slot, int):
            child.args[slot] = mutate(child.args[slot], rng, pools[slot])
        else:
            child.kwargs[slot] = mutate(child.kwargs[slot], rng, pools[slot])
    return child
