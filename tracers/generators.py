"""Where a generator frame stands, read from its last instruction (the profile driver's view).

Standard library only. A generator's test is `list(islice(f(...), N))`, so the recorder needs its first
values and whether it ended: the profile hook reports a generator's every resume as "call" and its every
yield as "return", so the instruction the frame stopped at tells them apart. Stopping early is always
safe (the values seen so far are what islice takes), so whatever is unclear counts as a stop.

Python 3.11 and 3.12: a first start is at RESUME 0, a resume at RESUME 1 or 2; a throw() or close()
resumes at the YIELD_VALUE itself; a yield stops at YIELD_VALUE. Python 3.8 to 3.10: a first start has
no last instruction (-1); a yield stops at YIELD_VALUE, or just before YIELD_FROM while delegating; a
throw() looks like any resume, but an exception thrown in at a yield unwinds from the very instruction
the frame resumed at, with None as its value, which a yield of None from the same yield would too: such
a stop counts as the end of what the test takes. The layout of 3.13 differs again (a yield stops at the
RESUME after it), so there the profile driver leaves generators out; sys.monitoring (3.12+) reports
yields, throws and ends as events of their own and is the driver there.
"""

from __future__ import annotations

import dis
import sys

PLAIN = 0x20  # CO_GENERATOR alone: not a coroutine, an iterable coroutine or an async generator
KINDS = 0x20 | 0x80 | 0x100 | 0x200
PROFILE_READS = sys.version_info[:2] <= (3, 12)
_RESUMES = sys.version_info >= (3, 11)  # the RESUME instruction exists
_RESUME = dis.opmap.get("RESUME", -1)
_YIELD = dis.opmap["YIELD_VALUE"]
_YIELD_FROM = dis.opmap.get("YIELD_FROM", -1)
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
    if not _RESUMES:
        return lasti < 0
    return co_code[lasti] == _RESUME and co_code[lasti + 1] == 0


def thrown_into(frame, co_code: bytes) -> bool:
    """A "call" event of a resume by throw() or close() (3.11+; before, one cannot tell)."""
    return _RESUMES and co_code[frame.f_lasti] != _RESUME


def stopped(frame, co_code: bytes, resumed_at: int, value: object) -> str:
    """What a "return" event of a generator frame means: it yielded, it returned, or it is unwinding."""
    lasti = frame.f_lasti
    op = co_code[lasti]
    if op in _RETURNS:
        return RETURNED
    delegating = not _RESUMES and lasti + 2 < len(co_code) and co_code[lasti + 2] == _YIELD_FROM
    if op != _YIELD and not delegating:
        return UNWOUND
    if not _RESUMES and lasti == resumed_at and value is None:
        return UNWOUND  # thrown in at the yield it was resumed at (or a second None from it: stop there)
    return YIELDED
