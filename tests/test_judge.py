from sftmine.judge import judge
from sftmine.records import Case, Origin, Status, Style, Task

ECHO_SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def stdio_task(cases, checker=None, time_s=3):
    return Task(task_id="t/stdio", prompt="", style=Style.STDIO, tests=cases,
                checker=checker or {"kind": "tokens"}, limits={"time_s": time_s, "memory_mb": 256})


def fn_task(cases, **kw):
    return Task(task_id="t/fn", prompt="", entry_point="f", tests=cases,
                limits={"time_s": kw.pop("time_s", 3), "memory_mb": 256}, **kw)


def test_stdio_pass_fail_and_first_failure_decides(bwrap_pool):
    cases = [Case(stdin="1 2\n", stdout="3\n"), Case(stdin="5 5\n", stdout="10\n")]
    assert judge(bwrap_pool, stdio_task(cases), ECHO_SUM).status is Status.PASSED
    wrong = [Case(stdin="1 2\n", stdout="4\n"), Case(stdin="5 5\n", stdout="10\n")]
    verdict = judge(bwrap_pool, stdio_task(wrong), ECHO_SUM)
    assert verdict.status is Status.FAILED and len(verdict.tests) == 1
    crash = judge(bwrap_pool, stdio_task(cases), "print(1/0)\n")
    assert crash.status is Status.RUNTIME_ERROR


def test_stdio_float_checker(bwrap_pool):
    task = stdio_task([Case(stdin="", stdout="0.3333333333\n")], {"kind": "float", "abs": 1e-6, "rel": 1e-6})
    assert judge(bwrap_pool, task, "print(1/3 + 1e-8)\n").status is Status.PASSED
    assert judge(bwrap_pool, task, "print(0.3334)\n").status is Status.FAILED


def test_function_cases_values_raises_and_kwargs(bwrap_pool):
    cases = [Case(args="[2]", expected="4"), Case(args="[]", kwargs="{'x': 3}", expected="9"),
             Case(args="[-1]", raises="ValueError")]
    good = "def f(x=0):\n    if x < 0:\n        raise ValueError(x)\n    return x * x\n"
    verdict = judge(bwrap_pool, fn_task(cases), good)
    assert verdict.status is Status.PASSED and [r.status for r in verdict.tests] == [Status.PASSED] * 3
    bad = "def f(x=0):\n    return x * x\n"
    verdict = judge(bwrap_pool, fn_task(cases), bad)
    assert verdict.status is Status.FAILED and verdict.tests[2].status is Status.FAILED


def test_function_exception_syntax_error_and_timeout(bwrap_pool):
    cases = [Case(args="[1]", expected="1")]
    assert judge(bwrap_pool, fn_task(cases), "def f(x):\n    return [][x]\n").status is Status.RUNTIME_ERROR
    assert judge(bwrap_pool, fn_task(cases), "def f(x) return x\n").status is Status.RUNTIME_ERROR
    slow = judge(bwrap_pool, fn_task(cases, time_s=1), "def f(x):\n    while True:\n        pass\n")
    assert slow.status is Status.TIMEOUT


def test_tuple_is_not_a_list(bwrap_pool):
    cases = [Case(args="[1]", expected="(1, 2)")]
    assert judge(bwrap_pool, fn_task(cases), "def f(x):\n    return [1, 2]\n").status is Status.FAILED
    assert judge(bwrap_pool, fn_task(cases), "def f(x):\n    return (1, 2)\n").status is Status.PASSED


def test_check_code_used_when_structured_cases_are_incomplete(bwrap_pool):
    check = "def check(candidate):\n    for i in range(5):\n        assert candidate(i) == i * 2\n"
    task = fn_task([], test_code=check)
    assert judge(bwrap_pool, task, "def f(x):\n    return 2 * x\n").status is Status.PASSED
    assert judge(bwrap_pool, task, "def f(x):\n    return x\n").status is Status.FAILED
    assert judge(bwrap_pool, task, "def f(x):\n    return {}[x]\n").status is Status.RUNTIME_ERROR


