"""Training targets of a kept task: which code follows its prompt, chosen by a keep policy.

The default, `prefer-reference`, follows the Codex paper (section 4.1): the filter only decides which
tasks are kept, and a kept task trains on its reference solution; a task without one (a competitive
problem without an accepted solution on record) trains on its distinct passing samples instead.
The other policies are the filter's (all, random, logprob, shortest over the passing samples, see
sftmine.filter.policy) and `reference` (the task's own solution only). A task left with no passing
sample under a sample policy falls back to its reference solution, when it has one.

Identical code is one target: samples whose code is the same (up to trailing whitespace) count once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sftmine.errors import ConfigError
from sftmine.filter.policy import POLICIES as SAMPLE_POLICIES
from sftmine.filter.policy import apply_policy, distinct, rank
from sftmine.records import FilteredTask, Sample, Task
from sftmine.sampling.prompts import get_mode

REFERENCE, PREFER_REFERENCE = "reference", "prefer-reference"
DEFAULT_POLICY = PREFER_REFERENCE
POLICIES = (PREFER_REFERENCE, *sorted(SAMPLE_POLICIES), REFERENCE)


@dataclass(frozen=True)
class Target:
    code: str
    kind: str  # "sample" or "reference"
    mode: str  # "completion": the code continues the prompt; "chat": a whole function or program
    model: str | None = None
    mean_logprob: float | None = None
    index: int | None = None

    def program(self, task: Task) -> str:
        """The module the judge ran: prompt + code, or the prompt's preamble merged with a whole answer."""
        return get_mode(self.mode).program(task, self.code)


def check_policy(policy: str) -> str:
    if policy not in POLICIES:
        raise ConfigError(f"unknown keep policy {policy!r}; choose one of {', '.join(POLICIES)}")
    return policy


def reference(task: Task) -> Target | None:
    if task.canonical_solution is None:
        return None
    return Target(task.canonical_solution, REFERENCE, "completion")


def from_sample(sample: Sample) -> Target:
    return Target(sample.code, "sample", str(sample.params.get("mode", "completion")), sample.model,
                  sample.mean_logprob, sample.index)


def targets(record: FilteredTask, policy: str = DEFAULT_POLICY) -> list[Target]:
    ref = reference(record.task)
    if check_policy(policy) == REFERENCE or (policy == PREFER_REFERENCE and ref):
        return [ref] if ref else []
    chosen = apply_policy("all" if policy == PREFER_REFERENCE else policy, record.task, distinct(rank(record.passing)))
    if chosen:
        return [from_sample(s) for s in chosen]
    return [ref] if ref else []

