"""Where a generator frame stands, read from its last instruction (the profile driver's view).

Standard library only. A generator's test is `list(islice(f(...), N))`, so the recorder needs its first
values and whether it ended: the profile hook reports a generator's every resume as "call" and its every
yield as "return", so the instruction the frame stopped at tells them apart. The opcode layout this reads
was checked on Python 3.11 and 3.12 (a first start is RESUME 0, a resume RESUME 1 or 2, a throw or close
resumes at the YIELD_VALUE itself, a yield stops at YIELD_VALUE). Elsewhere the profile driver leaves
generators out; sys.monitoring (3.12+) reports yields, throws and ends as events of their own.
"""

from __future__ import annotations

import dis
import sys

PLAIN = 0x20  # CO_GENERATOR alone: not a coroutine, an iterable coroutine or an async generator
KINDS = 0x20 | 0x80 | 0x100 | 0x200
PROFILE_READS = (3, 11) <= sys.version_info[:2] <= (3, 12)
_RESUME = dis.opmap.get("RESUME", -1)
_YIELD = dis.opmap["YIELD_VALUE"]
_RETURNS = frozenset(dis.opmap[n] for n in ("RETURN_VALUE", "RETURN_CONST") if n in dis.opmap)

YIELDED, RETURNED, UNWOUND = "yielded", "returned", "unwound"


def unsupported(flags: int, driver: str) -> str:
    """Why a code object with these flags is not recorded as a generator ("" when it is)."""
    if flags & KINDS != PLAIN:
        return "coroutine or async generator"
    if driver != "monitoring" and not PROFILE_READS:
        return "generator (not read by the profile hook on this Python)"
    return ""


def starting(frame, co_code: bytes) -> bool:
    """A "call" event that starts the generator's body, not one that resumes it."""
    lasti = frame.f_lasti
    return co_code[lasti] == _RESUME and co_code[lasti + 1] == 0


def thrown_into(frame, co_code: bytes) -> bool:
    """A "call" event of a resume by throw() or close(), not by next() or send()."""
    return co_code[frame.f_lasti] != _RESUME


def stopped(frame, co_code: bytes) -> str:
    """What a "return" event of a generator frame means: it yielded, it returned, or it is unwinding."""
    op = co_code[frame.f_lasti]
    if op == _YIELD:
        return YIELDED
    return RETURNED if op in _RETURNS else UNWOUND
