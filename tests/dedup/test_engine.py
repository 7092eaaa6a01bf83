import random
import time

import pytest

from sftmine.dedup import DUPLICATE_ID, EXACT, NEAR, dedup_tasks
from sftmine.dedup.engine import priority
from sftmine.records import Task
from tests.fixtures.datasets.build import functions, stdio
from tests.fixtures.datasets.sources import STATEMENT, one_problem_three_sources, stdlib_functions


def _ids(tasks):
    return [t.task_id for t in tasks]


def test_one_problem_from_three_sources_keeps_the_richest_copy():
    cf, cc, taco = one_problem_three_sources()
    result = dedup_tasks([taco, cc, cf], decontaminate=False)
    assert _ids(result.kept) == [cf.task_id]  # has a solution and the most tests
    assert {(r.task_id, r.reason, r.match) for r in result.removed} == {
        (cc.task_id, EXACT, cf.task_id), (taco.task_id, NEAR, cf.task_id)}
    near = next(r for r in result.removed if r.reason == NEAR)
    assert 0.7 <= near.detail["jaccard"] < 1.0
    assert next(r for r in result.removed if r.reason == EXACT).detail == {"on": "prompt"}


def test_exact_duplicate_on_the_program_with_another_docstring():
    a = Task(task_id="ci/a/m:total", entry_point="total", prompt='def total(items):\n    """Sum of the prices."""\n',
             canonical_solution="    s = 0\n    for it in items:\n        s += it.price * it.count\n    return s\n")
    b = Task(task_id="ci/b/m:amount", entry_point="amount", prompt='def amount(rows):\n    """Order amount."""\n',
             canonical_solution="    acc = 0\n    for r in rows:\n        acc += r.price * r.count\n    return acc\n")
    result = dedup_tasks([b, a], decontaminate=False)
    assert _ids(result.kept) == ["ci/a/m:total"]
    assert result.removed[0].detail == {"on": "program"}


def test_short_programs_and_short_docstrings_are_not_called_duplicates():
    ops = [Task(task_id=f"ci/op/{name}", entry_point=name, prompt=f'def {name}(a, b):\n    "Same as a {op} b."\n',
                canonical_solution=f"    return a {op} b\n") for name, op in (("add", "+"), ("sub", "-"), ("xor", "^"))]
    getters = [Task(task_id=f"ci/get/{n}", entry_point="get", prompt="def get(self):\n",
                    canonical_solution="    return self._value\n") for n in range(3)]
    assert len(dedup_tasks(ops + getters, decontaminate=False).kept) == 6


def test_a_repeated_task_id_is_removed():
    tasks = functions()
    result = dedup_tasks(tasks + tasks[:1], decontaminate=False)
    assert len(result.kept) == len(tasks)
    assert (result.removed[0].reason, result.removed[0].match) == (DUPLICATE_ID, tasks[0].task_id)


def test_problems_that_share_only_their_story_are_kept():
    story = STATEMENT.split(". ")[0] + ". "
    other = story + ("Petya wants to know how many of the boxes hold a prime number of candies, counting every "
                     "box once, and which box holds the most; print both numbers on one line.")
    cf, _, taco = one_problem_three_sources()
    twin = Task.from_dict({**taco.to_dict(), "task_id": "taco/78", "fingerprint": None,
                           "prompt": taco.prompt.replace(STATEMENT.replace("minimum number", "least number"), other)})
    assert len(dedup_tasks([cf, twin], decontaminate=False).kept) == 2


def test_same_input_in_any_order_gives_the_same_choice():
    tasks = stdlib_functions(250) + one_problem_three_sources() + stdio() + functions()
    first = dedup_tasks(tasks, decontaminate=False)
    shuffled = tasks[:]
    random.Random(7).shuffle(shuffled)
    second = dedup_tasks(shuffled, decontaminate=False)
    assert sorted(_ids(first.kept)) == sorted(_ids(second.kept))
    assert sorted((r.task_id, r.reason, r.match) for r in first.removed) == \
        sorted((r.task_id, r.reason, r.match) for r in second.removed)
    assert _ids(second.kept) == [t.task_id for t in shuffled if t.task_id in set(_ids(first.kept))]  # input order
    assert sum(r.reason in (EXACT, NEAR) for r in first.removed) >= 3


def test_priority_prefers_a_solution_then_more_tests_then_the_id():
    cf, cc, taco = one_problem_three_sources()
    assert sorted([taco, cc, cf], key=lambda t: priority(t, 0)) == [cf, cc, taco]


def _synthetic(count: int, seed: int = 3) -> tuple[list[Task], set[str]]:
    """Statements of 60 random words; every 10th is an earlier one with one word edited (Jaccard of
    5-word shingles: 0.84). Returns the tasks and the ids of the copies."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    tasks, originals, copies = [], [], set()
    for i in range(count):
        if i % 10 == 9:
            words = originals[rng.randrange(len(originals))].split()
            words[rng.randrange(len(words))] = "edited"
            copies.add(f"syn/{i:06d}")
        else:
            words = [rng.choice(vocab) for _ in range(60)]
            originals.append(" ".join(words))
        tasks.append(Task(task_id=f"syn/{i:06d}", entry_point="f", prompt=f'def f(x):\n    """{" ".join(words)}"""\n',
                          canonical_solution=f"    return x + {i}\n"))
    return tasks, copies


@pytest.mark.slow
def test_twenty_thousand_tasks_in_linear_time():
    tasks, copies = _synthetic(20_000)
    start = time.process_time()  # CPU time: other work on a shared machine does not count
    result = dedup_tasks(tasks, decontaminate=False)
    elapsed = time.process_time() - start
    removed = {r.task_id for r in result.removed}
    assert removed <= copies and {r.reason for r in result.removed} == {NEAR}  # no false positive
    assert len(removed) >= 0.99 * len(copies)  # LSH may miss a few true pairs; it finds nearly all
    assert elapsed < 60, f"dedup of 20k tasks took {elapsed:.0f}s of CPU"
