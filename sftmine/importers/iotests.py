"""APPS-style `input_output` ({"inputs": [...], "outputs": [...], "fn_name"?}) as raw-problem tests.

Without `fn_name` each input/output is the text of one stdin/stdout run (a list of lines in some rows).
With it, each input is the argument list of one call and each output its return value; APPS and TACO
wrap most return values in a one-element list, so when every output is wrapped, the wrapping goes.
Values become Python literals; a value without one (inf, nan) drops that case, not the problem.
"""

from __future__ import annotations

import ast
from typing import Any

from sftmine.records import Origin


def stdio_tests(io: dict[str, Any], limit: int | None = None) -> list[dict[str, str]]:
    pairs = zip(io.get("inputs") or [], io.get("outputs") or [])
    tests = [{"input": text_of(i), "output": text_of(o)} for i, o in pairs]
    return tests[:limit]


def call_tests(io: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    inputs, outputs = io.get("inputs") or [], io.get("outputs") or []
    if outputs and all(isinstance(o, list) and len(o) == 1 for o in outputs):
        outputs = [o[0] for o in outputs]
    tests = []
    for args, want in zip(inputs, outputs):
        args_text, want_text = literal(args if isinstance(args, list) else [args]), literal(want)
        if args_text is not None and want_text is not None:
            tests.append({"args": args_text, "expected": want_text, "origin": Origin.OFFICIAL.value})
    return tests[:limit]


def text_of(value: Any) -> str:
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    text = str(value).replace("\r\n", "\n")
    return text if not text.strip() or text.endswith("\n") else text + "\n"


def literal(value: Any) -> str | None:
    text = repr(value)
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return text
