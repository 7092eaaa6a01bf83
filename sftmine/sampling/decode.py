"""The token loop of the embedded backend: sample, record log-probabilities, stop.

llama.cpp's numbers depend on how tokens are grouped into batches, so a prompt evaluated in one batch
and the same prompt extended from a cached prefix give slightly different logits, and at temperature
0.8 different samples. Here a prompt (all but its last token) is always evaluated as two batches at fixed
positions: its first HEAD tokens, which prompts of one run share (the chat template's opening, the
instruction), then the rest. A cached head is reused only when it was evaluated that same way. Each
sample then rewinds to the end of the prompt and evaluates the last token alone. So a sample depends only
on (prompt, params, seed), never on what ran before it, and a resumed run reproduces an uninterrupted one.

The log-probability of each sampled token is read from the logits llama.cpp just sampled from (raw model
distribution, before temperature and top-p), which costs one pass over the vocabulary per token, instead
of llama-cpp-python's `logprobs`, which keeps the logits of every position and sorts the vocabulary.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from sftmine.sampling.base import Generation, SamplingParams

# Evaluated alone so that prompts sharing it (chat template, instruction) evaluate it once; the rest of a
# prompt goes in one batch, which llama.cpp runs fastest (measured: 284 tok/s for 256 tokens at once,
# 184 in batches of 32, on two cores).
HEAD = 32
# Sampler settings beyond temperature and top-p: plain nucleus sampling, as in the Codex paper.
SETTINGS: dict[str, Any] = {"top_k": 0, "min_p": 0.0, "typical_p": 1.0, "repeat_penalty": 1.0}


class TokenLoop:
    def __init__(self, llm: Any) -> None:
        import llama_cpp

        self.llm = llm
        self._lib = llama_cpp
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._n_vocab = llm.n_vocab()
        # Recurrent models cannot drop the end of their state: start every sample from scratch.
        self._rewinds = not (llama_cpp.llama_model_is_recurrent(llm.model)
                             or llama_cpp.llama_model_is_hybrid(llm.model))
        self._primed: list[int] = []  # the prompt prefix the KV cache holds, evaluated as prime() does

    def prime(self, prefix: list[int]) -> None:
        """Have the KV cache hold `prefix`, evaluated as [0, HEAD) then [HEAD, end)."""
        if self._primed == prefix and self._rewinds:
            return
        keep = HEAD if self._rewinds and _common(self._primed, prefix) >= HEAD else 0
        if keep == 0:
            self.llm.reset()
        self.llm.n_tokens = keep  # eval() drops everything after this from the KV cache
        for start, end in ((0, HEAD), (HEAD, len(prefix))):
            if keep <= start < len(prefix):
                self.llm.eval(prefix[start:end])
        self._primed = list(prefix)

    def run(self, tokens: list[int], params: SamplingParams, seed: int, stops: tuple[str, ...]) -> Generation:
        self.prime(tokens[:-1])
        start = time.perf_counter()
        llm = self.llm
        llm.n_tokens = len(tokens) - 1  # rewind: eval() drops the previous sample from the KV cache
        llm.set_seed(seed)
        budget = min(params.max_tokens, llm.n_ctx() - len(tokens))
        stop_bytes = [s.encode() for s in stops]
        longest = max((len(s) for s in stop_bytes), default=0)
        out, logprobs, count, cut = bytearray(), [], 0, None
        steps = llm.generate([tokens[-1]], reset=False, temp=params.temperature, top_p=params.top_p, **SETTINGS)
        for token in steps:
            logprobs.append(self._logprob(token))  # the end-of-generation token's too: ending is a choice
            if self._lib.llama_vocab_is_eog(self._vocab, token):
                break
            count += 1  # like llama-cpp-python's usage: text tokens, stop-sequence tokens included
            searched_from = max(0, len(out) - longest + 1)
            out += llm.detokenize([token])
            cut = _first_stop(out, stop_bytes, searched_from)
            if cut is not None or count >= budget:
                break
        steps.close()
        text = bytes(out[:cut]).decode("utf-8", errors="ignore")
        return Generation(text=text, n_tokens=count, mean_logprob=sum(logprobs) / len(logprobs) if logprobs else None,
                          seconds=time.perf_counter() - start)

    def _logprob(self, token: int) -> float:
        """log softmax(logits)[token] for the logits the sampler just used."""
        ptr = self._lib.llama_get_logits_ith(self.llm.ctx, -1)
        logits = np.ctypeslib.as_array(ptr, shape=(self._n_vocab,))
        top = float(logits.max())
        return float(logits[token]) - top - float(np.log(np.exp(logits - top).sum()))


def _first_stop(out: bytearray, stops: list[bytes], start: int) -> int | None:
    found = [i for i in (out.find(s, start) for s in stops) if i >= 0]
    return min(found) if found else None


def _common(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
