"""Exact duplicates: the same normalized prompt, or the same normalized program.

A prompt key needs MIN_WORDS docstring words: a bare signature (`def v0(v1): pass`), or one with a
docstring like "Same as a + b.", is the prompt of many unrelated traced functions. A program key needs MIN_PROGRAM_TOKENS tokens: a one-line getter normalizes to the same few tokens in
every project, and that says nothing about two problems being one.
"""

from __future__ import annotations

import hashlib

from sftmine.dedup.near import MIN_WORDS
from sftmine.dedup.normalize import TaskTokens

MIN_PROGRAM_TOKENS = 24


def _digest(tokens: list[str]) -> str:
    return hashlib.sha256("\x1f".join(tokens).encode()).hexdigest()


def exact_keys(tokens: TaskTokens) -> list[tuple[str, str]]:
    """(what matched, digest) pairs; two tasks sharing any one are duplicates."""
    keys = [("prompt", _digest(tokens.prompt))] if len(tokens.prose) >= MIN_WORDS else []
    if tokens.program is not None and len(tokens.program) >= MIN_PROGRAM_TOKENS:
        keys.append(("program", _digest(tokens.program)))
    return keys
