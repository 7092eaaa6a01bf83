"""`bench sample`: sftmine's sampler against llama-cpp-python called directly, same prompts, same run.

Both sides use the one loaded model, the same chat prompts, sampling settings, seeds and stop strings,
and alternate task by task so neither gets a warmer machine. The sftmine side is the whole sampler:
prompt building, the SQLite sample cache, the token loop with log-probabilities, code extraction.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Task
from sftmine.sampling.base import SamplingParams
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.decode import SETTINGS
from sftmine.sampling.llamacpp import LlamaCppBackend
from sftmine.sampling.prompts import get_mode
from sftmine.sampling.sampler import Sampler, derive_seed


def bench_sample(tasks: int = 8, n: int = 2, max_tokens: int = 128, model: str | None = None) -> dict[str, Any]:
    warm, *chosen = import_humaneval()[:tasks + 1]
    params = SamplingParams(max_tokens=max_tokens, mode="chat")
    totals = {"sftmine": [0, 0.0], "direct": [0, 0.0]}
    with LlamaCppBackend(model) as backend, tempfile.TemporaryDirectory() as tmp:
        cache = SampleCache(Path(tmp) / "samples.sqlite")
        sampler = Sampler(backend, params, cache)
        sides = {"direct": lambda task, seeds: sum(t for _, t in _direct(backend, task, params, seeds)),
                 "sftmine": lambda task, seeds: sum(s.n_tokens or 0 for s in sampler.sample([task], n, False))}
        for side in sides.values():  # warm-up on a task outside the measured ones, untimed
            side(warm, [derive_seed(warm.task_id, 0)])
        for k, task in enumerate(chosen):
            seeds = [derive_seed(task.task_id, i) for i in range(n)]
            for name in sorted(sides, reverse=k % 2 == 1):  # alternate who goes first
                start = time.perf_counter()
                tokens = sides[name](task, seeds)
                totals[name][0] += tokens
                totals[name][1] += time.perf_counter() - start
        cache.close()
    rates = {k: tokens / seconds for k, (tokens, seconds) in totals.items()}
    return {"model": backend.model, "tasks": len(chosen), "n": n, "max_tokens": max_tokens,
            "sftmine_tokens": totals["sftmine"][0], "direct_tokens": totals["direct"][0],
            "samples": len(chosen) * n,
            "sftmine_tok_per_s": round(rates["sftmine"], 2), "direct_tok_per_s": round(rates["direct"], 2),
            "overhead_pct": round(100 * (rates["direct"] / rates["sftmine"] - 1), 2)}


def _direct(backend: LlamaCppBackend, task: Task, params: SamplingParams, seeds: list[int]) -> list[tuple[str, int]]:
    """(text, completion tokens) per seed from llama-cpp-python's own chat completion.

    Texts match sftmine's only when llama.cpp evaluated the prompt in the same batches (see decode.py),
    so the comparison is of throughput: generated tokens per second, prompt evaluation included.
    """
    prompt = get_mode("chat").prompt(task)
    out = []
    for seed in seeds:
        reply = backend.llm.create_chat_completion(
            list(prompt.messages), temperature=params.temperature, top_p=params.top_p, max_tokens=params.max_tokens,
            seed=seed, stop=list(prompt.stop), **SETTINGS)
        out.append((reply["choices"][0]["message"]["content"] or "", reply["usage"]["completion_tokens"]))
    return out
