"""Which passing samples of a kept task become training targets.

Passing samples are first ranked by mean log-probability (highest first; samples without one last, then
by index). A policy then keeps all of them, one at random (seeded by the task, so reruns agree), the
highest-ranked one, or the shortest one. `distinct` drops samples whose code repeats an earlier one's,
so identical code is one training target (the exports apply it before a policy).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from sftmine.errors import ConfigError
from sftmine.records import Sample, Task


def rank(samples: list[Sample]) -> list[Sample]:
    return sorted(samples, key=lambda s: (s.mean_logprob is None, -(s.mean_logprob or 0.0), s.index))


def distinct(samples: list[Sample]) -> list[Sample]:
    """The first of each group of samples with the same code (up to trailing whitespace) in the same mode."""
    seen: set[tuple[str, str]] = set()
    out = []
    for sample in samples:
        key = (str(sample.params.get("mode", "completion")), _normalized(sample.code))
        if key not in seen:
            seen.add(key)
            out.append(sample)
    return out


def _normalized(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines())


def _random(task: Task, ranked: list[Sample]) -> list[Sample]:
    seed = int.from_bytes(hashlib.sha256(task.task_id.encode()).digest()[:8], "big")
    return [random.Random(seed).choice(ranked)]


POLICIES: dict[str, Callable[[Task, list[Sample]], list[Sample]]] = {
    "all": lambda task, ranked: list(ranked),
    "random": _random,
    "logprob": lambda task, ranked: ranked[:1],
    "shortest": lambda task, ranked: [min(ranked, key=lambda s: len(s.code))],  # ties: the higher-ranked
}


def check_policy(name: str) -> str:
    if name not in POLICIES:
        raise ConfigError(f"unknown keep policy {name!r}; choose one of {sorted(POLICIES)}")
    return name


def apply_policy(name: str, task: Task, ranked: list[Sample]) -> list[Sample]:
    """The targets to keep from `ranked` (already ranked by `rank`)."""
    if not ranked:
        return []
    return POLICIES[check_policy(name)](task, ranked)
