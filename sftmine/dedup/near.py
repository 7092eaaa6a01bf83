"""Near duplicates: MinHash signatures of statement shingles, found through LSH, never pairwise.

Shingles are SHINGLE consecutive words of the prompt's docstrings (names replaced, see normalize.py):
the statement is what identifies a problem, while signatures and `solve()` skeletons look alike across
unrelated tasks. Prompts with fewer than MIN_WORDS words are left to the exact keys. Two statements are
near duplicates when the signatures estimate a Jaccard similarity of at least the threshold (0.7 by
default: the same statement from two sites, re-typeset or lightly edited). LSH only proposes
candidates; each is confirmed on the signature estimate, and the most similar earlier survivor is named.
Easy and hard versions of one contest problem, whose statements differ only in their limits, are near
duplicates by this measure; the richer of them survives.
"""

from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from sftmine.dedup.ngrams import shingles

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.7
SEED = 1
MIN_WORDS = 10


class NearIndex:
    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold, self.num_perm = threshold, num_perm
        # Candidates are confirmed on their estimate anyway, so the bands are tuned to miss few true pairs.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
        # Permutations are the same for every signature; drawing them once halves the cost per task.
        self._template = MinHash(num_perm=num_perm, seed=SEED)
        self._signatures: dict[int, MinHash] = {}

    def signature(self, tokens: list[str]) -> MinHash:
        sig = MinHash(num_perm=self.num_perm, seed=SEED, permutations=self._template.permutations,
                      scheme=self._template.scheme)
        sig.update_batch([s.encode() for s in sorted(shingles(tokens, SHINGLE))])
        return sig

    def nearest(self, sig: MinHash) -> tuple[int, float] | None:
        """(key, estimated Jaccard) of the most similar indexed signature at or over the threshold."""
        scored = [(sig.jaccard(self._signatures[k]), k) for k in self._lsh.query(sig)]
        found = [(j, k) for j, k in scored if j >= self.threshold]
        if not found:
            return None
        j, k = max(found, key=lambda f: (f[0], -f[1]))
        return k, j

    def add(self, key: int, sig: MinHash) -> None:
        self._lsh.insert(key, sig)
        self._signatures[key] = sig
