"""Type-aware mutation of one Python value, in the spirit of EvalPlus.

Every mutator keeps the value's type: an int stays an int, a list of strings stays a list of strings
(new elements are mutated copies of existing ones, or elements the seeds hold at the same place), a
tuple keeps its length (tuples are usually records such as intervals). `Pools` remembers what the seeds
hold at each place, so strings are edited with the seeds' own alphabet and numbers move to the seeds'
boundaries, which keeps most mutated inputs inside the function's domain.
"""

from __future__ import annotations

import math
import random
import string
from collections import defaultdict
from typing import Any

Path = tuple[str, ...]  # where a value sits: () for the argument, ("list",) for its elements, ...

MAX_DEPTH = 6


class Pools:
    """What the seeds hold at each path: atoms (for boundaries), characters, container elements."""

    def __init__(self) -> None:
        self.numbers: dict[Path, list[int | float]] = defaultdict(list)
        self.chars: dict[Path, set[str]] = defaultdict(set)
        self.elements: dict[Path, list[Any]] = defaultdict(list)
        self.repeats: dict[Path, bool] = defaultdict(bool)  # some seed container here repeats an element
        self.long: dict[Path, bool] = defaultdict(bool)  # some seed container here has 3+ elements

    def add(self, value: Any, path: Path = (), depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.numbers[path].append(value)
        elif isinstance(value, str):
            self.chars[path].update(value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            inner = path + (type(value).__name__,)
            keys = [repr(v) for v in value]
            self.repeats[inner] |= len(set(keys)) < len(keys)
            self.long[inner] |= len(keys) >= 3
            for item in value:
                self.elements[inner].append(item)
                self.add(item, inner, depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                self.add(key, path + ("key",), depth + 1)
                self.elements[path + ("value",)].append(item)
                self.add(item, path + ("value",), depth + 1)

    def alphabet(self, path: Path) -> str:
        return "".join(sorted(self.chars.get(path) or set())) or string.ascii_letters

    def admits(self, value: Any, path: Path = (), depth: int = 0) -> bool:
        """Whether `value` keeps the seeds' apparent domain: no negative number where the seeds have
        none, no character the seeds never use (nor, unless
        the seeds mix cases, another case), no repeated element in
        containers the seeds always keep distinct. Docstrings state such preconditions in words; a
        correct program may answer differently outside them, so such inputs make unfair tests."""
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seen = self.numbers.get(path)
            return not seen or value >= 0 or min(seen) < 0
        if isinstance(value, str):
            chars = self.chars.get(path)
            if not chars:
                return True
            mixed = any(c.isupper() for c in chars) and any(c.islower() for c in chars)
            return set(value) <= (chars | {c.swapcase() for c in chars} if mixed else chars)
        if isinstance(value, (list, tuple, set, frozenset)):
            inner = path + (type(value).__name__,)
            keys = [repr(v) for v in value]
            if self.long.get(inner) and not self.repeats.get(inner) and len(set(keys)) < len(keys):
                return False
            return all(self.admits(v, inner, depth + 1) for v in value)
        if isinstance(value, dict):
            return all(self.admits(k, path + ("key",), depth + 1) and self.admits(v, path + ("value",), depth + 1)
                       for k, v in value.items())
        return True


def mutate(value: Any, rng: random.Random, pools: Pools, path: Path = (), depth: int = 0) -> Any:
    """One random type-preserving change somewhere in `value` (possibly deep inside it)."""
    if depth > MAX_DEPTH:
        return value
    kind = type(value)
    if kind is bool:
        return not value
    if kind is int:
        return _int(value, rng, pools.numbers.get(path, []))
    if kind is float:
        return _float(value, rng)
    if kind is str:
        return mutate_str(value, rng, pools.alphabet(path))
    if kind is list:
        return _list(value, rng, pools, path + ("list",), depth)
    if kind is tuple:
        return _tuple(value, rng, pools, path + ("tuple",), depth)
    if kind in (set, frozenset):
        items = _list(sorted(value, key=repr), rng, pools, path + (kind.__name__,), depth)
        return kind(items)
    if kind is dict:
        return _dict(value, rng, pools, path, depth)
    return value  # None and anything unknown: nothing type-preserving to change


def _int(v: int, rng: random.Random, seen: list[int | float]) -> int:
    ints = [int(x) for x in seen if isinstance(x, int)] or [v]
    lo, hi = min(ints), max(ints)
    choices = [v + 1, v - 1, -v, 0, v * 2, v // 2, lo, hi, lo - 1, hi + 1, rng.randint(min(lo, 0), max(hi, 1))]
    out = rng.choice(choices)
    # Stay near the seeds' scale: chained doublings would otherwise reach sizes (fib(200)) that only
    # time out, and such inputs are rarely in the function's intended domain anyway.
    bound = 2 * max(abs(lo), abs(hi)) + 2
    return out if abs(out) <= bound else v


def _float(v: float, rng: random.Random) -> float:
    if not math.isfinite(v):  # traced seeds carry nan and infinities; arithmetic on them gives nothing new
        return rng.choice([v, -v, 0.0])
    out = rng.choice([v + 1.0, v - 1.0, -v, 0.0, v * 2, v / 2, v + 0.5, float(round(v))])
    return out if abs(out) < 1e12 else v


def mutate_str(s: str, rng: random.Random, alphabet: str) -> str:
    ops = ["insert", "insert", "replace", "delete", "empty", "case", "repeat"]
    if " " in s.strip():
        ops += ["words"] * 4  # a sentence or a list of tokens: edit it a word at a time, too
    op = rng.choice(ops if s else ["insert", "insert", "repeat"])
    if op == "words":
        return " ".join(_list(s.split(" "), rng, Pools(), ("list",), MAX_DEPTH))
    if op == "insert" or (op == "repeat" and not s):
        i = rng.randint(0, len(s))
        return s[:i] + rng.choice(alphabet) + s[i:]
    i = rng.randrange(len(s))
    if op == "replace":
        return s[:i] + rng.choice(alphabet) + s[i + 1:]
    if op == "delete":
        return s[:i] + s[i + 1:]
    if op == "empty":
        return ""
    if op == "case":
        return rng.choice([s.swapcase(), s.upper(), s.lower()])
    j = rng.randint(i, len(s))
    return s[:j] + s[i:j] + s[j:]  # repeat a slice


def _list(items: list, rng: random.Random, pools: Pools, path: Path, depth: int) -> list:
    items = list(items)
    samples = pools.elements.get(path, [])
    if not items:
        return [rng.choice(samples)] if samples else items
    op = rng.choice(["add", "remove", "duplicate", "shuffle", "empty", "element", "element", "element"])
    i = rng.randrange(len(items))
    if op == "add":
        base = rng.choice(samples) if samples and rng.random() < 0.5 else items[i]
        items.insert(rng.randint(0, len(items)), mutate(base, rng, pools, path, depth + 1))
    elif op == "remove":
        del items[i]
    elif op == "duplicate":
        items.insert(rng.randint(0, len(items)), items[i])
    elif op == "shuffle":
        rng.shuffle(items)
    elif op == "empty":
        items = []
    else:
        items[i] = mutate(items[i], rng, pools, path, depth + 1)
    return items


def _tuple(items: tuple, rng: random.Random, pools: Pools, path: Path, depth: int) -> tuple:
    if not items:
        return items
    i = rng.randrange(len(items))
    return items[:i] + (mutate(items[i], rng, pools, path, depth + 1),) + items[i + 1:]


def _dict(d: dict, rng: random.Random, pools: Pools, path: Path, depth: int) -> dict:
    d = dict(d)
    if not d:
        return d
    keys = list(d)
    key = rng.choice(keys)
    op = rng.choice(["value", "value", "remove", "add", "empty"])
    if op == "value":
        d[key] = mutate(d[key], rng, pools, path + ("value",), depth + 1)
    elif op == "remove":
        del d[key]
    elif op == "add":
        d[mutate(key, rng, pools, path + ("key",), depth + 1)] = mutate(d[key], rng, pools, path + ("value",),
                                                                         depth + 1)
    else:
        d = {}
    return d
