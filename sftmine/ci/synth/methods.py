"""A traced method's prompt: its class outlined as a model needs it, then the method's header; the body,
exactly as written, is the canonical solution.

The outline is the class line and docstring, `__init__`'s signature, and what the method uses of its
class: the other methods and properties it calls on `self` (or `cls`), as signatures with their summary
line; class attributes with literal values as written; the instance attributes it reads, named in a
comment. Nothing of any body is shown. Everything stays at the file's own indentation, so the body
continues the prompt unchanged. Decorators of the class and of the outlined methods are left out (they
would run on the outline); `@property`, `@classmethod` and `@staticmethod` stay. Defaults that are not
literals read `...`, so the outline needs nothing the method does not. The names the outline and the
body read are provided as for a function (context.py): judged, the program's method runs on a receiver
of the project's own class (see sftmine/sandbox/harness.py), so the outline is only what the model sees.
"""

from __future__ import annotations

import ast
import copy
import textwrap
from dataclasses import dataclass

from sftmine.ci.synth.context import FUTURE_ANNOTATIONS, Context, resolve
from sftmine.ci.synth.source import FunctionSource, Unsynthesizable, find_definition

KEPT_DECORATORS = frozenset(("property", "classmethod", "staticmethod"))
MAX_CLASS_ATTRIBUTE = 120  # characters of a class attribute shown as written; longer ones are named only


@dataclass
class MethodSource:
    cls: ast.ClassDef
    node: ast.FunctionDef
    outline: str  # the class line down to the method's docstring: the prompt after its imports
    docstring: str | None
    body: str  # what follows the method's docstring, as written

    @property
    def entry_point(self) -> str:
        return f"{self.cls.name}.{self.node.name}"


def locate_method(text: str, qualname: str, line: int) -> tuple[ast.Module, MethodSource]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise Unsynthesizable("source does not parse here") from None
    parts = qualname.split(".")
    if len(parts) != 2:
        raise Unsynthesizable("nested definition")
    cls = find_definition(tree.body, ast.ClassDef, parts[0], None)
    node = find_definition(cls.body, ast.FunctionDef, parts[1], line) if cls is not None else None
    if node is None:
        raise Unsynthesizable("definition not found in source")
    return tree, _split(tree, cls, node, text.splitlines(keepends=True))


def method_context(tree: ast.Module, method: MethodSource, text: str, module: str, is_package: bool) -> Context:
    """What the outline and the body read from the module, provided as for a function: resolved over one
    definition that holds the outlined class (annotations aside: they stay text)."""
    try:
        program = ast.parse(method.outline + method.body).body[0]
    except (SyntaxError, ValueError):
        raise Unsynthesizable("outline does not compile") from None
    annotated = _strip_annotations(program)
    holder = ast.parse("def _():\n    pass\n").body[0]
    holder.name, holder.body = "<method>", [program]  # type: ignore[attr-defined]
    context = resolve(FunctionSource(tree, holder, [], "", None, ""), text, module, is_package)  # type: ignore[arg-type]
    if annotated and FUTURE_ANNOTATIONS not in context.future:
        context.future.append(FUTURE_ANNOTATIONS)
    return context


def _split(tree: ast.Module, cls: ast.ClassDef, node: ast.FunctionDef, lines: list[str]) -> MethodSource:
    first = node.body[0]
    if first.lineno == node.lineno or cls.body[0].lineno == cls.lineno:
        raise Unsynthesizable("one-line definition")
    has_doc = _is_docstring(first)
    if has_doc and len(node.body) == 1:
        raise Unsynthesizable("no body after the docstring")
    pad = lines[node.lineno - 1][:node.col_offset]
    if pad.strip() or cls.col_offset:
        raise Unsynthesizable("irregular indentation")
    header = "".join(lines[cls.lineno - 1:cls.body[0].lineno - 1])
    if _is_docstring(cls.body[0]):
        header += "".join(lines[cls.body[0].lineno - 1:cls.body[0].end_lineno])  # type: ignore[attr-defined]
    members, attributes = _outline(tree, cls, node, pad)
    decorators = "".join(f"{pad}@{d.id}\n" for d in node.decorator_list  # type: ignore[attr-defined]
                         if isinstance(d, ast.Name) and d.id == "classmethod")
    signature = "".join(lines[node.lineno - 1:first.lineno - 1])
    docstring = "".join(lines[first.lineno - 1:first.end_lineno]) if has_doc else None  # type: ignore[attr-defined]
    body_start = first.end_lineno if has_doc else first.lineno - 1
    outline = _ensure_newline(header) + "".join(f"\n{m}" for m in members) + "\n" + attributes + decorators \
        + signature + (docstring or "")
    return MethodSource(cls, node, outline, docstring, "".join(lines[body_start:node.end_lineno]))  # type: ignore[arg-type]


