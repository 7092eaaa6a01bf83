"""The model-sampling filter: judge samples in the sandbox, keep tasks a model solves, re-verify, pass@k."""

from sftmine.filter.decide import NO_SAMPLES, NO_TESTS, SANDBOX_ERROR, UNSOLVED, UNSTABLE, decide
from sftmine.filter.engine import filter_samples, program
from sftmine.filter.policy import POLICIES, apply_policy, rank
from sftmine.filter.run import judge_dir
from sftmine.filter.stats import summarize
from sftmine.filter.verdicts import Job, Judging

__all__ = ["NO_SAMPLES", "NO_TESTS", "POLICIES", "SANDBOX_ERROR", "UNSOLVED", "UNSTABLE", "Job", "Judging",
           "apply_policy", "decide", "filter_samples", "judge_dir", "program", "rank", "summarize"]
