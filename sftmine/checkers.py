"""How a program's output is compared with the expected output (stdio tasks), and values (function tasks).

A checker is a dict in the task record: `{"kind": "exact"}`, `{"kind": "tokens"}` or
`{"kind": "float", "abs": 1e-6, "rel": 1e-6}` (with `"strict": true` for `<` rather than `<=`).
Function cases may also use `truthy`/`falsy` (from `assert f(x)` / `assert not f(x)`) and `identical`
(from `assert f(x) is True`: the very value, so 1 is not True).
All comparisons run in the parent process.
"""

from __future__ import annotations

import math
from typing import Any

from sftmine.errors import RecordError
from sftmine.sandbox.wire import Obj, Ref

KINDS = ("exact", "tokens", "float", "truthy", "falsy", "identical")


def validate(checker: dict[str, Any]) -> dict[str, Any]:
    kind = checker.get("kind")
    if kind not in KINDS:
        raise RecordError(f"checker kind {kind!r} is not one of {KINDS}")
    return checker


def compare_text(checker: dict[str, Any], got: str, want: str) -> bool:
    kind = validate(checker)["kind"]
    if kind not in ("exact", "tokens", "float"):
        raise RecordError(f"checker kind {kind!r} compares values, not program output")
    if kind == "exact":
        return _lines(got) == _lines(want)
    got_tokens, want_tokens = got.split(), want.split()
    if kind == "tokens":
        return got_tokens == want_tokens
    if len(got_tokens) != len(want_tokens):
        return False
    return all(_token_close(g, w, checker) for g, w in zip(got_tokens, want_tokens))


def _lines(text: str) -> list[str]:
    """Exact up to trailing spaces on a line and trailing blank lines, as judges accept."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _token_close(got: str, want: str, checker: dict[str, Any]) -> bool:
    if got == want:
        return True
    try:
        g, w = float(got), float(want)
    except ValueError:
        return False
    return _close(g, w, checker)


def _close(g: float, w: float, checker: dict[str, Any]) -> bool:
    if math.isnan(g) or math.isnan(w):
        return math.isnan(g) and math.isnan(w)
    abs_tol, rel_tol = float(checker.get("abs", 0.0)), float(checker.get("rel", 0.0))
    tol = max(abs_tol, rel_tol * abs(w))
    return abs(g - w) < tol if checker.get("strict") else abs(g - w) <= tol


def compare_values(checker: dict[str, Any] | None, got: Any, want: Any) -> bool:
    """Structural equality of decoded values (`same`), or float tolerance."""
    kind = (checker or {}).get("kind")
    try:
        if kind == "float":
            return _values_close(got, want, checker)  # type: ignore[arg-type]
        if kind in ("truthy", "falsy"):
            return bool(got) is (kind == "truthy")
        if kind == "identical":  # True, False or None: decoded values are those very objects
            return got is want
        return same(got, want)
    except Exception:  # noqa: BLE001 - e.g. comparing deeply recursive structures
        return False


def same(got: Any, want: Any) -> bool:
    """Equality of decoded values by structure: containers and records only equal their own type (a set is
    no frozenset, a namedtuple no tuple), NaN equals NaN; numbers and strings compare as Python does."""
    if isinstance(want, float) and isinstance(got, float) and math.isnan(want):
        return math.isnan(got)
    if type(want) is complex and type(got) is complex:
        return same(got.real, want.real) and same(got.imag, want.imag)
    kind = type(want)
    if kind in (list, tuple, dict, Obj):
        if type(got) is not kind:
            return False
        if kind is dict:
            return got.keys() == want.keys() and all(same(got[k], v) for k, v in want.items())
        if kind is Obj:
            return got.path == want.path and same(got.args, want.args) and same(got.kwargs, want.kwargs)
        return len(got) == len(want) and all(same(g, w) for g, w in zip(got, want))
    if kind in (set, frozenset, Ref):
        return type(got) is kind and bool(got == want)
    return type(got) not in (list, tuple, dict, set, frozenset, Obj, Ref) and bool(got == want)


def _values_close(got: Any, want: Any, checker: dict[str, Any]) -> bool:
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return _close(float(got), float(want), checker)
    if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)):
        return len(got) == len(want) and all(_values_close(g, w, checker) for g, w in zip(got, want))
    return same(got, want)
