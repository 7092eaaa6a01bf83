"""A traced function's source: found by qualified name in its module, split into header and body.

The header is the decorators, the signature and the docstring (what a prompt shows); the body is what
follows the docstring (the canonical solution). A static method is lifted out of its class: dedented,
with its `@staticmethod` line dropped, so it reads as a plain function.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from sftmine.errors import Unsynthesizable


@dataclass
class FunctionSource:
    tree: ast.Module
    node: ast.FunctionDef
    decorators: list[str]
    signature: str  # the `def` line(s), dedented to column 0
    docstring: str | None  # the docstring's source lines, indented as in a top-level function
    body: str  # everything after the docstring

    @property
    def header(self) -> str:
        return "".join(f"@{d}\n" for d in self.decorators) + self.signature + (self.docstring or "")


def read_source(path: str, checkout: Path) -> str:
    """The file's text, but only a regular file inside the checkout (the traced program could plant links)."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(checkout))) or not real.is_file():
        raise Unsynthesizable("source outside the checkout")
    try:
        return real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise Unsynthesizable("source unreadable") from None


def locate(text: str, qualname: str, line: int) -> FunctionSource:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise Unsynthesizable("source does not parse here") from None
    parts = qualname.split(".")
    scope: list[ast.stmt] = tree.body
    if len(parts) == 2:
        cls = find_definition(scope, ast.ClassDef, parts[0], None)
        scope = cls.body if cls is not None else []
    elif len(parts) != 1:
        raise Unsynthesizable("nested definition")
    node = find_definition(scope, ast.FunctionDef, parts[-1], line)
    if node is None:
        raise Unsynthesizable("definition not found in source")
    return _split(tree, node, text.splitlines(keepends=True))


def find_definition(body: list[ast.stmt], kind: type, name: str, line: int | None):
    matches = [n for n in body if isinstance(n, kind) and n.name == name]
    if line is not None:
        exact = [n for n in matches if line in (n.lineno, *(d.lineno for d in getattr(n, "decorator_list", [])))]
        matches = exact or matches
    return matches[-1] if matches else None


def _split(tree: ast.Module, node: ast.FunctionDef, lines: list[str]) -> FunctionSource:
    first = node.body[0]
    if first.lineno == node.lineno:
        raise Unsynthesizable("one-line definition")
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
        and isinstance(first.value.value, str)
    if has_doc and len(node.body) == 1:
        raise Unsynthesizable("no body after the docstring")
    indent = node.col_offset
    signature = _dedent(lines[node.lineno - 1:first.lineno - 1], indent)
    docstring = _dedent(lines[first.lineno - 1:first.end_lineno], indent) if has_doc else None
    body_start = first.end_lineno if has_doc else first.lineno - 1
    body = _dedent(lines[body_start:node.end_lineno], indent)
    decorators = [ast.unparse(d) for d in node.decorator_list if not _is_staticmethod(d)]
    return FunctionSource(tree, node, decorators, signature, docstring, body)


def _is_staticmethod(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "staticmethod"


def _dedent(lines: list[str], indent: int) -> str:
    out = []
    for line in lines:
        if line.strip() and line[:indent].strip():
            raise Unsynthesizable("irregular indentation")
        out.append(line[indent:] if line.strip() else line.lstrip(" \t"))
    text = "".join(out)
    return text if text.endswith("\n") or not text else text + "\n"
