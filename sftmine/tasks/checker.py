"""How a task compares outputs, from what its statement says about them.

A statement that names an absolute or relative error ("10^{-6}") gets a float checker with that
tolerance; everything else compares whitespace-separated tokens, which is what judges' default
checkers accept (extra spaces and a missing final newline are not wrong answers).
"""

from __future__ import annotations

from typing import Any

from sftmine.records import RawProblem
from sftmine.sites.flags import float_tolerance


def checker_for(raw: RawProblem) -> dict[str, Any]:
    tolerance = raw.flags.get("float_tolerance") or float_tolerance(
        "\n".join((raw.output_spec, raw.statement)))
    if tolerance:
        return {"kind": "float", "abs": float(tolerance.get("abs", 0.0)), "rel": float(tolerance.get("rel", 0.0))}
    return {"kind": "exact"} if raw.entry_point else {"kind": "tokens"}
