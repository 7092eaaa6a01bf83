import random
from pathlib import Path

from sftmine.importers.apps import import_apps
from sftmine.judge import judge
from sftmine.records import Status
from sftmine.tasks.build import build_task
from sftmine.testgen.generate import Settings, generate_task
from sftmine.testgen.stdio import counts, mutate_stdin, stated_bounds

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "apps_train.jsonl"


def test_counts_and_stated_bounds_are_read():
    lines = [line.split() for line in "3\n1 5 2\n3\na b\nc d\ne f\n2\nxy\n".splitlines()]
    found = {(c.line, c.kind) for c in counts(lines)}
    assert {(0, "tokens"), (2, "lines"), (6, "chars")} <= found
    assert stated_bounds(r"($1 \le n \le 100$) and ($-10^9 \le a_i \le 10^9$)") == (-10**9, 10**9)
    assert stated_bounds("1 ≤ N ≤ 2·10^5") is not None and stated_bounds("no numbers") is None


def test_mutated_inputs_keep_count_and_items_together():
    rng = random.Random(3)
    for _ in range(200):
        lines = mutate_stdin("3\n1 5 2\n", rng, "ab", (-100, 100)).split("\n")
        assert int(lines[0]) == len(lines[1].split())
        assert all(-100 <= int(x) <= 100 for x in lines[1].split())


def _apps_task(number):
    raw = next(r for r in import_apps(FIXTURE) if r.problem_id.endswith(f"/{number}"))
    return build_task(raw)


def test_an_imported_task_with_solutions_is_labelled_by_its_reference(bwrap_pool):
    task = _apps_task(0)  # n, then n integers: print max - min
    new = generate_task(bwrap_pool, task, Settings(per_task=10, candidates=30))
    generated = new.tests[len(task.tests):]
    assert len(generated) == 10 and new.meta["tests"]["labelled_by"] == "reference"
    for case in generated:
        first, items = case.stdin.split("\n")[:2]
        numbers = [int(x) for x in items.split()]
        assert int(first) == len(numbers) and case.stdout.strip() == str(max(numbers) - min(numbers))
    wrong = task.prompt + task.canonical_solution.replace("max(a) - min(a)", "max(a) - a[0]")
    assert wrong != task.prompt + task.canonical_solution
    assert judge(bwrap_pool, task, wrong).status is Status.PASSED
    assert judge(bwrap_pool, new, wrong).status is Status.FAILED
