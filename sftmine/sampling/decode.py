"""The token loop of the embedded backend: the samples of one prompt decoded together.

A group of up to B samples shares one evaluation of its prompt: the prompt is evaluated whole, from an
empty cache, in one llama_decode (as llama-cpp-python does for a prompt it has not seen), every sequence
draws its first token from the prompt's last logits, and the prompt's cache is copied to every sequence.
Then each step is one llama_decode of the last token of every live sequence. A sequence that ends (the
end-of-generation token, a stop string, its token budget) leaves the batch, and the last live sequence
moves into its slot: llama.cpp runs a batch whose sequence ids have a gap as one pass per run of ids.

Each sequence has a cache stream of its own (llamactx), laid out as if it were decoded alone, and
llama.cpp's CPU kernels compute each row of a batch on its own, so a sample depends only on (prompt,
params, seed): not on what ran before it, nor on the other samples of its group (a test checks this).
The sampler still groups samples by index and caches a group whole, and B is part of the cache key, so
that a build whose kernels do mix rows reproduces too.

The log-probability of each sampled token is read from the raw logits it was drawn from (the model's
distribution, before top-p and temperature): one pass over the vocabulary per live sequence and step.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sftmine.sampling.base import Generation, SamplingParams
from sftmine.sampling.llamactx import GroupContext, log_softmax_at

# Sampler settings beyond temperature and top-p: plain nucleus sampling, as in the Codex paper. These are
# the values at which llama-cpp-python's own sampler stages do nothing, so its chain and ours agree.
SETTINGS: dict[str, Any] = {"top_k": 0, "min_p": 0.0, "typical_p": 1.0, "repeat_penalty": 1.0}


@dataclass(eq=False)
class _Sequence:
    index: int  # position in the seeds asked for
    sampler: Any
    budget: int
    last: int = -1
    count: int = 0  # like llama-cpp-python's usage: text tokens, stop-sequence tokens included
    cut: int | None = None
    out: bytearray = field(default_factory=bytearray)
    logprobs: list[float] = field(default_factory=list)


class GroupDecoder:
    def __init__(self, llm: Any, batch: int, threads: int) -> None:
        import llama_cpp

        self.llm, self.batch, self.threads = llm, batch, threads
        self._lib = llama_cpp
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._context: GroupContext | None = None

    def run(self, tokens: list[int], params: SamplingParams, seeds: list[int], stops: tuple[str, ...],
            budget: int) -> Iterator[tuple[int, Generation]]:
        """(position in `seeds`, generation) for every seed, in groups of up to `batch` sequences."""
        for first in range(0, len(seeds), self.batch):
            group = seeds[first:first + self.batch]
            for pos, gen in self._group(tokens, params, group, stops, budget):
                yield first + pos, gen

    def _group(self, tokens: list[int], params: SamplingParams, seeds: list[int], stops: tuple[str, ...],
               budget: int) -> Iterator[tuple[int, Generation]]:
        start = time.perf_counter()
        ctx = self._context_for(len(tokens) + budget)
        prompt_logits = ctx.evaluate_prompt(tokens)
        live = [_Sequence(i, ctx.sampler(params.temperature, params.top_p, seed), budget)
                for i, seed in enumerate(seeds)]
        ctx.share_prompt(len(live))
        stop_bytes = [s.encode() for s in stops]
        rows, pos = prompt_logits[None, :], len(tokens)
        try:
            while live:
                ended = self._step(ctx, live, rows, stop_bytes)
                for seq in ended:
                    yield seq.index, self._generation(seq, time.perf_counter() - start)
                self._compact(ctx, live, ended)
                if live:
                    ctx.decode([(seq.last, pos, slot) for slot, seq in enumerate(live)])
                    rows, pos = ctx.logits(len(live)), pos + 1
        finally:
            for seq in live:
                ctx.free_sampler(seq.sampler)

    def _step(self, ctx: GroupContext, live: list[_Sequence], rows: np.ndarray,
              stops: list[bytes]) -> list[_Sequence]:
        """Every live sequence draws its next token from its row of `rows` (one row: the prompt's, shared,
        which is llama.cpp's last output); the sequences that ended."""
        shared = len(rows) == 1
        drawn = np.array([ctx.sample(seq.sampler, -1 if shared else slot) for slot, seq in enumerate(live)])
        logprobs = log_softmax_at(rows, drawn)
        longest = max((len(s) for s in stops), default=0)
        ended = []
        for seq, token, logprob in zip(live, drawn.tolist(), logprobs.tolist(), strict=True):
            seq.logprobs.append(logprob)  # the end-of-generation token's too: ending is a choice
            if self._lib.llama_vocab_is_eog(self._vocab, token):
                ended.append(seq)
                continue
            seq.count, seq.last = seq.count + 1, token
            searched_from = max(0, len(seq.out) - longest + 1)
            seq.out += self.llm.detokenize([token])
            seq.cut = _first_stop(seq.out, stops, searched_from)
            if seq.cut is not None or seq.count >= seq.budget:
                ended.append(seq)
        return ended

    @staticmethod
    def _compact(ctx: GroupContext, live: list[_Sequence], ended: list[_Sequence]) -> None:
        """Drop the ended sequences; the last live ones move into their slots, so slots stay 0..k-1."""
        gone = {id(seq) for seq in ended}
        for seq in ended:
            ctx.free_sampler(seq.sampler)
        slot = 0
        while slot < len(live):
            while live and id(live[-1]) in gone:
                ctx.drop(len(live) - 1)
                live.pop()
            if slot < len(live) and id(live[slot]) in gone:
                ctx.move(len(live) - 1, slot)
                live[slot] = live.pop()
            slot += 1

    def _context_for(self, cells: int) -> GroupContext:
        """A context whose sequences hold `cells` tokens each; grown, never shrunk (cells do not change
        a result: a sequence's cells sit at the same places in any size of stream)."""
        if self._context is None or self._context.cells < cells:
            self.close()
            self._context = GroupContext(self.llm.model, self.batch, cells, self.threads)
        return self._context

    @staticmethod
    def _generation(seq: _Sequence, seconds: float) -> Generation:
        text = bytes(seq.out[:seq.cut]).decode("utf-8", errors="ignore")
        mean = sum(seq.logprobs) / len(seq.logprobs) if seq.logprobs else None
        return Generation(text=text, n_tokens=seq.count, mean_logprob=mean, seconds=seconds)

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None


def _first_stop(out: bytearray, stops: list[bytes], start: int) -> int | None:
    found = [i for i in (out.find(s, start) for s in stops) if i >= 0]
    return min(found) if found else None
