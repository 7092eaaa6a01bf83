"""The filter on written-down samples with known answers, judged in the real sandbox."""

from sftmine.filter.engine import filter_samples, program
from sftmine.filter.stats import summarize
from sftmine.filter.verdicts import Judging
from sftmine.records import Case, Sample, Style, Task

ADD = Task(task_id="k/add", prompt="import math\n\n\ndef add(a, b):\n    \"\"\"Sum.\"\"\"\n", entry_point="add",
           canonical_solution="    return a + b\n", tests=[Case(args="[1, 2]", expected="3"),
                                                       Case(args="[5, -5]", expected="0")])
MYSTERY = Task(task_id="k/mystery", prompt="def mystery(n):\n", entry_point="mystery",
               tests=[Case(args="[1]", expected="7331")])
COIN = Task(task_id="k/coin", prompt="import random\n\n\ndef heads():\n", entry_point="heads",
            tests=[Case(args="[]", expected="True")])
NO_TESTS = Task(task_id="k/untested", prompt="def f():\n", entry_point="f")
NOT_SAMPLED = Task(task_id="k/unsampled", prompt="def g():\n", entry_point="g", tests=[Case(args="[]", expected="1")])
STDIO = Task(task_id="k/stdio", prompt='"""Print the sum of two integers."""\n', style=Style.STDIO,
             tests=[Case(stdin="1 2\n", stdout="3\n"), Case(stdin="10 -3\n", stdout="7\n")])


def sample(task, index, code, mode="completion", logprob=None):
    return Sample(task_id=task.task_id, fingerprint=task.fingerprint, model="m", params={"mode": mode},
                  seed=index, index=index, text=code, code=code, n_tokens=5, mean_logprob=logprob)


SAMPLES = [
    sample(ADD, 0, "    return a + b\n", logprob=-0.9),
    sample(ADD, 1, "    return a - b\n"),
    sample(ADD, 2, "def add(a, b):\n    return int(math.fsum([a, b]))\n", mode="chat", logprob=-0.2),
    sample(ADD, 3, "    return a + b\n", logprob=-0.5),  # the same program as sample 0: judged once
    sample(MYSTERY, 0, "    return n * 2\n"), sample(MYSTERY, 1, "    return 42\n"),
    # Sixteen distinct coin flips: some pass the first judging (all fail with odds 2**-16), and a passing
    # one fails a later round (all 2 x c re-runs pass with odds 2**-(2c)).
    *[sample(COIN, i, f"    return random.random() < 0.5  # {i}\n") for i in range(16)],
    sample(NO_TESTS, 0, "    return 1\n"),
    sample(STDIO, 0, "a, b = map(int, input().split())\nprint(a + b)\n", mode="chat"),
]


def run(pool, tmp_path, policy="all"):
    judging = Judging(pool, tmp_path / "v.sqlite", progress=False)
    tasks = [ADD, MYSTERY, COIN, NO_TESTS, NOT_SAMPLED, STDIO]
    results, verdicts = filter_samples(judging, tasks, SAMPLES, repeat=2, policy=policy)
    return {r.task.task_id: r for r in results}, verdicts, judging


def test_every_task_is_kept_or_dropped_for_its_reason(bwrap_pool, tmp_path):
    results, verdicts, judging = run(bwrap_pool, tmp_path)
    reasons = {k: r.drop_reason for k, r in results.items()}
    assert reasons == {"k/add": None, "k/mystery": "unsolved", "k/coin": "unstable", "k/untested": "no_tests",
                       "k/unsampled": "no_samples", "k/stdio": None}
    add = results["k/add"]
    assert (add.n, add.c) == (4, 3) and add.pass_at == {"pass@1": 0.75}
    assert [s.index for s in add.passing] == [2, 3, 0]  # ranked by mean logprob
    assert len(verdicts) == len(SAMPLES) - 1  # the untested task's sample is not judged
    assert judging.counts()["sandbox_errors"] == 0


def test_identical_programs_share_one_judging_and_a_rerun_judges_nothing(bwrap_pool, tmp_path):
    _, _, first = run(bwrap_pool, tmp_path)
    distinct_round0 = len({program(t, s) for t in (ADD, MYSTERY, COIN, STDIO) for s in SAMPLES
                           if s.task_id == t.task_id})
    assert distinct_round0 == 4 - 1 + 2 + 16 + 1 and first.counts()["executions"] > distinct_round0
    results, _, again = run(bwrap_pool, tmp_path)
    assert again.counts()["executions"] == 0 and results["k/add"].kept


def test_policy_chooses_the_targets_of_kept_tasks(bwrap_pool, tmp_path):
    results, _, _ = run(bwrap_pool, tmp_path, policy="logprob")
    assert [s.index for s in results["k/add"].passing] == [2]
    stats = summarize(list(results.values()))
    assert stats["tasks"] == 6 and stats["kept"] == 2 and stats["targets"] == 2
    assert stats["dropped"] == {"no_samples": 1, "no_tests": 1, "unsolved": 1, "unstable": 1}


def test_weak_tests_get_cases_by_agreement_and_a_wrong_sample_that_passed_them_fails(bwrap_pool, tmp_path):
    """No reference: two distinct right programs outvote a wrong one that passes the statement's samples."""
    weak = Task(task_id="k/weak", prompt='"""Print the sum of N integers."""\n', style=Style.STDIO,
                tests=[Case(stdin="3\n1 2 3\n", stdout="6\n")], meta={"tests": {"weak": True}},
                limits={"time_s": 3, "memory_mb": 256})
    right = ["n = int(input())\nprint(sum(map(int, input().split())))\n",
             "input()\nt = 0\nfor x in input().split():\n    t += int(x)\nprint(t)\n"]
    wrong = "input()\nprint(6)\n"  # right on the one sample, wrong elsewhere
    samples = [sample(weak, i, code) for i, code in enumerate([*right, wrong])]
    judging = Judging(bwrap_pool, tmp_path / "v.sqlite", progress=False)
    results, verdicts = filter_samples(judging, [weak], samples, repeat=1)
    task = results[0].task
    assert task.meta["tests"]["labelled_by"] == "agreement" and task.meta["tests"]["weak"] is False
    assert any(c.origin == "generated" for c in task.tests)
    by_index = {v.sample_key: v for v in verdicts}
    assert [by_index[s.key].passed for s in samples] == [True, True, False]
    assert by_index[samples[2].key].failed_origin == "generated"
    assert results[0].kept and results[0].c == 2


def test_weak_tests_stay_weak_with_one_passing_program(bwrap_pool, tmp_path):
    weak = Task(task_id="k/alone", prompt="", style=Style.STDIO, tests=[Case(stdin="2\n", stdout="4\n")],
                meta={"tests": {"weak": True}}, limits={"time_s": 3, "memory_mb": 256})
    judging = Judging(bwrap_pool, tmp_path / "v.sqlite", progress=False)
    results, _ = filter_samples(judging, [weak], [sample(weak, 0, "print(int(input()) * 2)\n")], repeat=1)
    assert results[0].task == weak and results[0].task.meta["tests"]["weak"] is True
