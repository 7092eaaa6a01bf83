"""First-order mutants of a reference solution, made with Python's `ast`.

Operators (one change per mutant, only inside the solution, never in the prompt's code):

| operator   | change |
|------------|--------|
| `arith`    | `+`↔`-`, `*`↔`/`, `//`→`/`, `%`→`//`, `**`→`*`, `<<`↔`>>`, `&`↔`|` (also in `x += ...`) |
| `compare`  | `<`↔`<=`, `>`↔`>=`, `==`↔`!=`, `in`↔`not in`, `is`↔`is not` |
| `negate`   | the condition of `if`, `while`, `x if c else y` and comprehension filters becomes `not (c)` |
| `constant` | an int or float literal `c` becomes `c + 1` or `c - 1` |
| `boolop`   | `and`↔`or` |
| `slice`    | a slice bound `b` becomes `b + 1` or `b - 1`; a missing start becomes `1`, a missing stop `-1` |
| `return`   | `return v` becomes `return None` (`return not v` for a boolean literal) |
| `delete`   | an assignment, expression statement, `break` or `continue` becomes `pass` |

Mutants that do not compile, or whose code is the original's, are dropped. Selection is deterministic
(seeded by the task id) and spreads over the operators round-robin.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sftmine.testgen.inputs import task_rng

OPERATORS = ("arith", "compare", "negate", "constant", "boolop", "slice", "return", "delete")
_ARITH = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
          ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
          ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd}
_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_DELETABLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Break, ast.Continue)


@dataclass(frozen=True)
class Site:
    operator: str
    node: int  # index of the node in ast.walk order
    variant: Any = None  # which of the operator's changes (a field, an index, a sign)


@dataclass
class Mutant:
    operator: str
    line: int  # line in the solution (1 = its first line)
    before: str
    after: str
    code: str  # the whole mutated program


def mutants(prompt: str, solution: str, limit: int, task_id: str) -> list[Mutant]:
    """Up to `limit` distinct compiling mutants of `prompt + solution`, changing only `solution`."""
    tree = ast.parse(prompt + solution)
    first_line = prompt.count("\n") + 1
    original = ast.unparse(tree)
    by_operator: dict[str, list[Site]] = {op: [] for op in OPERATORS}
    nodes = list(ast.walk(tree))
    for site in sites(tree):
        if getattr(_target(nodes[site.node], site), "lineno", 0) >= first_line:  # the solution, not the prompt
            by_operator[site.operator].append(site)
    rng = task_rng(task_id, "mutants")
    for group in by_operator.values():
        rng.shuffle(group)
    out: list[Mutant] = []
    seen = {original}
    for site in _round_robin(list(by_operator.values())):
        if len(out) >= limit:
            break
        mutant = apply(tree, site, first_line)
        if mutant is not None and mutant.code not in seen:
            seen.add(mutant.code)
            out.append(mutant)
    return sorted(out, key=lambda m: (m.line, m.operator, m.after))


def _round_robin(groups: list[list[Site]]) -> Iterator[Site]:
    for depth in range(max((len(g) for g in groups), default=0)):
        yield from (g[depth] for g in groups if depth < len(g))


def sites(tree: ast.AST) -> Iterator[Site]:
    """Every possible change, in the prompt's code too."""
    for index, node in enumerate(ast.walk(tree)):
        yield from _node_sites(node, index)


def _node_sites(node: ast.AST, i: int) -> Iterator[Site]:
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _ARITH:
        yield Site("arith", i)
    if isinstance(node, ast.Compare):
        yield from (Site("compare", i, k) for k, op in enumerate(node.ops) if type(op) in _COMPARE)
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        yield Site("negate", i, "test")
    if isinstance(node, ast.comprehension):
        yield from (Site("negate", i, k) for k in range(len(node.ifs)))
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        yield from (Site("constant", i, d) for d in (1, -1))
    if isinstance(node, ast.BoolOp):
        yield Site("boolop", i)
    if isinstance(node, ast.Slice):
        yield from (Site("slice", i, (f, d)) for f in ("lower", "upper") for d in (1, -1)
                    if getattr(node, f) is not None or d == (1 if f == "lower" else -1))
    if isinstance(node, ast.Return) and node.value is not None:
        yield Site("return", i)
    for field in ("body", "orelse", "finalbody"):
        body = getattr(node, field, None)
        for k, stmt in enumerate(body if isinstance(body, list) else []):  # an IfExp's body is one expression
            if isinstance(stmt, _DELETABLE) and not _is_docstring(stmt):
                yield Site("delete", i, (field, k))


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def apply(tree: ast.AST, site: Site, first_line: int) -> Mutant | None:
    """The mutant for `site`, or None when it does not compile."""
    copied = copy.deepcopy(tree)
    node = list(ast.walk(copied))[site.node]
    target = _target(node, site)
    before = _first_line(target)
    _CHANGES[site.operator](node, site.variant)
    after = _first_line(_target(node, site))
    code = ast.unparse(ast.fix_missing_locations(copied))
    try:
        compile(code, "mutant.py", "exec")
    except (SyntaxError, ValueError):
        return None
    return Mutant(site.operator, getattr(target, "lineno", first_line) - first_line + 1, before, after, code)


def _first_line(node: ast.AST) -> str:
    return ast.unparse(node).splitlines()[0]


def _target(node: ast.AST, site: Site) -> ast.AST:
    if site.operator == "delete":
        field, k = site.variant
        return getattr(node, field)[k]
    return node


def _arith(node: Any, _v: Any) -> None:
    node.op = _ARITH[type(node.op)]()


def _compare(node: ast.Compare, k: int) -> None:
    node.ops[k] = _COMPARE[type(node.ops[k])]()


def _negate(node: Any, where: Any) -> None:
    if where == "test":
        node.test = ast.UnaryOp(ast.Not(), node.test)
    else:
        node.ifs[where] = ast.UnaryOp(ast.Not(), node.ifs[where])


def _constant(node: ast.Constant, d: int) -> None:
    node.value = node.value + d


def _boolop(node: ast.BoolOp, _v: Any) -> None:
    node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()


def _slice(node: ast.Slice, variant: tuple[str, int]) -> None:
    field, d = variant
    bound = getattr(node, field)
    if bound is None:
        setattr(node, field, ast.Constant(d))
    else:
        setattr(node, field, ast.BinOp(bound, ast.Add() if d > 0 else ast.Sub(), ast.Constant(1)))


def _return(node: ast.Return, _v: Any) -> None:
    flip = isinstance(node.value, ast.Constant) and isinstance(node.value.value, bool)
    node.value = ast.Constant(not node.value.value) if flip else ast.Constant(None)  # type: ignore[union-attr]


def _delete(node: Any, variant: tuple[str, int]) -> None:
    field, k = variant
    old = getattr(node, field)[k]
    getattr(node, field)[k] = ast.copy_location(ast.Pass(), old)


_CHANGES = {"arith": _arith, "compare": _compare, "negate": _negate, "constant": _constant, "boolop": _boolop,
            "slice": _slice, "return": _return, "delete": _delete}
