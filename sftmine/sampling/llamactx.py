"""llama.cpp's low-level API for decoding many sequences together.

A `GroupContext` is a llama context of its own on the model a `Llama` loaded: one KV cache stream per
sequence (kv_unified off), so each sequence attends over its own cells only, laid out as if it were
decoded alone, and a token batch that takes the whole prompt or one token per sequence.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sftmine.errors import GenerationError

# A sequence's cells are padded to this by llama.cpp anyway; contexts grow in these steps.
CELLS_STEP = 256


class GroupContext:
    def __init__(self, model: Any, sequences: int, cells: int, threads: int) -> None:
        import llama_cpp

        self._lib, self.sequences = llama_cpp, sequences
        self.cells = -(-cells // CELLS_STEP) * CELLS_STEP  # per sequence
        params = llama_cpp.llama_context_default_params()
        params.n_ctx, params.n_seq_max, params.kv_unified = self.cells * sequences, sequences, False
        params.n_batch = max(self.cells, sequences)  # the whole prompt in one llama_decode
        params.n_ubatch = min(512, params.n_batch)
        params.n_threads = params.n_threads_batch = threads
        # llama-cpp-python's default; the CPU flash-attention kernel changes with how many sequences are live.
        params.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED
        params.no_perf = True
        self.ctx = llama_cpp.llama_init_from_model(model, params)
        if not self.ctx:
            raise GenerationError(f"llama.cpp could not create a context of {sequences} x {self.cells} tokens; "
                                  "lower the batch or n_ctx option")
        self.memory = llama_cpp.llama_get_memory(self.ctx)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(llama_cpp.llama_model_get_vocab(model))
        self._batch = llama_cpp.llama_batch_init(params.n_batch, 0, 1)

    def clear(self) -> None:
        self._lib.llama_memory_clear(self.memory, True)

    def evaluate_prompt(self, tokens: list[int], seq: int) -> np.ndarray:
        """`tokens` into sequence `seq`'s empty cache in one llama_decode; the last token's logits."""
        self.decode([(t, p, seq) for p, t in enumerate(tokens)], last_only=True)
        return self.logits(1)[0]

    def copy(self, src: int, dst: int) -> None:
        """Sequence `dst` (empty) gets a copy of `src`'s cache (whole streams: cells at the same places)."""
        self._lib.llama_memory_seq_cp(self.memory, src, dst, -1, -1)

    def decode(self, items: list[tuple[int, int, int]], last_only: bool = False) -> None:
        """(token, position, sequence) items in one llama_decode; logits for every item, or the last."""
        batch = self._batch
        batch.n_tokens = len(items)
        for i, (token, pos, seq) in enumerate(items):
            batch.token[i], batch.pos[i], batch.n_seq_id[i], batch.seq_id[i][0] = token, pos, 1, seq
            batch.logits[i] = not last_only or i == len(items) - 1
        code = self._lib.llama_decode(self.ctx, batch)
        if code != 0:
            raise GenerationError(f"llama_decode failed with code {code} for {len(items)} tokens; "
                                  "raise the n_ctx option or lower the batch option")

    def logits(self, rows: int) -> np.ndarray:
        """The raw logits of the last decode's outputs, in batch order (a view: read before decoding)."""
        return np.ctypeslib.as_array(self._lib.llama_get_logits(self.ctx), shape=(rows, self.n_vocab))

    def drop(self, seq: int) -> None:
        self._lib.llama_memory_seq_rm(self.memory, seq, -1, -1)

    def move(self, src: int, dst: int) -> None:
        """Sequence `src`'s cache becomes sequence `dst`'s, and `src` is emptied."""
        self._lib.llama_memory_seq_rm(self.memory, dst, -1, -1)
        self.copy(src, dst)
        self._lib.llama_memory_seq_rm(self.memory, src, -1, -1)

    def sampler(self, temperature: float, top_p: float, seed: int) -> Any:
        """llama-cpp-python's own chain for plain nucleus sampling: top-p, then temperature, then a draw."""
        lib = self._lib
        chain = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params())
        if temperature == 0:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_greedy())
            return chain
        for stage in (lib.llama_sampler_init_top_p(top_p, 1), lib.llama_sampler_init_temp(temperature),
                      lib.llama_sampler_init_dist(seed)):
            lib.llama_sampler_chain_add(chain, stage)
        return chain

    def sample(self, sampler: Any, row: int) -> int:
        return int(self._lib.llama_sampler_sample(sampler, self.ctx, row))

    def free_sampler(self, sampler: Any) -> None:
        self._lib.llama_sampler_free(sampler)

    def close(self) -> None:
        if self.ctx:
            self._lib.llama_batch_free(self._batch)
            self._lib.llama_free(self.ctx)
            self.ctx = None


def log_softmax_at(logits: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    """log softmax(row)[token] for each token and its row of raw logits (one row: shared by all tokens)."""
    top = logits.max(axis=1)
    norm = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    rows = np.arange(len(tokens)) if len(logits) > 1 else np.zeros(len(tokens), dtype=int)
    return logits[rows, tokens] - norm[rows]
