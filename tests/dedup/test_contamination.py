import pytest

from sftmine.dedup import CONTAMINATED, Benchmark, dedup_tasks
from sftmine.dedup.contamination import CHANNELS, MIN_SHARED
from sftmine.dedup.normalize import task_tokens
from sftmine.records import Task
from tests.fixtures.datasets.build import all_tasks, functions, humaneval, stdio
from tests.fixtures.datasets.sources import slipped_humaneval, stdlib_functions


@pytest.fixture(scope="module")
def bench() -> Benchmark:
    return Benchmark.humaneval()


def test_humaneval_itself_is_all_contaminated(bench):
    result = dedup_tasks(humaneval(), benchmarks=[bench])
    assert result.kept == []
    assert [(r.reason, r.match) for r in result.removed] == [(CONTAMINATED, t.task_id) for t in humaneval()]


def test_a_slipped_humaneval_problem_is_removed_and_names_its_match(bench):
    close_pair, longest = slipped_humaneval()
    found = bench.check(task_tokens(close_pair))
    assert (found.match, found.channel) == ("HumanEval/0", "program")  # its solution, renamed
    assert found.containment == 1.0
    found = bench.check(task_tokens(longest))  # reworded statement, no solution
    assert (found.match, found.channel) == ("HumanEval/12", "prompt")
    assert found.containment >= CHANNELS[0].threshold and found.shared >= MIN_SHARED
    result = dedup_tasks(slipped_humaneval() + functions() + stdio(), benchmarks=[bench])
    assert {r.task_id: r.match for r in result.removed} == {"leetcode/close-pair-exists": "HumanEval/0",
                                                           "leetcode/pick-longest": "HumanEval/12"}
    assert result.removed[0].detail["benchmark"] == "humaneval"


def test_unrelated_tasks_are_kept(bench):
    clean = stdlib_functions(300) + functions() + stdio()
    assert len(clean) > 300
    assert [t for t in clean if bench.check(task_tokens(t))] == []


def test_boilerplate_shared_by_benchmark_problems_does_not_count(bench):
    # a signature HumanEval uses in many problems, with a docstring of its own
    task = Task(task_id="x", entry_point="f", prompt="from typing import List\n\n\ndef f(numbers: List[int]) -> "
                "List[int]:\n    \"\"\"Rotate the list left by one place.\"\"\"\n", canonical_solution="    return numbers[1:] + numbers[:1]\n")
    assert bench.check(task_tokens(task)) is None


def test_decontamination_can_be_off_or_against_another_benchmark():
    tasks = all_tasks()
    assert len(dedup_tasks(tasks, decontaminate=False).kept) == len(tasks)
    mine = Benchmark("mine", stdio()[:1])
    result = dedup_tasks(tasks, benchmarks=[mine])
    assert [(r.task_id, r.match) for r in result.removed] == [("codeforces/9101/A", "codeforces/9101/A")]
    assert result.stats["settings"]["decontaminate"]["benchmarks"] == {"mine": 1}
