"""Canonical solutions: a known program as the completion of its prompt, run as the judge runs it."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

from sftmine.tasks.prompt import STDIO_HEADER
from sftmine.tasks.solution import function_solution, stdio_solution

PROMPT = STDIO_HEADER + '    """Echo twice."""\n'


def run(program: str, stdin: str) -> str:
    """Run in-process on trusted test programs only: the sandbox tests run the same through the judge."""
    import sys

    out, old = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out):
            exec(compile(program, "main.py", "exec"), {"__name__": "__main__"})
    finally:
        sys.stdin = old
    return out.getvalue()


def test_plain_program_becomes_the_body_of_solve():
    solution = stdio_solution(PROMPT, "from __future__ import print_function\nx = input()\nprint(x, x)\n")
    assert solution.startswith("    x = input()\n") and solution.endswith('    solve()\n')
    assert run(PROMPT + solution, "hi\n") == "hi hi\n"


def test_programs_that_would_change_inside_a_function_stay_at_module_level():
    with_global = "n = 0\ndef bump():\n    global n\n    n += 1\nbump()\nprint(n)\n"
    with_text = 'print("""a\n  b""")\n'
    for program, want in ((with_global, "1\n"), (with_text, "a\n  b\n")):
        solution = stdio_solution(PROMPT, program)
        assert solution.startswith("\n\n") and run(PROMPT + solution, "") == want


def test_python2_is_no_solution():
    assert stdio_solution(PROMPT, "print 'hello'\n") is None
    assert function_solution("def f(x):\n    \"\"\"d\"\"\"\n", "def f(x):\n    print x\n", "f") is None


def test_function_body_or_whole_module():
    prompt = 'def f(x):\n    """Double."""\n'
    assert function_solution(prompt, "def f(x):\n  y = x * 2\n  return y\n", "f") == "    y = x * 2\n    return y\n"
    helper = "def g(x):\n    return 2 * x\n\n\ndef f(x):\n    return g(x)\n"
    whole = function_solution(prompt, helper, "f")
    assert whole == "\n\n" + helper
    namespace: dict = {}
    exec(prompt + whole, namespace)
    assert namespace["f"](4) == 8


def test_a_method_body_only_fills_a_method_prompt():
    method = "class Solution:\n    def f(self, x):\n        return self.k * x\n"
    assert function_solution('def f(x):\n    """Double."""\n', method, "f").startswith("\n\nclass Solution")
    in_class = 'class Solution:\n    def f(self, x):\n        """Double."""\n'
    assert function_solution(in_class, method, "f") == "        return self.k * x\n"
