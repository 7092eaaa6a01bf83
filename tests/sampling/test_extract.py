from sftmine.sampling.extract import clean, code_blocks, defines, extract_code, merge, preamble

HUMANEVAL_STYLE = '''from typing import List


def is_palindrome(string: str) -> bool:
    """ Test if given string is a palindrome """
    return string == string[::-1]


def longest(strings: List[str]) -> str:
    """ Return the longest string.
    >>> longest(['a', 'bb'])
    'bb'
    """
'''


def run(program: str, call: str):
    scope: dict = {}
    exec(compile(program, "<program>", "exec"), scope)  # trusted test input, not a sample
    return eval(call, scope)


def test_code_blocks_in_order_with_an_unclosed_last_block():
    reply = "Here:\n```python\nx = 1\n```\nand\n```\ny = 2\n```\nthen\n  ```py\nz = 3"
    assert code_blocks(reply) == ["x = 1\n", "y = 2\n", "z = 3\n"]


def test_code_blocks_ignore_empty_blocks_and_plain_text():
    assert code_blocks("no code at all") == []
    assert code_blocks("```python\n```\n") == []


def test_block_defining_the_entry_point_wins_over_an_earlier_one():
    reply = ("Usage:\n```python\nprint(add(1, 2))\n```\nSolution:\n```python\n"
             "def add(a, b):\n    return a + b\n```\n")
    assert extract_code(reply, "add") == "def add(a, b):\n    return a + b\n"


def test_demo_calls_and_prints_are_dropped_from_a_whole_function_answer():
    reply = ("```python\nimport math\n\nLIMIT = 3\n\n@staticmethod\ndef f(x):\n    # keep me\n    return x\n\n"
             "print(f(2))\nx = input()\nif __name__ == '__main__':\n    f(1)\n```")
    code = extract_code(reply, "f")
    assert "print" not in code and "input" not in code and "__main__" not in code
    assert "import math" in code and "LIMIT = 3" in code and "@staticmethod" in code and "# keep me" in code


def test_reply_without_fences_is_used_when_it_parses():
    assert extract_code("def f(x):\n    return x + 1\n", "f") == "def f(x):\n    return x + 1\n"


def test_body_only_answer_is_kept_as_is():
    assert extract_code("```python\n    return a + b\n```", "add") == "    return a + b\n"


def test_code_that_does_not_parse_is_left_alone():
    assert clean("def f(:\n") == "def f(:\n"


def test_defines_tolerates_broken_code():
    assert defines("def add(a, b):\n    return (", "add")
    assert not defines("def adder(a, b):\n    return a", "add")


def test_preamble_keeps_imports_and_helpers_but_not_the_stub():
    head = preamble(HUMANEVAL_STYLE, "longest")
    assert "from typing import List" in head and "def is_palindrome" in head
    assert "def longest" not in head


def test_whole_function_answer_merged_with_the_prompts_imports_and_helpers():
    answer = "def longest(strings: List[str]) -> str:\n    return max(strings, key=len) if is_palindrome('a') else ''\n"
    program = merge(HUMANEVAL_STYLE, answer, "longest")
    assert program.count("def longest") == 1
    assert run(program, "longest(['a', 'bbb', 'cc'])") == "bbb"


def test_answer_with_its_own_imports_and_a_stub_prompt_without_docstring():
    program = merge("import math\ndef root(x):\n", "import math\n\ndef root(x):\n    return math.sqrt(x)\n", "root")
    assert run(program, "root(9.0)") == 3.0


def test_body_only_answer_is_appended_and_indented():
    prompt = "def add(a, b):\n    '''Sum.'''\n"
    assert run(merge(prompt, "return a + b\n", "add"), "add(2, 3)") == 5
    assert run(merge(prompt, "    return a + b\n", "add"), "add(2, 3)") == 5
