"""Read what the recorder stored: functions with their distinct, restorable calls, and the funnel counts.

Every file of a test run is read (one per traced process). A call is kept once per distinct input
across files; it is restorable when the recorder kept its values and every literal parses back here
with `wire.from_literal`. A method's losses are counted under reasons of their own (`method: ...`), so
the funnel tells what keeps methods out. Trace files are untrusted (the traced program could write to them): they are
opened read-only, and a file or row that does not decode is counted and skipped.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.recorder import store_module
from sftmine.sandbox.wire import from_literal

READ_ERRORS = (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError)
METHOD_KINDS = ("method", "classmethod")


@dataclass
class Call:
    params: list[list[Any]]  # [name, kind, literal, is_default]
    result: str | None
    raised: str | None
    items: int | None = None  # a generator's call: take this many values (`result` lists them)
    after: str | None = None  # a method's call: its receiver's attributes after it, when it changed them


@dataclass
class TracedFunction:
    key: str
    info: dict[str, Any]
    calls: list[Call] = field(default_factory=list)

    @property
    def qualname(self) -> str:
        return self.info["qualname"]

    @property
    def is_method(self) -> bool:
        return is_method(self.info)


def is_method(info: dict[str, Any]) -> bool:
    """A method or class method (a static method is lifted out as a function)."""
    return info.get("kind") in METHOD_KINDS


def labelled(reason: str, method: bool) -> str:
    """A funnel reason; a method's carries `method: ` in front (once)."""
    return f"method: {reason}" if method and not reason.startswith("method: ") else reason


def read_traces(directory: Path, funnel: CIFunnel) -> list[TracedFunction]:
    store = store_module()
    infos: dict[str, dict[str, Any]] = {}
    rows: list[Any] = []
    bad = Counter()
    for path in store.trace_files(str(directory)):
        try:
            for row in store.read_funcs(path):
                _merge_info(infos, row.key, row.info)
            rows += list(store.read_calls(path))
        except READ_ERRORS:
            bad["unreadable trace file"] += 1
    if bad:
        funnel["functions_traced"].count("unreadable trace files", bad["unreadable trace file"])
    functions = {k: TracedFunction(k, v) for k, v in infos.items() if not v.get("skip")}
    funnel.add("functions_traced", len(functions), Counter(v["skip"] for v in infos.values() if v.get("skip")))
    methods = sum(f.is_method for f in functions.values())
    if methods:
        funnel["functions_traced"].count("methods", methods)
    _calls(functions, rows, infos, funnel)
    return [f for f in functions.values() if f.calls]


def _merge_info(infos: dict[str, dict[str, Any]], key: str, info: dict[str, Any]) -> None:
    if key not in infos:
        infos[key] = dict(info)
        return
    for counter in ("seen", "attempts", "duplicates"):
        infos[key][counter] = infos[key].get(counter, 0) + int(info.get(counter, 0))


def _calls(functions: dict[str, TracedFunction], rows: list[Any], infos: dict, funnel: CIFunnel) -> None:
    seen_inputs: set[tuple[str, str]] = set()
    stored, duplicates, restorable, of_methods = 0, 0, Counter(), Counter()
    for row in rows:
        func = functions.get(row.func)
        if func is None:
            continue
        try:
            items = _items(row.items)
            key = (row.func, repr([p[2] for p in row.params]))
            if row.reason is None and key in seen_inputs:
                duplicates += 1
                continue
            seen_inputs.add(key)
            stored += 1
            reason = row.reason or _unreadable(row.params, row.result, row.raised, row.after)
        except READ_ERRORS:
            stored, reason = stored + 1, "unreadable"
        if reason:
            (of_methods if func.is_method else restorable)[reason] += 1
            continue
        func.calls.append(Call(row.params, row.result, row.raised, items, row.after))
    attempts = sum(int(infos[k].get("attempts", 0)) for k in functions)
    duplicates += sum(int(infos[k].get("duplicates", 0)) for k in functions)
    lost = max(0, attempts - duplicates - stored)
    funnel.add("calls_recorded", stored, {"duplicate input": duplicates, "lost (process ended mid-call)": lost})
    methods = Counter({labelled(r, True): n for r, n in _top_types(of_methods).items()})
    funnel.add("restorable", stored - sum(restorable.values()) - sum(of_methods.values()),
               _top_types(restorable) + methods)


def _top_types(reasons: Counter) -> Counter:
    """The 20 most frequent unrestorable types by name; the rest folded into one count, so the funnel stays short."""
    typed = Counter({r: n for r, n in reasons.items() if "unrestorable: " in r})
    kept = Counter(reasons - typed)
    kept.update(dict(typed.most_common(20)))
    rest = sum(typed.values()) - sum(n for _, n in typed.most_common(20))
    if rest:
        kept["unrestorable: other types"] += rest
    return kept


def _items(items: Any) -> int | None:
    if items is None:
        return None
    if type(items) is not int or items < 0:
        raise ValueError("a generator's count of values is not a count")
    return items


def _unreadable(params: list[list[Any]], result: str | None, raised: str | None, after: str | None) -> str | None:
    if raised is None and result is None:
        return "no outcome"
    if raised is not None and not str(raised).isidentifier():
        return "unreadable"
    for text in [p[2] for p in params] + [t for t in (result, after) if t is not None]:
        try:
            from_literal(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return "unreadable"
    return None
