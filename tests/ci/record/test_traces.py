"""Reading the recorder's store: functions, distinct restorable calls, and the funnel counts."""

from __future__ import annotations

import json
from unittest import mock

from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.traces import read_traces
from tests.tracers.recording import Traced
from tracers import store

LIB = '''
def inc(x):
    """Add one."""
    return x + 1

def name_of(obj):
    return type(obj).__name__

class Thing:
    def method(self):
        return 1
'''


def test_functions_calls_and_funnel(tmp_path):
    t = Traced(tmp_path)
    lib = t.module("lib", LIB)
    t.run(lambda: [lib.inc(1), lib.inc(1), lib.inc(2), lib.name_of(mock.Mock()), lib.name_of(3), lib.Thing().method()])
    # a second process recorded an input already seen, a row whose literal does not parse, and one whose
    # count of a generator's values is not a count
    key = next(r.func for r in t.calls() if r.result == "2")
    extra = store.Store(str(t.out))
    extra.write([(key, json.dumps([["x", "pos", "1", False]]), "2", None, None, None, None),
                 (key, json.dumps([["x", "pos", "[1,", False]]), "2", None, None, None, None),
                 (key, json.dumps([["x", "pos", "5", False]]), "[6]", None, None, -1, None)], {}, {})
    funnel = CIFunnel()
    functions = {f.qualname: f for f in read_traces(t.out, funnel)}
    assert [c.result for c in functions["inc"].calls] == ["2", "3"]
    assert [c.result for c in functions["name_of"].calls] == ["'int'"]
    assert funnel["functions_traced"].to_dict() == {"seen": 3, "kept": 3, "dropped": {}, "counts": {"methods": 1}}
    assert funnel["calls_recorded"].to_dict() == {"seen": 9, "kept": 7, "dropped": {"duplicate input": 2}}
    # this module is not importable, so Thing.method's receiver cannot be named: a loss of methods' own
    assert funnel["restorable"].to_dict() == {"seen": 7, "kept": 3, "dropped": {
        "mock": 1, "unreadable": 2, "method: receiver: class not importable": 1}}


def test_a_damaged_trace_file_is_counted_and_skipped(tmp_path):
    out = tmp_path / "traces"
    out.mkdir()
    (out / "trace-1-deadbeef.sqlite").write_bytes(b"this is not a database" * 100)
    funnel = CIFunnel()
    assert read_traces(out, funnel) == []
    assert funnel["functions_traced"].to_dict() == {"seen": 0, "kept": 0, "dropped": {},
                                                    "counts": {"unreadable trace files": 1}}


def test_unrestorable_types_are_kept_to_the_top_twenty_and_the_rest_folded() -> None:
    from collections import Counter

    from sftmine.ci.record.traces import _top_types
    reasons = Counter({f"unrestorable: m.T{i}": i + 1 for i in range(25)})
    reasons["mock"] = 7
    top = _top_types(reasons)
    assert top["mock"] == 7
    assert "unrestorable: m.T24" in top and "unrestorable: m.T4" not in top
    assert top["unrestorable: other types"] == 1 + 2 + 3 + 4 + 5
    assert sum(top.values()) == sum(reasons.values())
