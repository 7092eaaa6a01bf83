import pytest

from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Case, Task
from sftmine.verify import summarize, verify


@pytest.fixture(scope="module")
def humaneval():
    return import_humaneval()


def test_all_164_canonical_solutions_pass_twice(pool, humaneval):
    counts = summarize(verify(pool, humaneval, repeat=2))
    assert counts == {"tasks": 164, "passed": 164, "failed": 0, "unstable": 0, "sandbox_error": 0}


def test_broken_solutions_fail(bwrap_pool, humaneval):
    broken = [Task.from_dict({**t.to_dict(), "canonical_solution": "    return None\n", "fingerprint": None})
              for t in humaneval]
    counts = summarize(verify(bwrap_pool, broken, repeat=1))
    assert counts["passed"] == 0 and counts["failed"] == 164


def test_nondeterministic_task_is_unstable(bwrap_pool):
    flaky = Task(task_id="t/flaky", prompt="import os\ndef f():\n", entry_point="f",
                 canonical_solution="    return os.urandom(1)[0] % 2\n",
                 tests=[Case(args="[]", expected="0")])
    checks = verify(bwrap_pool, [flaky], repeat=12)
    assert checks[0].outcome == "unstable"  # a fixed answer every one of 12 times has odds 2 in 4096
