"""Tasks as token lists that ignore what does not change a problem: layout, comments, and the names its
author chose.

* Code tokens drop docstrings, comments and layout; the names each top-level statement binds (its
  function, parameters, locals, loop variables, imports) become `v0, v1, ...` in order of first use.
  Free names (module constants, imported names used, builtins) and attributes keep their spelling:
  `_show(title, INFO)` and `_show(title, ERROR)` stay different. Numbering restarts at each top-level
  statement, so an added import does not renumber a function.
* `TaskTokens.prompt`: the prompt's code tokens, then the words of its docstrings, lowercased, where a
  defined name used as code (doctests) becomes its placeholder too. Rewording the statement changes a
  few words; renaming the function or its parameters changes nothing.
* `TaskTokens.program`: the code tokens of prompt + reference solution.
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
from dataclasses import dataclass

from sftmine.records import Task

_WORD = re.compile(r"\w+|[^\w\s]")
_SKIP_TOKENS = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                tokenize.ENCODING, tokenize.ENDMARKER)


def words(text: str) -> list[str]:
    """Lowercased words and single symbols (`a <= b` is not `a < b`); layout does not count."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class TaskTokens:
    prompt_code: list[str]  # the prompt's code, docstrings removed, its own names renamed
    prose: list[str]  # the words of the prompt's docstrings
    program: list[str] | None  # prompt + reference solution; None without a reference

    @property
    def prompt(self) -> list[str]:
        return self.prompt_code + self.prose


def task_tokens(task: Task) -> TaskTokens:
    prompt = _Source.parse(task.prompt)
    if prompt is None:
        code, prose = [], words(task.prompt)
    else:
        names = prompt.defined_names()
        code, prose = prompt.code_tokens(), [w for t in prompt.docstrings for w in _prose_words(t, names)]
    return TaskTokens(code, prose, _program_tokens(task))


def _program_tokens(task: Task) -> list[str] | None:
    if task.canonical_solution is None:
        return None
    text = task.prompt + task.canonical_solution
    program = _Source.parse(text)
    return words(text) if program is None else program.code_tokens()


def _prose_words(text: str, names: dict[str, str]) -> list[str]:
    """Words of a docstring; a defined name used as code (`f(`, or spelled like_this) becomes its
    placeholder, while the same word used as English ("encode a file") stays a word."""
    tokens = words(text)
    out = []
    for i, w in enumerate(tokens):
        as_code = "_" in w or (i + 1 < len(tokens) and tokens[i + 1] == "(")
        out.append(names[w] if as_code and w in names else w)
    return out


class _Source:
    """A module parsed once: its docstrings, the names each top-level statement binds, its tokens."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text, self.tree = text, tree
        self.docstrings: list[str] = []
        self._docstring_rows: set[int] = set()
        self._bound: list[set[str]] = []
        for owner in ast.walk(tree):
            if _has_docstring(owner):
                node = owner.body[0]  # type: ignore[attr-defined]
                self.docstrings.append(node.value.value)
                self._docstring_rows.update(range(node.lineno, node.end_lineno + 1))
        self._bound = [_bound_names(statement) for statement in tree.body]

    @classmethod
    def parse(cls, text: str) -> _Source | None:
        try:
            return cls(text, ast.parse(text))
        except (SyntaxError, ValueError, RecursionError):
            return None

    def defined_names(self) -> dict[str, str]:
        """Functions, classes and parameters (the names a rewrite would change), each with its
        placeholder; keys are lowercased to match the words of the docstrings."""
        names: dict[str, str] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.setdefault(node.name.lower(), f"v{len(names)}")
            elif isinstance(node, ast.arg) and node.arg not in ("self", "cls"):
                names.setdefault(node.arg.lower(), f"v{len(names)}")
        return names

    def code_tokens(self) -> list[str]:
        """Tokens without docstrings, comments and layout; per top-level statement, the names it binds
        become v0, v1, ... in order of use."""
        starts = [s.lineno for s in self.tree.body]
        out: list[str] = []
        current, mapping, previous = -1, {}, ""
        for tok in _tokenize(self.text):
            if tok.type == tokenize.STRING and tok.start[0] in self._docstring_rows:
                continue
            index = bisect.bisect_right(starts, tok.start[0]) - 1
            if index != current:
                current, mapping = index, {}
            text = tok.string
            if tok.type == tokenize.NAME and previous != "." and index >= 0 and text in self._bound[index]:
                text = mapping.setdefault(text, f"v{len(mapping)}")
            out.append(text)
            previous = tok.string
        return out


def _bound_names(statement: ast.stmt) -> set[str]:
    """Names the author chose: definitions, parameters, assignment and loop targets, imports' local names.
    Free names (globals, constants of the module, builtins) keep their meaning and their spelling."""
    names: set[str] = set()
    for node in ast.walk(statement):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names - {"self", "cls"}


def _tokenize(source: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in _SKIP_TOKENS]
    except (tokenize.TokenError, SyntaxError):  # source that ast parsed tokenizes; this is belt and braces
        return []


def _has_docstring(node: ast.AST) -> bool:
    if not isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
        return False
    first = node.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