def test_a_crash_midway_is_a_runtime_error_not_a_wrong_answer(bwrap_pool):
    cases = [Case(args="[1]", expected="1"), Case(args="[0]", expected="0")]
    crash = "import ctypes\ndef f(x):\n    if x == 0:\n        ctypes.string_at(0)\n    return x\n"
    verdict = judge(bwrap_pool, fn_task(cases), crash)
    assert verdict.status is Status.RUNTIME_ERROR and "SIGSEGV" in verdict.detail


def test_the_verdict_names_the_origin_that_failed(bwrap_pool):
    """Generated cases run after the task's own, so `generated` means the original tests were passed."""
    original = Case(stdin="1 2\n", stdout="3\n", origin=Origin.SAMPLE.value)
    generated = Case(stdin="9 9\n", stdout="18\n", origin=Origin.GENERATED.value)
    task = stdio_task([generated, original])  # listed out of order on purpose
    only_small = "a, b = map(int, input().split())\nprint(a + b if a < 5 else 0)\n"
    assert judge(bwrap_pool, task, ECHO_SUM).failed_origin == ""
    assert judge(bwrap_pool, task, only_small).failed_origin == Origin.GENERATED.value
    assert judge(bwrap_pool, task, "print(4)\n").failed_origin == Origin.SAMPLE.value


def test_check_code_failures_and_generated_failures_are_told_apart(bwrap_pool):
    task = fn_task([Case(args="[9]", expected="81", origin=Origin.GENERATED.value)],
                   test_code="def check(candidate):\n    assert candidate(2) == 4\n")
    assert judge(bwrap_pool, task, "def f(x):\n    return x * x\n").failed_origin == ""
    assert judge(bwrap_pool, task, "def f(x):\n    return 4\n").failed_origin == Origin.GENERATED.value
    assert judge(bwrap_pool, task, "def f(x):\n    return 0\n").failed_origin == "check"


def test_standard_library_values_are_rebuilt_in_the_sandbox_and_compared_by_structure(bwrap_pool):
    cases = [Case(args="[datetime.date(2024, 2, 28), datetime.timedelta(days=2)]", expected="datetime.date(2024, 3, 1)"),
             Case(args="[collections.OrderedDict([('b', 1), ('a', 2)]), None]",
                  expected="collections.OrderedDict([('b', 1), ('a', 2)])")]
    good = "def f(x, d):\n    return x + d if d is not None else x\n"
    assert judge(bwrap_pool, fn_task(cases), good).status is Status.PASSED
    plain_dict = "def f(x, d):\n    return x + d if d is not None else dict(x)\n"  # equal under ==, not the same type
    verdict = judge(bwrap_pool, fn_task(cases), plain_dict)
    assert verdict.status is Status.FAILED and verdict.tests[1].status is Status.FAILED


def test_nan_equals_nan(bwrap_pool):
    cases = [Case(args="[float('nan')]", expected="[float('nan')]")]
    assert judge(bwrap_pool, fn_task(cases), "def f(x):\n    return [x]\n").status is Status.PASSED
    assert judge(bwrap_pool, fn_task(cases), "def f(x):\n    return [0.0]\n").status is Status.FAILED


def test_a_generator_case_takes_its_first_values(bwrap_pool):
    cases = [Case(args="[3]", expected="[0, 1, 2]", take=4), Case(args="[100]", expected="[0, 1]", take=2)]
    good = "def f(n):\n    yield from range(n)\n"
    assert judge(bwrap_pool, fn_task(cases), good).status is Status.PASSED
    endless = "def f(n):\n    i = 0\n    while True:\n        yield i\n        i += 1\n"  # does not stop after 3
    verdict = judge(bwrap_pool, fn_task(cases), endless)
    assert verdict.status is Status.FAILED and verdict.tests[0].status is Status.FAILED


def test_arguments_that_cannot_be_rebuilt_fail_the_case_with_a_reason(bwrap_pool):
    cases = [Case(args="[nosuchpkg.Thing(x=1)]", expected="1")]
    verdict = judge(bwrap_pool, fn_task(cases), "def f(t):\n    return 1\n")
    assert verdict.status is Status.FAILED and "could not be rebuilt" in verdict.tests[0].detail


