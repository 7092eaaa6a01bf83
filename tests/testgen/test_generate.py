from sftmine.judge import judge
from sftmine.records import Case, Origin, Status, Style, Task
from sftmine.testgen.generate import Settings, generate_task

ABS = "def absolute(x):\n"
ABS_REF = "    return -x if x < 0 else x\n"
ABS_WRONG = "    return x if x >= 0 else 3\n"  # right on the task's own tests only


def _task(prompt, solution, cases, entry="absolute", task_id="t/abs", time_s=2):
    return Task(task_id=task_id, prompt=prompt, entry_point=entry, canonical_solution=solution, tests=cases,
                limits={"time_s": time_s, "memory_mb": 256})


ABS_TASK = _task(ABS, ABS_REF, [Case(args="[-3]", expected="3", origin="official"),
                                Case(args="[0]", expected="0", origin="official"),
                                Case(args="[7]", expected="7", origin="official")])


def test_generated_cases_are_added_labelled_and_summarised(bwrap_pool):
    new = generate_task(bwrap_pool, ABS_TASK, Settings(per_task=10, candidates=40))
    assert new.tests[:3] == ABS_TASK.tests  # nothing already there changes
    generated = new.tests[3:]
    assert len(generated) == 10 and all(c.origin == Origin.GENERATED.value for c in generated)
    assert all(eval(c.expected) == abs(eval(c.args)[0]) for c in generated)
    summary = new.meta["tests"]
    assert summary["by_origin"] == {"generated": 10, "official": 3}
    assert summary["labelled_by"] == "reference" and summary["weak"] is False
    assert new.fingerprint != ABS_TASK.fingerprint and new.fingerprint == new.compute_fingerprint()
    assert generate_task(bwrap_pool, new, Settings()) is new  # a task done before is left alone


def test_a_generated_test_kills_a_wrong_program_that_passes_the_original_tests(bwrap_pool):
    new = generate_task(bwrap_pool, ABS_TASK, Settings(per_task=10, candidates=40))
    assert judge(bwrap_pool, ABS_TASK, ABS + ABS_WRONG).status is Status.PASSED
    verdict = judge(bwrap_pool, new, ABS + ABS_WRONG)
    assert verdict.status is Status.FAILED
    assert judge(bwrap_pool, new, ABS + ABS_REF).status is Status.PASSED


def test_generated_cases_are_judged_after_check_code(bwrap_pool):
    task = _task(ABS, ABS_REF, [Case(args="[-3]", expected="3", origin="official")])
    task.test_code = "def check(candidate):\n    assert candidate(-3) == 3\n    assert candidate(5) == 5\n"
    task.fingerprint = task.compute_fingerprint()
    new = generate_task(bwrap_pool, task, Settings(per_task=10, candidates=40))
    assert judge(bwrap_pool, task, ABS + ABS_WRONG).status is Status.PASSED
    assert judge(bwrap_pool, new, ABS + ABS_WRONG).status is Status.FAILED


def test_inputs_on_which_the_reference_raises_or_hangs_are_dropped(bwrap_pool):
    prompt = "def inverse(x):\n"
    solution = "    while x == 7:\n        pass\n    return 1 / x\n"
    task = _task(prompt, solution, [Case(args="[5]", expected="0.2"), Case(args="[6]", expected=str(1 / 6))],
                 entry="inverse", task_id="t/inverse", time_s=0.5)
    new = generate_task(bwrap_pool, task, Settings(per_task=30, candidates=20))
    dropped = new.meta["tests"]["dropped"]
    assert dropped.get("raises", 0) >= 1 and dropped.get("timeout", 0) >= 1, dropped
    args = [eval(c.args)[0] for c in new.tests[2:]]
    assert args and 0 not in args and 7 not in args
    assert judge(bwrap_pool, new, prompt + solution).status is Status.PASSED


def test_tasks_without_a_reference_are_kept_weak(bwrap_pool):
    task = _task(ABS, None, list(ABS_TASK.tests), task_id="t/noref")
    new = generate_task(bwrap_pool, task, Settings())
    assert new.tests == task.tests
    assert new.meta["tests"]["weak"] is True and new.meta["tests"]["labelled_by"] is None
    stdio = Task(task_id="t/io", prompt="", style=Style.STDIO, tests=[Case(stdin="1\n", stdout="1\n")])
    assert generate_task(bwrap_pool, stdio, Settings()).meta["tests"]["weak"] is True


def test_a_method_task_gets_no_generated_cases_and_is_kept_weak(bwrap_pool):
    method = _task("class Box:\n    def get(self):\n", "        return self.v\n",
                   [Case(args="[]", expected="1", receiver="t.Box({'v': 1})", origin="traced")], entry="Box.get")
    new = generate_task(bwrap_pool, method, Settings())
    assert new.tests == method.tests and new.meta["tests"]["weak"] is True
    assert "receiver" in new.meta["tests"]["note"]


def test_a_generator_task_s_new_cases_take_its_first_values(bwrap_pool):
    prompt = "def countdown(n):\n"
    solution = "    while n > 0:\n        yield n\n        n -= 1\n"
    task = _task(prompt, solution, [Case(args="[3]", expected="[3, 2, 1]", take=4, origin="traced"),
                                    Case(args="[50]", expected="[50, 49]", take=2, origin="traced")],
                 entry="countdown", task_id="t/countdown")
    new = generate_task(bwrap_pool, task, Settings(per_task=5, candidates=20))
    generated = new.tests[2:]
    assert generated and all(c.take == 4 for c in generated)
    for case in generated:
        n = eval(case.args)[0]
        assert eval(case.expected) == list(range(n, 0, -1))[:4]
    assert judge(bwrap_pool, new, prompt + solution).status is Status.PASSED
