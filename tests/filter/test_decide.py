from sftmine.filter.decide import (
    NO_SAMPLES,
    NO_TESTS,
    SANDBOX_ERROR,
    UNSOLVED,
    UNSTABLE,
    counts,
    decide,
    first_reason,
    stability_reason,
)
from sftmine.records import Case, Sample, Status, Style, Task, Verdict

TASK = Task(task_id="t/1", prompt="def f():\n", entry_point="f", tests=[Case(args="[]", expected="1")])
P, F, S, T = Status.PASSED, Status.FAILED, Status.SANDBOX_ERROR, Status.TIMEOUT


def verdicts(*statuses):
    return [Verdict(sample_key=f"t/1#{i}", task_id="t/1", status=s) for i, s in enumerate(statuses)]


def samples(k):
    return [Sample(task_id="t/1", fingerprint="fp", model="m", params={}, seed=i, index=i, text="", code=f"c{i}",
                   mean_logprob=-float(i)) for i in range(k)]


def test_sandbox_errors_are_neither_passes_nor_failures():
    assert counts(verdicts(P, F, S, T)) == (3, 1, 1)


def test_first_reasons():
    assert first_reason(Task(task_id="t/2", prompt="", entry_point="f"), []) == NO_TESTS
    stdio_with_check_code_only = Task(task_id="t/3", prompt="", style=Style.STDIO, test_code="def check(c): pass")
    assert first_reason(stdio_with_check_code_only, verdicts(P)) == NO_TESTS
    assert first_reason(TASK, []) == NO_SAMPLES
    assert first_reason(TASK, verdicts(F, T)) == UNSOLVED
    assert first_reason(TASK, verdicts(F, S)) == SANDBOX_ERROR  # undecided, not unsolved: rerun retries
    assert first_reason(TASK, verdicts(F, P)) is None


def test_stability():
    assert stability_reason(verdicts(P, P), verdicts(P, P)) is None
    assert stability_reason(verdicts(P, F), verdicts(P, P)) == UNSTABLE
    assert stability_reason(verdicts(P, P), verdicts(P, F)) == UNSTABLE
    assert stability_reason(verdicts(P, P), verdicts(F, F)) is None  # a wrong reference, consistently
    assert stability_reason(verdicts(P, S), verdicts(P, P)) == SANDBOX_ERROR
    assert stability_reason(verdicts(T, S), []) == UNSTABLE


def test_decide_counts_pass_at_k_and_ranks_passing_samples():
    kept = decide(TASK, samples(4), verdicts(F, P, P, S), None, "all")
    assert kept.kept and kept.drop_reason is None and (kept.n, kept.c) == (3, 2)
    assert kept.pass_at == {"pass@1": 2 / 3}
    assert [s.index for s in kept.passing] == [1, 2]
    one = decide(TASK, samples(4), verdicts(F, P, P, S), None, "logprob")
    assert [s.index for s in one.passing] == [1]


def test_dropped_tasks_keep_their_reason_and_every_passing_sample():
    dropped = decide(TASK, samples(3), verdicts(P, P, F), UNSTABLE, "logprob")
    assert not dropped.kept and dropped.drop_reason == UNSTABLE and len(dropped.passing) == 2
