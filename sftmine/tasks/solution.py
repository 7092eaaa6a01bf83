"""A known-correct program as the completion of a task's prompt (`canonical_solution`).

The judge runs `prompt + canonical_solution`, so each candidate form is checked to compile after the
prompt and the first that does wins. A stdio program becomes the body of the prompt's `solve()`
followed by the call, when it reads the same inside a function; a program that declares
`global`/`nonlocal` names, star-imports or holds multi-line strings would not, so it follows the
(docstring-only) `solve()` at module level instead. A function solution that is just the entry point
(or a class holding just that method) gives its body, as in HumanEval; anything else is appended whole:
it redefines the entry point and the prompt's own definitions stay valid Python.
"""

from __future__ import annotations

import ast
import re
import textwrap

CALL = '\n\nif __name__ == "__main__":\n    solve()\n'
_FUTURE = re.compile(r"^from\s+__future__\s+import[^\n]*\n?", re.MULTILINE)


def stdio_solution(prompt: str, program: str) -> str | None:
    """The completion of a stdio prompt that runs `program`, or None when it is not Python 3."""
    program = _clean(program)
    if not _compiles(program):
        return None
    wrapped = textwrap.indent(program, "    ", lambda line: True).rstrip() + "\n" + CALL
    candidates = [wrapped] if _wraps(program) else []
    return _first(prompt, candidates + ["\n\n" + program])


def function_solution(prompt: str, program: str, entry_point: str) -> str | None:
    program = _clean(program)
    if not _compiles(program):
        return None
    body, in_class = _entry_body(program, entry_point)
    last = prompt.rstrip("\n").rsplit("\n", 1)[-1]  # the docstring's closing line sits at body indentation
    indent = last[: len(last) - len(last.lstrip())]
    candidates = []
    if body is not None and in_class == (len(indent) > 4):  # a method's body only for a method prompt
        candidates.append(textwrap.indent(body, indent))
    return _first(prompt, candidates + ["\n\n" + program])


def _first(prompt: str, candidates: list[str]) -> str | None:
    return next((c for c in candidates if _compiles(prompt + c)), None)


def _clean(program: str) -> str:
    text = program.replace("\r\n", "\n").replace("\r", "\n")
    return _FUTURE.sub("", text).rstrip() + "\n"


def _compiles(program: str) -> bool:
    try:
        compile(program, "solution.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _wraps(program: str) -> bool:
    for node in ast.walk(ast.parse(program)):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return False
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return False
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and node.end_lineno != node.lineno:
            return False  # indenting would change the text of a multi-line string
    return True


def _entry_body(program: str, entry_point: str) -> tuple[str | None, bool]:
    """The dedented body of `entry_point` when the program is only that function (or a class of it),
    and whether it was a method."""
    nodes = ast.parse(program).body
    in_class = len(nodes) == 1 and isinstance(nodes[0], ast.ClassDef)
    if in_class:
        nodes = nodes[0].body  # type: ignore[attr-defined]
    if len(nodes) != 1 or not isinstance(nodes[0], ast.FunctionDef) or nodes[0].name != entry_point:
        return None, in_class
    fn = nodes[0]
    statements = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if not statements or statements[0].lineno == fn.lineno or fn.end_lineno is None:
        return None, in_class  # a one-line `def f(x): return x` has no body lines to take
    lines = program.split("\n")[statements[0].lineno - 1: fn.end_lineno]
    return textwrap.dedent("\n".join(lines)).rstrip() + "\n", in_class
