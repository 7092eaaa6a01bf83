"""Keep or drop one task, from its samples' verdicts and its re-verification; every drop has a reason."""

from __future__ import annotations

from sftmine.filter.policy import apply_policy, rank
from sftmine.passk import pass_at_ks
from sftmine.records import FilteredTask, Sample, Status, Style, Task, Verdict

NO_TESTS = "no_tests"  # nothing to judge against
NO_SAMPLES = "no_samples"  # the backend produced nothing (e.g. the prompt does not fit the context)
UNSOLVED = "unsolved"  # no sample passes
UNSTABLE = "unstable"  # a verdict changed when judged again: stateful or non-deterministic tests
SANDBOX_ERROR = "sandbox_error"  # the sandbox failed where it mattered; rerun to retry


def has_tests(task: Task) -> bool:
    """Something to judge against: stdio tasks are judged on their cases only."""
    if task.style is Style.STDIO:
        return bool(task.tests)
    return bool(task.tests) or bool(task.test_code)


def counts(verdicts: list[Verdict]) -> tuple[int, int, int]:
    """(n, c, sandbox errors); a sandbox error is neither a pass nor a failure, so it is not in n."""
    errors = sum(v.status is Status.SANDBOX_ERROR for v in verdicts)
    passed = sum(v.status is Status.PASSED for v in verdicts)
    return len(verdicts) - errors, passed, errors


def first_reason(task: Task, verdicts: list[Verdict]) -> str | None:
    """The drop reason known before re-verification; None for a candidate to re-verify."""
    if not has_tests(task):
        return NO_TESTS
    if not verdicts:
        return NO_SAMPLES
    _, c, errors = counts(verdicts)
    if c == 0:
        return SANDBOX_ERROR if errors else UNSOLVED
    return None


def stability_reason(rechecks: list[Verdict], canonical: list[Verdict]) -> str | None:
    """Passing programs must pass every round; the canonical solution must give one status throughout."""
    if any(v.status not in (Status.PASSED, Status.SANDBOX_ERROR) for v in rechecks):
        return UNSTABLE
    canonical_statuses = {v.status for v in canonical if v.status is not Status.SANDBOX_ERROR}
    if len(canonical_statuses) > 1:
        return UNSTABLE
    if any(v.status is Status.SANDBOX_ERROR for v in rechecks + canonical):
        return SANDBOX_ERROR
    return None


def decide(task: Task, samples: list[Sample], verdicts: list[Verdict], reason: str | None,
           policy: str = "all") -> FilteredTask:
    """`samples` and `verdicts` align; `reason` is the drop reason or None to keep."""
    n, c, _ = counts(verdicts)
    passing = rank([s for s, v in zip(samples, verdicts) if v.status is Status.PASSED])
    if reason is None:
        passing = apply_policy(policy, task, passing)
    return FilteredTask(task=task, n=n, c=c, pass_at=pass_at_ks(n, c), kept=reason is None,
                        drop_reason=reason, passing=passing)
