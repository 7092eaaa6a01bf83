"""Sampling n completions per task through a backend, reusing every cached sample.

Sample i of a task always gets the seed derived from (task, i), so a rerun reproduces it, and the cache
key is (fingerprint, model, params, i), so a larger n generates only the new indices. A backend that
decodes samples together (`group_size`) gets them in fixed groups of indices, never mixed across groups,
every task's groups in one call (so that it can decode several prompts together), and each group is
cached whole.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from sftmine.records import Sample, Task, stable_hash
from sftmine.sampling.base import Backend, Generation, GenerationError, Prompt, SamplingParams
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.prompts import get_mode

log = logging.getLogger(__name__)


def derive_seed(task_id: str, index: int, base: int = 0) -> int:
    digest = hashlib.sha256(f"{base}:{task_id}:{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def cache_keys(task: Task, n: int, model: str, record_params: dict[str, Any], prompt: Prompt) -> list[str]:
    """The sample cache keys of a task's samples 0..n-1."""
    digest = stable_hash(prompt.to_dict())
    return [SampleCache.key(task.fingerprint or "", model, record_params, i, digest) for i in range(n)]


@dataclass
class SamplingStats:
    generated: int = 0
    cached: int = 0
    tokens: int = 0
    seconds: float = 0.0
    failed_tasks: dict[str, str] = field(default_factory=dict)

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"generated": self.generated, "cached": self.cached, "tokens": self.tokens,
                "seconds": round(self.seconds, 3), "tokens_per_s": round(self.tokens_per_s, 2),
                "failed_tasks": dict(self.failed_tasks)}


@dataclass
class _Plan:
    """One task in a sampling call: its prompt, its cache keys, the samples found, the groups to generate."""

    task: Task
    prompt: Prompt
    keys: list[str]
    found: dict[str, Sample]
    groups: list[list[int]]


class Sampler:
    def __init__(self, backend: Backend, params: SamplingParams, cache: SampleCache, base_seed: int = 0) -> None:
        self.backend, self.params, self.cache, self.base_seed = backend, params, cache, base_seed
        self.mode = get_mode(params.mode)
        self.record_params = {**params.to_dict(), **backend.settings(), "base_seed": base_seed}
        self.stats = SamplingStats()
        self._lock = threading.Lock()

    def sample(self, tasks: list[Task], n: int, progress: bool = True) -> list[Sample]:
        """n samples per task, in task then index order; tasks that cannot be sampled are left out."""
        start = time.perf_counter()
        with tqdm(total=len(tasks) * n, desc="sample", unit="sample", file=sys.stderr,
                  disable=None if progress else True) as bar:
            def tick(count: int, tokens: int) -> None:
                with self._lock:
                    self.stats.tokens += tokens
                    elapsed = time.perf_counter() - start
                    bar.update(count)
                    bar.set_postfix_str(f"{self.stats.tokens / elapsed:.1f} tok/s", refresh=False)

            plans = [self._plan(task, n, tick) for task in tasks]
            # A backend that takes tasks concurrently (a server) gets them one per call; any other gets them
            # all in one call, so that it can decode several prompts together.
            workers = self.backend.parallel_tasks
            _map(lambda call: self._generate(call, tick), [[p] for p in plans] if workers > 1 else [plans], workers)
        self.stats.seconds += time.perf_counter() - start
        return [plan.found[k] for plan in plans for k in plan.keys if k in plan.found]

    def _plan(self, task: Task, n: int, tick: Callable[[int, int], None]) -> _Plan:
        prompt = self.mode.prompt(task)
        keys = cache_keys(task, n, self.backend.model, self.record_params, prompt)
        found = self.cache.get_many(keys)
        for sample in found.values():  # extraction is a pure function of the text: apply the current one
            sample.code = self.mode.extract(task, sample.text)
        missing = [i for i, k in enumerate(keys) if k not in found]
        with self._lock:
            self.stats.cached += n - len(missing)
        tick(n - len(missing), 0)
        return _Plan(task, prompt, keys, found, index_groups(missing, self.backend.group_size))

    def _generate(self, plans: list[_Plan], tick: Callable[[int, int], None]) -> None:
        """Every plan's groups in one backend call. Each sample is cached as it ends, or, for a backend that
        decodes fixed groups, once its whole group has (a killed run then regenerates a group whole)."""
        jobs = [(plan, indices) for plan in plans for indices in plan.groups]
        seeds = [[derive_seed(plan.task.task_id, i, self.base_seed) for i in indices] for plan, indices in jobs]
        held: list[list[Sample]] = [[] for _ in jobs]
        try:
            for j, pos, gen in self.backend.generate_many(
                    [(plan.prompt, job_seeds) for (plan, _), job_seeds in zip(jobs, seeds, strict=True)], self.params):
                plan, indices = jobs[j]
                if isinstance(gen, GenerationError):
                    self._fail(plan, gen)
                    continue
                held[j].append(self._record(plan.task, indices[pos], seeds[j][pos] if gen.seed is None else gen.seed,
                                            gen))
                tick(1, gen.n_tokens or 0)
                if not self.backend.group_size or len(held[j]) == len(indices):
                    for sample in sorted(held[j], key=lambda s: s.index):
                        self.cache.put(plan.keys[sample.index], sample)
                        plan.found[plan.keys[sample.index]] = sample
                    held[j].clear()
        except GenerationError as exc:  # the backend failed as a whole: every task it left short fails
            for plan in plans:
                if any(k not in plan.found for k in plan.keys):
                    self._fail(plan, exc)

    def _fail(self, plan: _Plan, exc: GenerationError) -> None:
        with self._lock:
            if plan.task.task_id not in self.stats.failed_tasks:
                log.warning("%s: %s", plan.task.task_id, exc)
                self.stats.failed_tasks[plan.task.task_id] = str(exc)

    def _record(self, task: Task, index: int, seed: int, gen: Generation) -> Sample:
        with self._lock:
            self.stats.generated += 1
        return Sample(task_id=task.task_id, fingerprint=task.fingerprint or "", model=self.backend.model,
                      params=self.record_params, seed=seed, index=index, text=gen.text,
                      code=self.mode.extract(task, gen.text), n_tokens=gen.n_tokens, mean_logprob=gen.mean_logprob)


def index_groups(indices: list[int], size: int) -> list[list[int]]:
    """`indices` (ascending) split by the fixed groups of `size` they fall in; size 0: one group."""
    if size <= 0:
        return [indices] if indices else []
    groups: dict[int, list[int]] = {}
    for i in indices:
        groups.setdefault(i // size, []).append(i)
    return list(groups.values())


def _map(fn: Callable[[Any], None], items: list[Any], workers: int) -> None:
    """On an error or Ctrl-C the items not yet started are cancelled, not run."""
    if workers <= 1:
        for item in items:
            fn(item)
        return
    pool = ThreadPoolExecutor(workers)
    try:
        list(pool.map(fn, items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
