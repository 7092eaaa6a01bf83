from sftmine.importers.humaneval import import_humaneval, parse_check
from sftmine.sandbox.wire import from_literal


def test_imports_all_164_with_structured_cases():
    tasks = import_humaneval()
    assert len(tasks) == 164 and len({t.task_id for t in tasks}) == 164
    assert all(t.test_code and t.canonical_solution and t.entry_point for t in tasks)
    complete = [t for t in tasks if t.meta["tests_complete"]]
    assert len(complete) >= 140
    for task in tasks:
        for case in task.tests:
            assert isinstance(from_literal(case.args), list)
            from_literal(case.expected)


def test_first_problem_parsed_exactly():
    task = import_humaneval()[0]
    assert task.task_id == "HumanEval/0" and task.entry_point == "has_close_elements"
    assert task.tests[0].args == "[[1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3]" and task.tests[0].expected == "True"
    assert task.source["kind"] == "import" and task.limits["time_s"] == 3.0


def test_parse_check_shapes():
    code = (
        "def check(candidate):\n"
        "    assert candidate(1, b=2) == 3\n"
        "    assert 4 == candidate(2, 2)\n"
        "    assert abs(candidate(0.1, 0.2) - 0.3) < 1e-6\n"
        "    assert candidate(0, 0)\n"
        "    assert not candidate(1, -1)\n"
        "    assert True, 'a note'\n"
    )
    cases, complete = parse_check(code)
    assert complete and len(cases) == 5
    assert cases[0].kwargs == "{'b': 2}" and cases[1].expected == "4"
    assert cases[2].checker == {"kind": "float", "abs": 1e-6, "strict": True}
    assert cases[3].checker == {"kind": "truthy"} and cases[4].checker == {"kind": "falsy"}


def test_loops_make_the_cases_incomplete():
    code = "def check(candidate):\n    for x in range(3):\n        assert candidate(x) == x\n"
    assert parse_check(code) == ([], False)


def test_constant_expressions_become_their_values():
    code = (
        "def check(candidate):\n"
        "    print\n"
        "    assert candidate(3 * 19) == [3, 19]\n"
        "    assert candidate('abcde' + 'cade') == 5\n"
        "    assert candidate([-0, 1**0]) == (3 + 5 + 7, 3 * 5 * 7)\n"
        "    assert abs(candidate([1.0, 2.0, 3.0]) - 2.0/3.0) < 1e-6\n"
        "    assert candidate([3, 2, 3], 9) is True\n"
        "    assert candidate(None) is None\n"
    )
    cases, complete = parse_check(code)
    assert complete and [c.args for c in cases] == ["[57]", "['abcdecade']", "[[0, 1]]", "[[1.0, 2.0, 3.0]]",
                                                    "[[3, 2, 3], 9]", "[None]"]
    assert [c.expected for c in cases[:4]] == ["[3, 19]", "5", "(15, 105)", "0.6666666666666666"]
    assert cases[4].checker == {"kind": "identical"} and cases[4].expected == "True"
    assert cases[5].expected == "None"


def test_expressions_that_are_not_small_constants_stay_in_the_check():
    for expr in ("'a' * 10**9", "2 ** 100000", "1 / 0", "float('inf')", "x + 1", "1e308 * 10", "[1] * 100000"):
        code = f"def check(candidate):\n    assert candidate({expr}) == 1\n"
        assert parse_check(code) == ([], False), expr
    code = "def check(candidate):\n    undefined_name\n    assert candidate(1) == 1\n"
    assert parse_check(code)[1] is False
    code = "def check(candidate):\n    assert candidate(1) is 5\n"
    assert parse_check(code)[1] is False
