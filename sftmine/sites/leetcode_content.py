"""A LeetCode question's content, snippets and metaData as a function-style problem: pure, no network.

Examples come in two layouts: older problems put `<strong>Input:</strong> ... <strong>Output:</strong> ...`
lines inside one `<pre>`; newer ones use `div.example-block` with a `<p>` per line and the value in
`span.example-io`. Both render to lines "Output: value", which is what is read here. Arguments come
from `exampleTestcaseList`, one JSON value per line and parameter, in the order of `metaData.params`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites import flags as flagging
from sftmine.sites.htmltext import blocks, parse_fragment

SITE = "leetcode"
_OUTPUT = re.compile(r"^\s*Output:?[ \t]*(\S.*)$", re.MULTILINE)
_FIRST_EXAMPLE = re.compile(r"<strong[^>]*>\s*Example\s*1?\s*:?", re.IGNORECASE)
_ANY_ORDER = re.compile(r"\bin\s+any\s+order\b|\bany\s+(valid\s+)?(answer|one\s+of\s+them)\b", re.IGNORECASE)
_FLOATS = {"double", "float", "double[]", "list<double>"}


def function_problem(problem: RawProblem, question: dict[str, Any]) -> None:
    """Fill `problem` (statement, starter code, entry point, tests, flags) from a question with content."""
    url, content = problem.url, question["content"]
    problem.statement = _text(content)
    problem.constraints = _constraints(problem.statement)
    problem.starter_code = _python_snippet(url, question)
    meta = _meta(url, question)
    if meta.get("systemdesign") or "classname" in meta:
        problem.flags["design"] = True  # a class driven by a call sequence, not one function
        return
    _flag(problem, content, meta)
    problem.entry_point = meta.get("name") or _missing(url, "metaData.name")
    if (meta.get("return") or {}).get("type") == "void":
        problem.flags["in_place"] = True  # the answer is an argument changed in place: no value to compare
        return
    problem.function_tests = _tests(url, question, meta, problem.statement)


def _flag(problem: RawProblem, content: str, meta: dict[str, Any]) -> None:
    intro = _FIRST_EXAMPLE.split(content, maxsplit=1)[0]
    images = intro.lower().count("<img")
    if images:
        problem.flags["images"] = images  # the statement above the examples shows a figure
    if _ANY_ORDER.search(problem.statement) or flagging.special_judge(problem.statement):
        problem.flags["special_judge"] = True
    tolerance = flagging.float_tolerance(problem.statement)
    if tolerance is None and str((meta.get("return") or {}).get("type", "")).lower() in _FLOATS:
        tolerance = {"abs": 1e-5}  # LeetCode's judge accepts doubles within 1e-5 when it says nothing
    if tolerance:
        problem.flags["float_tolerance"] = tolerance


def _tests(url: str, question: dict[str, Any], meta: dict[str, Any], text: str) -> list[dict[str, Any]]:
    params = meta.get("params") or []
    inputs, every_example = _inputs(url, question, len(params))
    outputs = _OUTPUT.findall(text)
    if not every_example:  # `sampleTestCase` holds the first example only: pair it with the first Output
        outputs = outputs[:len(inputs)]
    if len(outputs) != len(inputs):
        raise ParseError(SITE, url, f"an Output: line for each of the {len(inputs)} examples "
                                    f"(found {len(outputs)})")
    tests = []
    for number, (args, output) in enumerate(zip(inputs, outputs), 1):
        values = [_value(url, line, f"argument of example {number}") for line in args]
        tests.append({"args": repr(values), "expected": repr(_value(url, output, f"Output of example {number}")),
                      "origin": "sample"})
    return tests


def _inputs(url: str, question: dict[str, Any], arity: int) -> tuple[list[list[str]], bool]:
    """The examples' argument lines, and whether they are all the examples (not only the first)."""
    listed = question.get("exampleTestcaseList")
    if listed:
        return [case.split("\n") for case in listed], True
    # older answers (and older API versions) carry only `sampleTestCase`: the first example's arguments
    every_example = bool(question.get("exampleTestcases"))
    text = question.get("exampleTestcases") or question.get("sampleTestCase") or ""
    lines = text.split("\n")
    if not arity or not text or len(lines) % arity:
        field = "exampleTestcases" if every_example or not question.get("sampleTestCase") else "sampleTestCase"
        raise ParseError(SITE, url, f"{field} with {arity} line(s) per example")
    return [lines[i:i + arity] for i in range(0, len(lines), arity)], every_example


def _value(url: str, text: str, what: str) -> Any:
    try:
        return json.loads(text.strip())
    except json.JSONDecodeError:
        raise ParseError(SITE, url, f"a JSON value as the {what} (got {text.strip()[:40]!r})") from None


def _meta(url: str, question: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(question.get("metaData") or "")
    except json.JSONDecodeError:
        raise ParseError(SITE, url, "metaData (a JSON signature)") from None
    return meta if isinstance(meta, dict) else _missing(url, "metaData (a JSON object)")


def _python_snippet(url: str, question: dict[str, Any]) -> str:
    for snippet in question.get("codeSnippets") or []:
        if snippet.get("langSlug") == "python3":
            return snippet["code"]
    return _missing(url, "a python3 entry in codeSnippets")


def _text(content: str) -> str:
    return "\n\n".join(b.text for b in blocks(parse_fragment(content)) if b.text).replace("\xa0", " ")


def _constraints(text: str) -> str:
    head, _, rest = text.partition("Constraints:")
    return rest.strip() if head != text else ""


def _missing(url: str, what: str) -> Any:
    raise ParseError(SITE, url, what)
