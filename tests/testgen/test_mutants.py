from sftmine.testgen.mutants import OPERATORS, mutants

PROMPT = "def helper(a):\n    return a + 1\n\n\ndef f(xs, k):\n    \"\"\"Twice the sum of xs[1:] above k.\"\"\"\n"
SOLUTION = ("    total = 0\n"
            "    for x in xs[1:]:\n"
            "        if x > k and x != 0:\n"
            "            total += x * 2\n"
            "    return total\n")


def _all():
    return mutants(PROMPT, SOLUTION, 1000, "t/m")


def test_each_operator_makes_the_expected_mutants():
    got = {(m.operator, m.line, m.after) for m in _all()}
    expected = {
        ("arith", 4, "total -= x * 2"), ("arith", 4, "x / 2"),
        ("compare", 3, "x >= k"), ("compare", 3, "x == 0"),
        ("negate", 3, "if not (x > k and x != 0):"),
        ("constant", 1, "1"), ("constant", 1, "-1"), ("constant", 4, "3"),
        ("boolop", 3, "x > k or x != 0"),
        ("slice", 2, "1 + 1:"), ("slice", 2, "1 - 1:"), ("slice", 2, "1:-1"),
        ("return", 5, "return None"),
        ("delete", 1, "pass"), ("delete", 4, "pass"),
    }
    assert expected <= got, expected - got
    assert {op for op, _, _ in got} == set(OPERATORS)


def test_mutants_compile_differ_and_leave_the_prompt_alone():
    found = _all()
    codes = [m.code for m in found]
    assert len(codes) == len(set(codes))
    for m in found:
        compile(m.code, "m.py", "exec")
        assert "def helper(a):\n    return a + 1" in m.code


def test_selection_is_deterministic_limited_and_spread_over_operators():
    few = mutants(PROMPT, SOLUTION, 8, "t/m")
    assert [m.code for m in few] == [m.code for m in mutants(PROMPT, SOLUTION, 8, "t/m")]
    assert len(few) == 8 and len({m.operator for m in few}) == 8
