"""What the model sees: the statement as a docstring, under a `solve()` skeleton or the starter code.

stdio tasks get `def solve() -> None:` whose docstring is the statement (title, story, input, output,
constraints, examples): the completion is its body and the call that runs it. Function tasks keep the
site's starter code with the statement as the docstring of the entry point; a method of a class
(`class Solution`) gets a module-level function of the same name in front, so the task's entry point is
a plain function the judge can call.
"""

from __future__ import annotations

import re

from sftmine.records import RawProblem

STDIO_HEADER = "import sys\n\n\ndef solve() -> None:\n"
_TYPING = "from typing import *\n\n\n"  # starter code names List, Optional, ... as LeetCode's judge provides them


def stdio_prompt(raw: RawProblem) -> str:
    parts = [_title(raw), raw.statement]
    for heading, text in (("Input", raw.input_spec), ("Output", raw.output_spec), ("Constraints", raw.constraints)):
        if text.strip():
            parts.append(f"{heading}\n{text}")
    # a dataset's statement often shows its examples already (CodeContests, APPS); do not show them twice
    parts.append(_examples([s for s in raw.samples if not (s["input"].strip() and s["input"].strip() in raw.statement)]))
    return STDIO_HEADER + docstring("\n\n".join(p.strip() for p in parts if p and p.strip()), "    ")


def function_prompt(raw: RawProblem, entry_point: str) -> str:
    text = "\n\n".join(p.strip() for p in (_title(raw), raw.statement) if p and p.strip())
    starter = (raw.starter_code or "").expandtabs(4).rstrip() or _default_signature(raw, entry_point)
    lines = starter.split("\n")
    at, end = _def_lines(lines, entry_point)
    indent = re.match(r"\s*", lines[at]).group(0) + "    "
    head = "\n".join(lines[: end + 1]) + "\n" + docstring(text, indent)
    prefix = _TYPING if re.search(r"\b(List|Dict|Optional|Tuple|Set|Deque)\b", starter) else ""
    if indent != "    ":  # a method: the judge calls a module-level function
        prefix += (f"def {entry_point}(*args, **kwargs):\n"
                   f"    return {_class_of(lines, at)}().{entry_point}(*args, **kwargs)\n\n\n")
    return prefix + head


def docstring(text: str, indent: str) -> str:
    """A docstring literal at `indent`; raw when the text holds backslashes (TeX), never broken by quotes."""
    body = text.replace('"""', "'''").rstrip()
    prefix = "r" if "\\" in body else ""
    lines = [(indent + line).rstrip() for line in body.split("\n")]
    return f'{indent}{prefix}"""\n' + "\n".join(lines) + f'\n{indent}"""\n'


def _title(raw: RawProblem) -> str:
    return raw.title.strip()


def _examples(samples: list[dict[str, str]]) -> str:
    blocks = []
    for i, sample in enumerate(samples, 1):
        blocks.append(f"Example {i}\nInput:\n{_block(sample['input'])}\nOutput:\n{_block(sample['output'])}")
    return "\n\n".join(blocks)


def _block(text: str) -> str:
    lines = text.rstrip("\n").split("\n") if text.strip() else ["(empty)"]
    return "\n".join("    " + line for line in lines)


def _def_lines(lines: list[str], name: str) -> tuple[int, int]:
    """First and last line of the signature of `name` (it may span several lines)."""
    for start, line in enumerate(lines):
        if re.match(rf"\s*(async\s+)?def\s+{re.escape(name)}\s*\(", line):
            end = start
            while not lines[end].rstrip().endswith(":") and end + 1 < len(lines):
                end += 1
            return start, end
    raise ValueError(f"starter code defines no function {name!r}")


def _class_of(lines: list[str], at: int) -> str:
    for line in reversed(lines[:at]):
        match = re.match(r"class\s+(\w+)", line)
        if match:
            return match.group(1)
    return "Solution"


def _default_signature(raw: RawProblem, entry_point: str) -> str:
    arity = max((_arity(t.get("args", "[]")) for t in raw.function_tests), default=0)
    return f"def {entry_point}({', '.join(f'arg{i}' for i in range(arity))}):"


def _arity(args_literal: str) -> int:
    import ast

    try:
        return len(ast.literal_eval(args_literal))
    except (ValueError, SyntaxError, TypeError):
        return 0
