"""The yardstick of `bench sample`: batched decoding written straight against llama.cpp's C API.

Only llama-cpp-python's ctypes bindings, none of sftmine's sampling code: the prompt evaluated once,
its cache copied to one stream per sequence, one llama_decode per step for every live sequence, a
seeded sampler chain per sequence (top-p, temperature, draw), stop strings and a token budget. No
log-probabilities, no cache, no code extraction: what decoding costs on this machine and nothing else.
"""

from __future__ import annotations

import ctypes
from typing import Any

import llama_cpp as lib


class Anchor:
    def __init__(self, model: Any, sequences: int, cells: int, threads: int) -> None:
        params = lib.llama_context_default_params()
        per_seq = -(-cells // 256) * 256
        params.n_ctx, params.n_seq_max, params.kv_unified = per_seq * sequences, sequences, False
        params.n_batch, params.n_ubatch = per_seq, min(512, per_seq)
        params.n_threads = params.n_threads_batch = threads
        params.flash_attn_type = lib.LLAMA_FLASH_ATTN_TYPE_DISABLED
        self.ctx = lib.llama_init_from_model(model, params)
        self.vocab = lib.llama_model_get_vocab(model)
        self.batch = lib.llama_batch_init(per_seq, 0, 1)
        self.piece = ctypes.create_string_buffer(256)

    def run(self, prompt: list[int], seeds: list[int], temperature: float, top_p: float, max_tokens: int,
            stops: list[str]) -> int:
        """Decode one sequence per seed together; the tokens generated, over all of them."""
        mem = lib.llama_get_memory(self.ctx)
        lib.llama_memory_clear(mem, True)
        self._submit([(tok, p, 0, p == len(prompt) - 1) for p, tok in enumerate(prompt)])
        for seq in range(1, len(seeds)):
            lib.llama_memory_seq_cp(mem, 0, seq, -1, -1)
        chains = [self._chain(temperature, top_p, seed) for seed in seeds]
        texts, counts = [b""] * len(seeds), [0] * len(seeds)
        slots = list(range(len(seeds)))  # slots[seq id]: the sample that sequence decodes
        pos, first = len(prompt), True
        while slots:
            nxt: list[int | None] = []
            for slot, sample in enumerate(slots):
                tok = lib.llama_sampler_sample(chains[sample], self.ctx, -1 if first else slot)
                if lib.llama_vocab_is_eog(self.vocab, tok):
                    nxt.append(None)
                    continue
                counts[sample] += 1
                texts[sample] += self._text(tok)
                ended = counts[sample] >= max_tokens or any(s.encode() in texts[sample] for s in stops)
                nxt.append(None if ended else tok)
            for slot in reversed([i for i, tok in enumerate(nxt) if tok is None]):
                last = len(slots) - 1  # the last sequence takes the place of one that ended
                lib.llama_memory_seq_rm(mem, slot, -1, -1)
                if slot != last:
                    lib.llama_memory_seq_cp(mem, last, slot, -1, -1)
                    lib.llama_memory_seq_rm(mem, last, -1, -1)
                    slots[slot], nxt[slot] = slots[last], nxt[last]
                slots.pop()
                nxt.pop()
            if slots:
                self._submit([(tok, pos, seq, True) for seq, tok in enumerate(nxt)])  # type: ignore[misc]
                pos, first = pos + 1, False
        for chain in chains:
            lib.llama_sampler_free(chain)
        return sum(counts)

    def _submit(self, items: list[tuple[int, int, int, bool]]) -> None:
        b = self.batch
        b.n_tokens = len(items)
        for i, (tok, pos, seq, logits) in enumerate(items):
            b.token[i], b.pos[i], b.n_seq_id[i], b.seq_id[i][0], b.logits[i] = tok, pos, 1, seq, logits
        if lib.llama_decode(self.ctx, b) != 0:
            raise RuntimeError("llama_decode failed")

    def _chain(self, temperature: float, top_p: float, seed: int) -> Any:
        chain = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params())
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_p(top_p, 1))
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_temp(temperature))
        lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_dist(seed))
        return chain

    def _text(self, tok: int) -> bytes:
        n = lib.llama_token_to_piece(self.vocab, tok, self.piece, len(self.piece), 0, False)
        return self.piece.raw[:max(n, 0)]

    def close(self) -> None:
        lib.llama_batch_free(self.batch)
        lib.llama_free(self.ctx)
