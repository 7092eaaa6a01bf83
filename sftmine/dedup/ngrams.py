"""Token n-grams and shingles: the units that overlap and similarity are measured in."""

from __future__ import annotations


def ngrams(tokens: list[str] | None, n: int) -> set[str]:
    """Distinct n-grams as space-joined text; a token list shorter than n has none."""
    if not tokens or len(tokens) < n:
        return set()
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def shingles(tokens: list[str], k: int) -> set[str]:
    """Like `ngrams`, but a short non-empty list is one shingle, so a short prompt still has a signature."""
    if 0 < len(tokens) < k:
        return {" ".join(tokens)}
    return ngrams(tokens, k)
