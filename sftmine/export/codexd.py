"""Codex-D docstring-generation pairs: prompt = the function without its docstring, completion = the
docstring (cleaned of indentation), one pair per training target (see targets.py).

The function is the task's entry point in the judged program (prompt + target), so the code is one that
passed the tests. stdio tasks are skipped: their docstring is a problem statement with I/O examples, not
documentation of a function. So are entry points without a docstring, and traced functions whose docstring
sftmine wrote from their recorded calls (`meta.docstring: examples`).
"""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from sftmine.export.base import Format, Skip, function_only, register
from sftmine.export.targets import targets
from sftmine.records import FilteredTask

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def split_docstring(program: str, entry_point: str) -> tuple[str, str] | None:
    """(function source without its docstring, docstring) of `entry_point`; None if it has no docstring."""
    try:
        tree = ast.parse(program)
    except SyntaxError:
        return None
    node = next((n for n in ast.walk(tree) if isinstance(n, _DEFS) and n.name == entry_point
                 and ast.get_docstring(n) is not None), None)
    if node is None:
        return None
    doc = node.body[0]
    lines = program.splitlines(keepends=True)
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    if len(node.body) < 2 or doc.lineno <= node.lineno or node.body[1].lineno <= doc.end_lineno:
        return None  # no code besides the docstring, or they share a line: nothing clean to split
    code = lines[first - 1:doc.lineno - 1] + lines[doc.end_lineno:node.end_lineno]
    return textwrap.dedent("".join(code)), ast.get_docstring(node) or ""


class CodexD(Format):
    name = "codex-d"

    def rows(self, record: FilteredTask, policy: str) -> list[dict[str, Any]]:
        task = record.task
        function_only(task)
        if task.meta.get("docstring") == "examples":
            raise Skip("no_docstring")  # written from its tests by sftmine: nothing a model should learn to write
        chosen = targets(record, policy)
        if not chosen:
            raise Skip("no_target")
        rows = []
        for target in chosen:
            split = split_docstring(target.program(task), task.entry_point or "")
            if split is not None:
                rows.append({"task_id": task.task_id, "prompt": split[0], "completion": split[1],
                             "target": target.kind})
        if not rows:
            raise Skip("no_docstring")
        return rows


register(CodexD())
