"""The token loop of the embedded backend: many samples, of one prompt or of several, decoded together.

Up to B sequences are live at once. A job is one prompt and its seeds; when a job's sequences fit the free
slots (or enough of them do: a quarter of B) they join the batch: their prompt is evaluated whole in one
llama_decode into a free slot's empty cache (as llama-cpp-python does for a prompt it has not seen), each
draws its first token from the prompt's last logits, and the prompt's cache is copied to their slots. Then
each step is one llama_decode of the last token of every live sequence, whatever its prompt and position.
A sequence that ends (the end-of-generation token, a stop string, its token budget) leaves the batch, and
the last live sequence moves into its slot: llama.cpp runs a batch whose sequence ids have a gap as one
pass per run of ids. Sequences of the next jobs fill the freed slots, so a task with fewer samples than
B no longer leaves the rest of the batch idle.

Each sequence has a cache stream of its own (llamactx), laid out as if it were decoded alone, and
llama.cpp's CPU kernels compute each row of a batch on its own, so a sample depends only on (prompt,
params, seed): not on what ran before it, nor on the other samples or prompts beside it (tests check
this). The sampler still groups samples by index and caches a group whole, and B is part of the cache
key, so that a build whose kernels do mix rows reproduces too.

The log-probability of each sampled token is read from the raw logits it was drawn from (the model's
distribution, before top-p and temperature): one pass over the vocabulary per live sequence and step.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sftmine.sampling.base import Generation, SamplingParams
from sftmine.sampling.llamactx import GroupContext, log_softmax_at

# Sampler settings beyond temperature and top-p: plain nucleus sampling, as in the Codex paper. These are
# the values at which llama-cpp-python's own sampler stages do nothing, so its chain and ours agree.
SETTINGS: dict[str, Any] = {"top_k": 0, "min_p": 0.0, "typical_p": 1.0, "repeat_penalty": 1.0}


@dataclass(frozen=True)
class Job:
    """One prompt's tokens, stop strings and token budget, and the seeds of its samples."""

    tokens: list[int]
    stops: tuple[bytes, ...]
    budget: int
    seeds: list[int]


@dataclass(eq=False)
class _Sequence:
    job: int
    index: int  # position in the job's seeds
    sampler: Any
    budget: int
    stops: tuple[bytes, ...]
    started: float
    pos: int  # where `last` goes in its cache
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

    def run(self, jobs: list[Job], params: SamplingParams) -> Iterator[tuple[int, int, Generation]]:
        """(job, position in its seeds, generation) for every seed of every job, as each ends."""
        if not jobs:
            return
        ctx = self._context_for(max(len(job.tokens) + job.budget for job in jobs))
        ctx.clear()
        waiting = deque((j, list(range(len(job.seeds)))) for j, job in enumerate(jobs))
        live: list[_Sequence] = []
        try:
            while waiting or live:
                while waiting and self._fits(len(waiting[0][1]), len(live)):
                    j, positions = waiting.popleft()
                    free = self.batch - len(live)
                    if len(positions) > free:
                        waiting.appendleft((j, positions[free:]))
                    ended = self._join(ctx, live, j, jobs[j], positions[:free], params)
                    yield from ((seq.job, seq.index, self._generation(seq)) for seq in ended)
                if not live:
                    continue
                ctx.decode([(seq.last, seq.pos, slot) for slot, seq in enumerate(live)])
                for seq in live:
                    seq.pos += 1
                ended = self._step(ctx, live, ctx.logits(len(live)))
                yield from ((seq.job, seq.index, self._generation(seq)) for seq in ended)
                self._compact(ctx, live, ended)
        finally:
            for seq in live:
                ctx.free_sampler(seq.sampler)

    def _fits(self, wanted: int, live: int) -> bool:
        free = self.batch - live
        return free >= min(wanted, max(1, self.batch // 4))

    def _join(self, ctx: GroupContext, live: list[_Sequence], j: int, job: Job, positions: list[int],
              params: SamplingParams) -> list[_Sequence]:
        """Sequences `positions` of `job` join the batch at its end; those that end on their first token."""
        slot, started = len(live), time.perf_counter()
        prompt_logits = ctx.evaluate_prompt(job.tokens, slot)
        joining = [_Sequence(j, i, ctx.sampler(params.temperature, params.top_p, job.seeds[i]), job.budget,
                             job.stops, started, len(job.tokens)) for i in positions]
        ended = self._step(ctx, joining, prompt_logits[None, :])
        gone = {id(seq) for seq in ended}
        for seq in ended:
            ctx.free_sampler(seq.sampler)
        stay = [seq for seq in joining if id(seq) not in gone]
        if not stay:
            ctx.drop(slot)
        for k in range(1, len(stay)):
            ctx.copy(slot, slot + k)
        live.extend(stay)
        return ended

    def _step(self, ctx: GroupContext, seqs: list[_Sequence], rows: np.ndarray) -> list[_Sequence]:
        """Every sequence draws its next token from its row of `rows` (one row: a prompt's, shared, which
        is llama.cpp's last output); the sequences that ended."""
        shared = len(rows) == 1
        drawn = np.array([ctx.sample(seq.sampler, -1 if shared else slot) for slot, seq in enumerate(seqs)])
        logprobs = log_softmax_at(rows, drawn)
        ended = []
        for seq, token, logprob in zip(seqs, drawn.tolist(), logprobs.tolist(), strict=True):
            seq.logprobs.append(logprob)  # the end-of-generation token's too: ending is a choice
            if self._lib.llama_vocab_is_eog(self._vocab, token):
                ended.append(seq)
                continue
            seq.count, seq.last = seq.count + 1, token
            longest = max((len(s) for s in seq.stops), default=0)
            searched_from = max(0, len(seq.out) - longest + 1)
            seq.out += self.llm.detokenize([token])
            seq.cut = _first_stop(seq.out, seq.stops, searched_from)
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
    def _generation(seq: _Sequence) -> Generation:
        text = bytes(seq.out[:seq.cut]).decode("utf-8", errors="ignore")
        mean = sum(seq.logprobs) / len(seq.logprobs) if seq.logprobs else None
        return Generation(text=text, n_tokens=seq.count, mean_logprob=mean, seconds=time.perf_counter() - seq.started)

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None


def _first_stop(out: bytearray, stops: tuple[bytes, ...], start: int) -> int | None:
    found = [i for i in (out.find(s, start) for s in stops) if i >= 0]
    return min(found) if found else None
