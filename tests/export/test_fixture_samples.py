"""The fixture's passing samples pass for real: judged in the sandbox like the filter judges them."""

from sftmine.export.targets import from_sample
from sftmine.judge import judge
from sftmine.records import Status
from tests.fixtures.datasets.build import filter_results


def test_every_passing_sample_of_the_fixture_passes_the_judge(bwrap_pool):
    kept, dropped = filter_results()
    runnable = [r for r in kept if not r.task.meta.get("runtime")]  # the traced task needs its project
    assert len(runnable) == len(kept) - 1
    jobs = [(r.task, from_sample(s).program(r.task), s.key) for r in runnable for s in r.passing]
    verdicts = bwrap_pool.map(lambda job: judge(bwrap_pool, *job), jobs)
    assert [(v.sample_key, v.status) for v in verdicts] == [(key, Status.PASSED) for _, _, key in jobs]
    unsolved = dropped[0].task
    assert judge(bwrap_pool, unsolved, unsolved.prompt + "    print(0)\n\n\nsolve()\n").status is Status.FAILED
