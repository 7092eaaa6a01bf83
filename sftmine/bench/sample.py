"""`bench sample`: sftmine's sampler against llama.cpp driven two other ways, same prompts, same run.

The three sides share the one loaded model, the chat prompts, sampling settings, seeds and stop strings,
and take turns task by task (who goes first rotates) so none gets a quieter machine:

- `sftmine`: the whole sampler (prompt building, the SQLite sample cache, batched decoding with
  log-probabilities, code extraction), n samples per task in groups of `batch` sequences;
- `high_level`: llama-cpp-python's `create_chat_completion`, one sample at a time;
- `anchor`: bench.anchor, batched decoding written directly against llama.cpp's C API, the same number
  of sequences together, with no sftmine code: the speed this machine decodes at.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Task
from sftmine.sampling.base import SamplingParams
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.decode import SETTINGS
from sftmine.sampling.llamacpp import DEFAULT_BATCH, LlamaCppBackend
from sftmine.sampling.prompts import get_mode
from sftmine.sampling.sampler import Sampler, derive_seed

Side = Callable[[Task, list[int]], int]  # (task, seeds) -> tokens generated


def bench_sample(tasks: int = 4, n: int = 16, max_tokens: int = 128, model: str | None = None,
                 batch: int | None = None) -> dict[str, Any]:
    batch = batch or DEFAULT_BATCH
    warm, *chosen = import_humaneval()[:tasks + 1]
    params = SamplingParams(max_tokens=max_tokens, mode="chat")
    with LlamaCppBackend(model, batch=batch) as backend, tempfile.TemporaryDirectory() as tmp:
        cache = SampleCache(Path(tmp) / "samples.sqlite")
        sides, close = _sides(backend, Sampler(backend, params, cache), params, [warm, *chosen], batch)
        try:
            totals = _measure(sides, warm, chosen, n)
        finally:
            close()
            cache.close()
    rates = {k: tokens / seconds for k, (tokens, seconds) in totals.items()}
    samples = len(chosen) * n
    return {"model": backend.model, "tasks": len(chosen), "n": n, "batch": batch, "max_tokens": max_tokens,
            "samples": samples, **{f"{k}_tokens": v[0] for k, v in totals.items()},
            **{f"{k}_tok_per_s": round(v, 2) for k, v in rates.items()},
            "sftmine_samples_per_s": round(samples / totals["sftmine"][1], 3),
            "high_level_samples_per_s": round(samples / totals["high_level"][1], 3),
            "vs_high_level": round(rates["sftmine"] / rates["high_level"], 3),
            "vs_batched_anchor": round(rates["sftmine"] / rates["anchor"], 3)}


def _measure(sides: dict[str, Side], warm: Task, chosen: list[Task], n: int) -> dict[str, list[Any]]:
    totals: dict[str, list[Any]] = {name: [0, 0.0] for name in sides}
    for side in sides.values():  # warm-up on a task outside the measured ones, untimed
        side(warm, [derive_seed(warm.task_id, 0)])
    names = list(sides)
    for k, task in enumerate(chosen):
        seeds = [derive_seed(task.task_id, i) for i in range(n)]
        for name in names[k % len(names):] + names[:k % len(names)]:  # who goes first rotates
            start = time.perf_counter()
            totals[name][0] += sides[name](task, seeds)
            totals[name][1] += time.perf_counter() - start
    return totals


def _sides(backend: LlamaCppBackend, sampler: Sampler, params: SamplingParams, tasks: list[Task],
           batch: int) -> tuple[dict[str, Side], Callable[[], None]]:
    from sftmine.bench.anchor import Anchor

    mode = get_mode(params.mode)
    prompts = {t.task_id: backend.prompt_tokens(mode.prompt(t)) for t in tasks}
    longest = max(len(tokens) for tokens, _ in prompts.values())
    anchor = Anchor(backend.llm.model, batch, longest + params.max_tokens, os.cpu_count() or 1)

    def anchored(task: Task, seeds: list[int]) -> int:
        tokens, stops = prompts[task.task_id]
        return sum(anchor.run(tokens, seeds[i:i + batch], params.temperature, params.top_p, params.max_tokens,
                              list(stops)) for i in range(0, len(seeds), batch))

    sides: dict[str, Side] = {
        "sftmine": lambda task, seeds: sum(s.n_tokens or 0 for s in sampler.sample([task], len(seeds), False)),
        "high_level": lambda task, seeds: sum(t for _, t in _high_level(backend, task, params, seeds)),
        "anchor": anchored}
    return sides, anchor.close


def _high_level(backend: LlamaCppBackend, task: Task, params: SamplingParams,
                seeds: list[int]) -> list[tuple[str, int]]:
    """(text, completion tokens) per seed from llama-cpp-python's own chat completion, one at a time."""
    prompt = get_mode("chat").prompt(task)
    out = []
    for seed in seeds:
        reply = backend.llm.create_chat_completion(
            list(prompt.messages), temperature=params.temperature, top_p=params.top_p, max_tokens=params.max_tokens,
            seed=seed, stop=list(prompt.stop), **SETTINGS)
        out.append((reply["choices"][0]["message"]["content"] or "", reply["usage"]["completion_tokens"]))
    return out
