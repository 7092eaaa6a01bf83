"""Judging through the real sandbox pool: each distinct program once, cached, rounds apart."""

from sftmine.filter.verdicts import Job, Judging, sandbox_config
from sftmine.records import Case, Status, Task

TASK = Task(task_id="t/add", prompt="def add(a, b):\n", entry_point="add",
            tests=[Case(args="[1, 2]", expected="3"), Case(args="[0, 0]", expected="0")])
GOOD = TASK.prompt + "    return a + b\n"
BAD = TASK.prompt + "    return a - b\n"


def test_identical_programs_are_judged_once_and_labelled_per_sample(pool, tmp_path):
    judging = Judging(pool, tmp_path / "v.sqlite", progress=False)
    verdicts = judging.run([Job(TASK, GOOD, "t/add#0"), Job(TASK, BAD, "t/add#1"), Job(TASK, GOOD, "t/add#2")])
    assert [v.status for v in verdicts] == [Status.PASSED, Status.FAILED, Status.PASSED]
    assert [v.sample_key for v in verdicts] == ["t/add#0", "t/add#1", "t/add#2"]
    assert judging.counts() == {"executions": 2, "verdict_cache_hits": 0, "sandbox_errors": 0}
    assert verdicts[0].backend == pool.backend.name


def test_a_rerun_judges_nothing_and_rounds_are_cached_apart(bwrap_pool, tmp_path):
    Judging(bwrap_pool, tmp_path / "v.sqlite", progress=False).run([Job(TASK, GOOD, "t/add#0")])
    again = Judging(bwrap_pool, tmp_path / "v.sqlite", progress=False)
    again.run([Job(TASK, GOOD, "t/add#0"), Job(TASK, GOOD, "t/add#0", round=1)])
    assert again.counts()["executions"] == 1 and again.counts()["verdict_cache_hits"] == 1


def test_other_tests_or_sandbox_config_are_other_keys(bwrap_pool, tmp_path):
    judging = Judging(bwrap_pool, tmp_path / "v.sqlite", progress=False)
    stricter = Task(task_id="t/add", prompt=TASK.prompt, entry_point="add", tests=[Case(args="[2, 2]", expected="4")])
    assert judging.key(Job(TASK, GOOD, "a")) != judging.key(Job(stricter, GOOD, "a"))
    assert judging.key(Job(TASK, GOOD, "a")) == judging.key(Job(TASK, GOOD, "b"))
    assert set(sandbox_config(bwrap_pool)) == {"backend", "python", "memory_mb", "tmp_mb", "network"}


def test_sandbox_errors_are_reported_retried_and_never_cached(tmp_path):
    from sftmine.sandbox.pool import Pool

    with Pool("bwrap", size=1, python=str(tmp_path / "no-python")) as broken:
        judging = Judging(broken, tmp_path / "v.sqlite", progress=False)
        [verdict] = judging.run([Job(TASK, GOOD, "t/add#0")])
    assert verdict.status is Status.SANDBOX_ERROR and "sandbox failed" in verdict.detail
    assert judging.counts() == {"executions": 2, "verdict_cache_hits": 0, "sandbox_errors": 1}  # one retry
    assert len(judging.cache) == 0
