"""Prompts: the statement as a docstring under solve() or the starter code; always valid Python."""

from __future__ import annotations

import ast

from sftmine.records import RawProblem
from sftmine.tasks.prompt import STDIO_HEADER, docstring, function_prompt, stdio_prompt


def raw(**fields) -> RawProblem:
    base = dict(site="aoj", problem_id="X", url="u", title="Title", statement="Compute $a \\times b$.",
                input_spec="Two integers.", output_spec="One integer.", constraints="- $0 \\le a$",
                samples=[{"input": "2 3\n", "output": "6\n"}, {"input": "\n", "output": "0\n"}])
    return RawProblem(**{**base, **fields})


def docstring_of(prompt: str, name: str) -> str:
    closing = prompt.rstrip("\n").rsplit("\n", 1)[-1]  # the docstring's closing quotes, at body indentation
    tree = ast.parse(prompt + closing.replace('"""', "pass") + "\n")
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    return ast.get_docstring(fn)


def test_stdio_prompt_layout():
    prompt = stdio_prompt(raw())
    assert prompt.startswith(STDIO_HEADER + '    r"""\n')  # raw: the TeX backslashes stay as written
    doc = docstring_of(prompt, "solve")
    assert doc.split("\n\n") == ["Title", "Compute $a \\times b$.", "Input\nTwo integers.", "Output\nOne integer.",
                                 "Constraints\n- $0 \\le a$", "Example 1\nInput:\n    2 3\nOutput:\n    6",
                                 "Example 2\nInput:\n    (empty)\nOutput:\n    0"]


def test_examples_already_in_the_statement_are_not_repeated():
    doc = docstring_of(stdio_prompt(raw(statement="Example\nInput\n2 3\nOutput\n6", input_spec="")), "solve")
    assert doc.count("2 3") == 1 and "Example 1\nInput:\n    (empty)" in doc and "Example 2" not in doc


def test_quotes_in_the_statement_cannot_end_the_docstring():
    text = 'He said """stop""" and left\\'
    assert ast.literal_eval(docstring(text, "").strip()).strip() == "He said '''stop''' and left\\"


def test_function_prompt_for_a_plain_function():
    prompt = function_prompt(raw(starter_code="def count(s):\n\t", entry_point="count"), "count")
    assert prompt.startswith("def count(s):\n    r\"\"\"\n    Title\n")
    assert docstring_of(prompt, "count").startswith("Title\n\nCompute")


def test_function_prompt_for_a_method_adds_a_module_level_entry_point():
    starter = "class Solution:\n    def twoSum(self, nums: List[int],\n               target: int) -> List[int]:\n        "
    prompt = function_prompt(raw(starter_code=starter), "twoSum")
    assert prompt.startswith("from typing import *\n\n\ndef twoSum(*args, **kwargs):\n"
                             "    return Solution().twoSum(*args, **kwargs)\n")
    namespace: dict = {}
    exec(compile(prompt + "        return [len(nums), target]\n", "p", "exec"), namespace)
    assert namespace["twoSum"]([1, 2], 5) == [2, 5]


def test_function_prompt_without_starter_code():
    prompt = function_prompt(raw(function_tests=[{"args": "[1, [2]]", "expected": "3"}]), "add")
    assert prompt.startswith("def add(arg0, arg1):\n")
