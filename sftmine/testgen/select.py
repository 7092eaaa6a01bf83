"""Pick a small, strong set from the labelled inputs.

Strength here is measured by distinct behaviour: inputs are grouped by their expected output and taken
round-robin across the groups, outputs the task's own tests never show first. A boolean function thus gets
both answers in turn, and a function with many answers gets as many different ones as the limit allows.
Sizes alternate from both ends: the smallest inputs (where off-by-one and boundary slips show) and the
largest (which exercise loops the longest). Selecting by mutants killed is left out on purpose: the
strength benchmark uses the same mutation operators, and tests chosen to kill them would grade themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def select(labelled: list[tuple[Any, str]], known_outputs: Iterable[str], limit: int) -> list[tuple[Any, str]]:
    known = set(known_outputs)
    groups: dict[str, list[tuple[Any, str]]] = {}
    for item in labelled:
        groups.setdefault(item[1], []).append(item)
    members = [_both_ends(sorted(g, key=_size)) for g in groups.values()]
    fresh = _both_ends(sorted((g for g in members if g[0][1] not in known), key=lambda g: _size(g[0])))
    seen = _both_ends(sorted((g for g in members if g[0][1] in known), key=lambda g: _size(g[0])))
    # Rotate each group by its place, so that inputs sharing an output (f(x) == f(-x)) take turns.
    ordered = [g[k % len(g):] + g[:k % len(g)] for k, g in enumerate(fresh + seen)]
    out: list[tuple[Any, str]] = []
    depth = 0
    while len(out) < limit and any(depth < len(g) for g in ordered):
        out.extend(g[depth] for g in ordered if depth < len(g))
        depth += 1
    return out[:limit]


def _size(item: tuple[Any, str]) -> int:
    inp = item[0]
    return len(inp) if isinstance(inp, str) else len(inp.key())


def _both_ends(items: list[T]) -> list[T]:
    """[smallest, largest, second smallest, second largest, ...]"""
    out, lo, hi = [], 0, len(items) - 1
    while lo <= hi:
        out.append(items[lo])
        if lo != hi:
            out.append(items[hi])
        lo, hi = lo + 1, hi - 1
    return out
