"""TACO (BAAI/TACO) rows as raw problems: APPS-shaped, plus limits, tags, source and picture counts.

TACO adds `name`, `source` (the judge), `tags`/`skill_types`, `time_limit` ("2 seconds"),
`memory_limit` ("256 megabytes") and `picture_num`; a statement with pictures depends on them and is
flagged, like a scraped statement with images.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.importers.apps import MAX_TESTS, apps_problem, split_of
from sftmine.importers.base import IMPORTERS, Importer
from sftmine.importers.files import read_rows, row_of
from sftmine.records import RawProblem

LICENSE = "Apache-2.0"
_SECONDS = re.compile(r"([\d.]+)\s*(milliseconds?|ms|seconds?|sec|s)\b", re.IGNORECASE)
_MEGABYTES = re.compile(r"([\d.]+)\s*(megabytes?|mb|mib|kilobytes?|kb)\b", re.IGNORECASE)


def taco_problem(row: dict[str, Any], problem_id: str, max_tests: int = MAX_TESTS) -> RawProblem:
    raw = apps_problem(row, problem_id, site="taco", license=LICENSE, max_tests=max_tests)
    if _int(row.get("picture_num")):
        raw.flags["images"] = _int(row.get("picture_num"))
    raw.time_limit_s = seconds(row.get("time_limit"))
    raw.memory_mb = megabytes(row.get("memory_limit"))
    raw.tags = _list(row.get("tags")) + [t for t in _list(row.get("skill_types")) if t not in _list(row.get("tags"))]
    if row.get("source"):
        raw.extra["source"] = str(row["source"])
    return raw


def import_taco(path: Path, split: str | None = None, max_tests: int = MAX_TESTS) -> Iterator[RawProblem]:
    for file, index, row in read_rows(path):
        with row_of(file, index, "a TACO"):
            problem = taco_problem(row, f"{split or split_of(file)}/{row.get('id', index)}", max_tests=max_tests)
        yield problem


def seconds(text: Any) -> float | None:
    match = _SECONDS.search(str(text or ""))
    if match is None:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2).lower().startswith("m") else value


def megabytes(text: Any) -> int | None:
    match = _MEGABYTES.search(str(text or ""))
    if match is None:
        return None
    value = float(match.group(1))
    return int(value / 1024) if match.group(2).lower().startswith("k") else int(value)


def _list(value: Any) -> list[str]:
    """A list column, or the Python repr of one ("['Math', 'Greedy']"), as strings."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return [value] if value else []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0

IMPORTERS.register("taco")(Importer(import_taco, raw=True))