TEMPLATE = "string.Template({'template': 'hi $who'})"  # a plain-data class the sandbox's Python has


def method_task(prompt, cases, entry="Template.greet"):
    return Task(task_id="t/method", prompt=prompt, entry_point=entry, tests=cases,
                limits={"time_s": 3, "memory_mb": 256})


def test_a_method_runs_on_its_rebuilt_receiver_and_its_class_names_the_real_one(bwrap_pool):
    prompt = "class Template:\n    def greet(self, who):\n"
    task = method_task(prompt, [Case(args="['bob']", receiver=TEMPLATE, expected="'hi bob'")])
    body = "        assert type(self) is Template and Template.__module__ == 'string'\n" \
           "        return self.safe_substitute(who=who)\n"  # the project class's other methods are there
    assert judge(bwrap_pool, task, prompt + body).status is Status.PASSED
    other = method_task("class Other:\n    def greet(self, who):\n", task.tests, entry="Other.greet")
    verdict = judge(bwrap_pool, other, other.prompt + "        return 'hi ' + who\n")
    assert verdict.status is Status.FAILED and "is no Other" in verdict.detail


def test_a_method_s_receiver_after_the_call_is_compared(bwrap_pool):
    prompt = "class Template:\n    def shout(self):\n"
    task = method_task(prompt, [Case(args="[]", receiver=TEMPLATE, expected="None",
                                     state="{'template': 'HI $WHO'}")], entry="Template.shout")
    assert judge(bwrap_pool, task, prompt + "        self.template = self.template.upper()\n").status is Status.PASSED
    verdict = judge(bwrap_pool, task, prompt + "        return None\n")
    assert verdict.status is Status.FAILED and "receiver after the call: got {'template': 'hi $who'}" in verdict.detail


def test_a_class_method_gets_the_class_itself(bwrap_pool):
    prompt = "class Template:\n    @classmethod\n    def delimiter_of(cls):\n"
    task = method_task(prompt, [Case(args="[]", receiver="string.Template", expected="'$'")],
                       entry="Template.delimiter_of")
    assert judge(bwrap_pool, task, prompt + "        return cls.delimiter\n").status is Status.PASSED


def test_objects_as_arguments_and_return_values_compare_by_class_and_attributes(bwrap_pool):
    prompt = "import string\n\n\ndef shout(t):\n"
    cases = [Case(args=f"[[{TEMPLATE}]]", expected="{'loud': string.Template({'template': 'HI $WHO'})}")]
    task = Task(task_id="t/objects", prompt=prompt, entry_point="shout", tests=cases,
                limits={"time_s": 3, "memory_mb": 256})
    body = "    return {'loud': string.Template(t[0].template.upper())}\n"
    assert judge(bwrap_pool, task, prompt + body).status is Status.PASSED
    mutant = judge(bwrap_pool, task, prompt + body.replace(".upper()", ""))
    assert mutant.status is Status.FAILED and "got {'loud': string.Template({'template': 'hi $who'})}" in mutant.detail
    own_class = "class Template:\n    def __init__(self, template):\n        self.template = template\n\n\n"
    lookalike = judge(bwrap_pool, task, own_class + prompt + body.replace("string.Template(", "Template("))
    assert lookalike.status is Status.FAILED and "non-plain value" in lookalike.detail  # not by the project's path


def test_a_result_written_as_expected_passes_only_where_equal_values_pass(bwrap_pool):
    """The judge skips reading a result that reads exactly as the expected text, except under checkers
    that judge the value rather than its equality (truthy, falsy)."""
    zero = "def f(x):\n    return 0\n"
    assert judge(bwrap_pool, fn_task([Case(args="[1]", expected="0")]), zero).status is Status.PASSED
    truthy = fn_task([Case(args="[1]", expected="0", checker={"kind": "truthy"})])
    assert judge(bwrap_pool, truthy, zero).status is Status.FAILED
    nan = fn_task([Case(args="[1]", expected="float('nan')", checker={"kind": "float", "abs": 1e-9})])
    assert judge(bwrap_pool, nan, "def f(x):\n    return float('nan')\n").status is Status.PASSED
