"""Candidate inputs for a stdio task: its sample inputs, mutated without breaking their shape.

An input is lines of tokens. A line holding one integer `n` followed by a line of exactly `n` tokens,
by `n` lines, or by one word of `n` characters is a count: items are added or removed only together
with their count, and counts are never edited on their own. Other integers move by ±1, ×2, ÷2, to 0 or
to a bound the statement states (`1 ≤ N ≤ 10^5`, read loosely: any stated bound is a candidate, and no
number leaves the widest stated range); words are edited with the samples' own alphabet.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from sftmine.records import Task
from sftmine.testgen.values import mutate_str

_INT = re.compile(r"^-?\d+$")
_NUM = r"(-?\s*\d+(?:\s*\^\s*\{?\d+\}?|\s*\*\*\s*\d+|e\d+)?)"
_LE = r"\s*(?:≤|<=|\\le(?:q)?|\\leqslant)\s*"
_BOUND = re.compile(_NUM + _LE + r"[^≤<\\$\n]{1,40}?" + _LE + _NUM)


@dataclass(frozen=True)
class Count:
    line: int  # the line holding the count
    kind: str  # "tokens" (next line's tokens), "lines" (the next n lines), "chars" (next line's one word)


def stated_bounds(statement: str) -> tuple[int, int] | None:
    """The widest range the statement states for its numbers, or None when it states none."""
    values = [_number(m) for pair in _BOUND.findall(statement) for m in pair]
    values = [v for v in values if v is not None]
    return (min(values), max(values)) if values else None


def _number(text: str) -> int | None:
    text = re.sub(r"[\s{}]", "", text)
    try:
        if "^" in text or "**" in text:
            base, exp = re.split(r"\^|\*\*", text)
            return int(base) ** min(int(exp), 18)
        if "e" in text:
            base, exp = text.split("e")
            return int(base) * 10 ** min(int(exp), 18)
        return int(text)
    except ValueError:
        return None


def counts(lines: list[list[str]]) -> list[Count]:
    found = []
    for i, line in enumerate(lines[:-1]):
        if len(line) != 1 or not _INT.match(line[0]) or int(line[0]) < 1:
            continue
        n, nxt = int(line[0]), lines[i + 1]
        if len(nxt) == n:
            found.append(Count(i, "tokens"))
        elif len(nxt) == 1 and len(nxt[0]) == n and not _INT.match(nxt[0]):
            found.append(Count(i, "chars"))
        elif n > 1 and len(lines) >= i + 1 + n and len({len(x) for x in lines[i + 1:i + 1 + n]}) == 1:
            found.append(Count(i, "lines"))
    return found


def mutate_stdin(text: str, rng: random.Random, alphabet: str, bounds: tuple[int, int] | None) -> str:
    lines = [line.split() for line in text.splitlines()]
    found = counts(lines)
    if found and rng.random() < 0.4:
        _resize(lines, rng.choice(found), rng, alphabet)
    else:
        fixed = {c.line for c in found}
        spots = [(i, j) for i, line in enumerate(lines) if i not in fixed for j in range(len(line))]
        if spots:
            i, j = rng.choice(spots)
            lines[i][j] = _token(lines[i][j], rng, alphabet, bounds)
    return "\n".join(" ".join(line) for line in lines) + "\n"


def _token(tok: str, rng: random.Random, alphabet: str, bounds: tuple[int, int] | None) -> str:
    if not _INT.match(tok):
        return mutate_str(tok, rng, alphabet) or tok
    v = int(tok)
    choices = [v + 1, v - 1, v * 2, v // 2, 0] + (list(bounds) if bounds else [])
    out = rng.choice(choices)
    lo, hi = bounds if bounds else ((min(v, 0), None) if v >= 0 else (None, None))
    if (lo is not None and out < lo) or (hi is not None and out > hi):
        return tok
    return str(out)


def _resize(lines: list[list[str]], count: Count, rng: random.Random, alphabet: str) -> None:
    n, grow = int(lines[count.line][0]), rng.random() < 0.5
    if not grow and n <= 1:
        return
    i = count.line + 1
    if count.kind == "tokens":
        items = lines[i]
        k = rng.randrange(len(items))
        items.insert(k, items[k]) if grow else items.pop(k)
    elif count.kind == "chars":
        word = lines[i][0]
        k = rng.randrange(len(word))
        lines[i][0] = word[:k] + (rng.choice(alphabet) if grow else "") + word[k + (0 if grow else 1):]
    else:
        k = i + rng.randrange(n)
        lines.insert(k, list(lines[k])) if grow else lines.pop(k)
    lines[count.line][0] = str(n + 1 if grow else n - 1)


def stdin_candidates(task: Task, rng: random.Random, count: int) -> list[str]:
    """Up to `count` distinct new inputs from the task's stdin cases (mutants of mutants allowed)."""
    seeds = list(dict.fromkeys(c.stdin for c in task.tests if c.stdin))
    if not seeds:
        return []
    alphabet = "".join(sorted({ch for s in seeds for ch in s if not ch.isspace() and not ch.isdigit()})) or "ab"
    bounds = stated_bounds(str(task.meta.get("statement") or ""))
    known, parents, out = set(seeds), list(seeds), []
    for _ in range(20 * count):
        if len(out) >= count:
            break
        child = mutate_stdin(rng.choice(parents), rng, alphabet, bounds)
        if child not in known and len(child) <= 20_000:
            known.add(child)
            parents.append(child)
            out.append(child)
    return out
