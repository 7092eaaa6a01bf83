"""Code from a chat reply, and the whole program it makes with the task's prompt.

A reply is prose around fenced code blocks. The block that defines the entry point wins, else the first
block that parses, else the reply itself when it parses. Top-level statements that would run on import
(prints, input(), demo calls) are dropped: a solution is its imports, definitions and constants.
"""

from __future__ import annotations

import ast
import re
import textwrap

_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+-]*)[^\n]*$", re.MULTILINE)
_KEEP = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign,
         ast.AnnAssign)
_IO = {"input", "print", "open", "exit", "quit"}


def code_blocks(text: str) -> list[str]:
    """Fenced blocks in order; an unclosed last block (a cut-off reply) counts too."""
    blocks, fences = [], list(_FENCE.finditer(text))
    i = 0
    while i < len(fences):
        opening = fences[i]
        closing = fences[i + 1] if i + 1 < len(fences) else None
        body = text[opening.end() + 1:closing.start() if closing else len(text)]
        blocks.append(body.rstrip("\n") + "\n" if body.strip() else "")
        i += 2
    return [b for b in blocks if b]


def extract_code(text: str, entry_point: str | None) -> str:
    """The answer's code. Only a whole-function answer is cleaned: a bare body or a script is the answer."""
    blocks = code_blocks(text) or [text]
    full = [b for b in blocks if entry_point and defines(b, entry_point)]
    ranked = sorted(full, key=lambda b: not _parses(b)) + [b for b in blocks if _parses(b)] + blocks
    chosen = ranked[0]
    return clean(chosen) if chosen in full else chosen


def clean(code: str) -> str:
    """Keep top-level imports, definitions and assignments; code that does not parse stays as it is."""
    code = textwrap.dedent(code)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    lines = code.splitlines(keepends=True)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    kept = []
    for node in tree.body:
        if isinstance(node, _KEEP) and not _demo(node, defined | _IO):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            kept.append("".join(lines[first - 1:node.end_lineno]))
    return "\n".join(part.rstrip("\n") + "\n" for part in kept)


def _demo(node: ast.stmt, names: set[str]) -> bool:
    """An assignment that calls the answer's own functions or does I/O: a demo, not part of the solution."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)):
        return False
    return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in names
               for c in ast.walk(node))


def merge(prompt: str, code: str, entry_point: str) -> str:
    """The module to judge: a whole-function answer replaces the prompt's stub, keeping the prompt's
    imports and helpers; a body-only answer is appended to the prompt, as in completion mode."""
    if not defines(code, entry_point):
        return prompt + _as_body(code)
    return preamble(prompt, entry_point) + code


def preamble(prompt: str, entry_point: str) -> str:
    """The prompt without its entry-point stub: imports, constants, helper functions."""
    source = prompt if _parses(prompt) else prompt.rstrip() + "\n    pass\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return prompt + "\n"  # the answer's definition comes later, so it still wins
    stubs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == entry_point]
    if not stubs:
        return prompt + "\n"
    stub = stubs[-1]
    first = min([stub.lineno] + [d.lineno for d in stub.decorator_list])
    lines = source.splitlines(keepends=True)
    rest = "".join(lines[:first - 1] + lines[stub.end_lineno:]).rstrip()
    return rest + "\n\n\n" if rest else ""


def _as_body(code: str) -> str:
    """Indent a body that came back flush left, so it continues the prompt's function."""
    if not code.strip():
        return code
    first = next(line for line in code.splitlines() if line.strip())
    return code if first[:1] in (" ", "\t") else textwrap.indent(code, "    ")


def defines(code: str, name: str) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return bool(re.search(rf"^\s*(async\s+)?def\s+{re.escape(name)}\s*\(", code, re.MULTILINE))
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name for n in tree.body)


def _parses(code: str) -> bool:
    try:
        ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return False
    return True
