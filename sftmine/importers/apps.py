"""APPS (hendrycks/apps; the `codeparrot/apps` export) rows as raw problems, and TACO's APPS-like rows.

A row has `question`, `solutions` (JSON list of Python programs), `input_output` (JSON with `inputs`,
`outputs`, optional `fn_name`), `starter_code`, `difficulty`, `url`, and `problem_id` in some exports.
With `fn_name` the problem is a function task called with each input list; without, a stdio task.
Train and test splits reuse problem numbers, so the split (from the file name) is part of the id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.importers.base import IMPORTERS, Importer
from sftmine.importers.files import json_field, read_rows, row_of
from sftmine.importers.iotests import call_tests, stdio_tests
from sftmine.records import RawProblem
from sftmine.sites.flags import text_flags

LICENSE = "MIT"
MAX_TESTS = 30


def apps_problem(row: dict[str, Any], problem_id: str, site: str = "apps", license: str = LICENSE,
                 max_tests: int = MAX_TESTS) -> RawProblem:
    io = json_field(row.get("input_output"), {})
    io = io if isinstance(io, dict) else {}
    question = str(row.get("question") or "")
    solutions = [s for s in json_field(row.get("solutions"), []) if isinstance(s, str)]
    fields: dict[str, Any] = dict(
        site=site, problem_id=problem_id, url=str(row.get("url") or ""), title=str(row.get("name") or ""),
        statement=question.strip(), difficulty=_text(row.get("difficulty")), solutions=solutions,
        license=license, flags=text_flags(question))
    fn_name = io.get("fn_name")
    if fn_name:
        return RawProblem(**fields, starter_code=row.get("starter_code") or None, entry_point=str(fn_name),
                          function_tests=call_tests(io, max_tests))
    return RawProblem(**fields, official_tests=stdio_tests(io, max_tests))


def import_apps(path: Path, split: str | None = None, max_tests: int = MAX_TESTS) -> Iterator[RawProblem]:
    for file, index, row in read_rows(path):
        number = row.get("problem_id", row.get("id", index))
        with row_of(file, index, "an APPS"):
            problem = apps_problem(row, f"{split or split_of(file)}/{number}", max_tests=max_tests)
        yield problem


def split_of(file: Path) -> str:
    """"train", "test" or "valid" when the file name says so (test-00000-of-00001.parquet), else its stem."""
    match = re.search(r"(train|test|valid)", file.name.lower())
    return match.group(1) if match else file.name.split(".")[0]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)

IMPORTERS.register("apps")(Importer(import_apps, raw=True))
