"""Names in Python source: what a function reads without binding, and what a module binds at top level."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field

STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass
class Binding:
    line: int
    kind: str  # stdlib, import, assign, function, class or other
    text: str = ""  # the import line, or the definition's source to copy
    needs: set[str] = field(default_factory=set)  # names the definition reads


def free_names(node: ast.FunctionDef, include_annotations: bool) -> set[str]:
    """Names read but not bound inside `node` (params, assignments, imports, nested defs, handlers)."""
    parts: list[ast.AST] = [*node.decorator_list, *node.args.defaults,
                            *(d for d in node.args.kw_defaults if d is not None), *node.body]
    if include_annotations:
        parts += [a.annotation for a in _all_args(node.args) if a.annotation is not None]
        parts += [node.returns] if node.returns is not None else []
    bound = {a.arg for a in _all_args(node.args)}
    loaded = set()
    for part in parts:
        for sub in ast.walk(part):
            if isinstance(sub, ast.Name):
                (loaded if isinstance(sub.ctx, ast.Load) else bound).add(sub.id)
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(sub.name)
            elif isinstance(sub, ast.ExceptHandler) and sub.name:
                bound.add(sub.name)
            elif isinstance(sub, (ast.Import, ast.ImportFrom)):
                bound.update((a.asname or a.name).split(".")[0] for a in sub.names)
            elif isinstance(sub, ast.arg):
                bound.add(sub.arg)
    return loaded - bound


def expression_names(expr: ast.expr) -> set[str]:
    """Names an expression reads, less those its comprehensions and lambdas bind."""
    loaded, bound = set(), set()
    for sub in ast.walk(expr):
        if isinstance(sub, ast.Name):
            (loaded if isinstance(sub.ctx, ast.Load) else bound).add(sub.id)
        elif isinstance(sub, ast.arg):
            bound.add(sub.arg)
    return loaded - bound


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def module_bindings(tree: ast.Module, text: str, module: str, is_package: bool) -> dict[str, Binding]:
    lines = text.splitlines(keepends=True)
    out: dict[str, Binding] = {}
    for stmt in _top_level(tree.body):
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                out[alias.asname or alias.name.split(".")[0]] = Binding(
                    stmt.lineno, _origin(alias.name), ast.unparse(ast.Import(names=[alias])))
        elif isinstance(stmt, ast.ImportFrom):
            source = absolute_module(stmt, module, is_package)
            for alias in stmt.names:
                if source is None:  # a relative import from a module that is no package's: unplaceable
                    out[alias.asname or alias.name] = Binding(stmt.lineno, "other")
                    continue
                text_ = ast.unparse(ast.ImportFrom(module=source, names=[alias], level=0))
                out[alias.asname or alias.name] = Binding(stmt.lineno, _origin(source), text_)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([stmt.lineno, *(d.lineno for d in stmt.decorator_list)])
            kind = "function" if isinstance(stmt, ast.FunctionDef) and stmt.col_offset == 0 else "other"
            out[stmt.name] = Binding(stmt.lineno, kind, "".join(lines[first - 1:stmt.end_lineno]),
                                     free_names(stmt, include_annotations=True) - {stmt.name})
        elif isinstance(stmt, ast.ClassDef):
            out[stmt.name] = Binding(stmt.lineno, "class")
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            _assignment(stmt, out)
        else:
            for sub in ast.walk(stmt):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    out.setdefault(sub.id, Binding(stmt.lineno, "other"))
    return out


def _assignment(stmt: ast.Assign | ast.AnnAssign, out: dict[str, Binding]) -> None:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    simple = len(targets) == 1 and isinstance(targets[0], ast.Name)
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                if simple:
                    value = stmt.value
                    needs = expression_names(value)  # type: ignore[arg-type]
                    out[sub.id] = Binding(stmt.lineno, "assign", f"{sub.id} = {ast.unparse(value)}\n", needs)  # type: ignore[arg-type]
                else:
                    out[sub.id] = Binding(stmt.lineno, "other")


def _top_level(body: list[ast.stmt]):
    """Module statements, looking into top-level if/try/with blocks (conditional imports and defs)."""
    for stmt in body:
        if isinstance(stmt, (ast.If, ast.Try, ast.With)):
            inner = list(getattr(stmt, "body", []))
            for handler in getattr(stmt, "handlers", []):
                inner += handler.body
            inner += list(getattr(stmt, "orelse", [])) + list(getattr(stmt, "finalbody", []))
            yield from _top_level(inner)
        else:
            yield stmt


def absolute_module(stmt: ast.ImportFrom, module: str, is_package: bool) -> str | None:
    """The absolute name a `from ... import` refers to; None when a relative one leaves the package."""
    if not stmt.level:
        return stmt.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[:len(parts) - (stmt.level - 1)]
    if not base or stmt.level - 1 > len(parts):
        return None
    return ".".join(base + ([stmt.module] if stmt.module else []))


def _origin(module_name: str) -> str:
    return "stdlib" if module_name.split(".")[0] in STDLIB else "import"