def _outline(tree: ast.Module, cls: ast.ClassDef, node: ast.FunctionDef, pad: str) -> tuple[list[str], str]:
    """The class's members the prompt shows before the method (class attributes, `__init__`, the methods
    it calls, own or inherited from a class of the same module), each a block at the class's indentation;
    and the comment naming the instance attributes."""
    defs, assigned = _members(cls)
    constants, stubs, attributes = [], [], []
    inherited: dict[str, list[str]] = {}
    bases = _module_bases(tree, cls)
    for name in used_attributes(node):
        if name in defs and name not in ("__init__", node.name):
            stubs.append(_stub(defs[name], pad))
        elif name in assigned and _short_literal(assigned[name]):
            constants.append(pad + ast.unparse(assigned[name]) + "\n")
        elif name != node.name and name not in defs and name not in assigned:
            base = next((b for b in bases if name in _members(b)[0]), None)
            if base is None:
                attributes.append(name)
            else:
                inherited.setdefault(base.name, []).append(_stub(_members(base)[0][name], pad))
    init = [_stub(defs["__init__"], pad)] if "__init__" in defs and node.name != "__init__" else []
    from_bases = [f"{pad}# From {base}:\n" + "\n".join(members) for base, members in inherited.items()]
    receiver = _receiver_name(node)
    comment = f"{pad}# Attributes: {', '.join(f'{receiver}.{a}' for a in attributes)}\n" if attributes else ""
    return (["".join(constants)] if constants else []) + init + stubs + from_bases, comment


def _members(cls: ast.ClassDef) -> tuple[dict[str, ast.FunctionDef], dict[str, ast.stmt]]:
    """A class body's functions and its simple assignments, by name (the first of each)."""
    defs: dict[str, ast.FunctionDef] = {}
    assigned: dict[str, ast.stmt] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef):
            defs.setdefault(stmt.name, stmt)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, stmt)
    return defs, assigned


def _module_bases(tree: ast.Module, cls: ast.ClassDef) -> list[ast.ClassDef]:
    """The class's bases (and theirs) that the same module defines at top level, nearest first."""
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    order, todo = [], [cls]
    while todo and len(order) < 8:
        for base in todo.pop(0).bases:
            found = classes.get(base.id) if isinstance(base, ast.Name) else None
            if found is not None and found is not cls and found not in order:
                order.append(found)
                todo.append(found)
    return order


def used_attributes(node: ast.FunctionDef) -> list[str]:
    """The attributes the method reads or sets on its receiver (`self.x`, `cls.y`), in order of use."""
    receiver = _receiver_name(node)
    found = [(n.lineno, n.col_offset, n.attr) for n in ast.walk(node) if isinstance(n, ast.Attribute)
             and isinstance(n.value, ast.Name) and n.value.id == receiver]
    return list(dict.fromkeys(attr for _l, _c, attr in sorted(found)))


def _receiver_name(node: ast.FunctionDef) -> str:
    params = [*node.args.posonlyargs, *node.args.args]
    if not params:
        raise Unsynthesizable("no receiver parameter")
    return params[0].arg


def _stub(fn: ast.FunctionDef, pad: str) -> str:
    """A member as a signature and its summary line, with literal defaults only and no body."""
    stub = copy.deepcopy(fn)
    stub.decorator_list = [d for d in fn.decorator_list if isinstance(d, ast.Name) and d.id in KEPT_DECORATORS]
    args = stub.args
    args.defaults = [d if _is_literal(d) else ast.Constant(...) for d in args.defaults]
    args.kw_defaults = [d if d is None or _is_literal(d) else ast.Constant(...) for d in args.kw_defaults]
    summary = (ast.get_docstring(fn) or "").strip().split("\n")[0]
    stub.body = ([ast.Expr(ast.Constant(summary))] if summary else []) + [ast.Expr(ast.Constant(...))]
    return textwrap.indent(ast.unparse(stub), pad) + "\n"


def _short_literal(stmt: ast.stmt) -> bool:
    value = getattr(stmt, "value", None)
    return value is not None and _is_literal(value) and len(ast.unparse(stmt)) <= MAX_CLASS_ATTRIBUTE


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _strip_annotations(tree: ast.AST) -> bool:
    """Drop every annotation (they are not evaluated under the future import); whether there were any."""
    found = False
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            node.annotation, found = None, True
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            node.returns, found = None, True
        elif isinstance(node, ast.AnnAssign):
            node.annotation, found = ast.Constant(None), True
    return found


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
