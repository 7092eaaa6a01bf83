"""CodeContests (deepmind/code_contests) rows as raw problems.

A row has `name`, `description`, `public_tests`/`private_tests`/`generated_tests` ({"input": [...],
"output": [...]}), `solutions` ({"language": [...], "solution": [...]}; language 3 is Python 3),
`time_limit` ({"seconds", "nanos"}), `memory_limit_bytes`, `cf_rating`, `cf_tags`, `cf_contest_id`,
`cf_index` and `source` (2 is Codeforces). Public tests are the statement's samples (origin sample),
private tests the judge's (official), generated tests the dataset's own (generated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.importers.base import IMPORTERS, Importer
from sftmine.importers.files import json_field, read_rows, row_of
from sftmine.records import RawProblem
from sftmine.sites.flags import text_flags

LICENSE = "CC-BY-4.0"
MAX_TESTS = 30
PYTHON3 = (3, "3", "PYTHON3", "python3")
_SOURCES = {1: "codechef", 2: "codeforces", 3: "hackerearth", 4: "codejam", 5: "atcoder", 6: "aizu"}


def codecontests_problem(row: dict[str, Any], max_tests: int = MAX_TESTS) -> RawProblem:
    description = str(row.get("description") or "")
    flags = text_flags(description)
    if row.get("input_file") or row.get("output_file"):
        flags["file_io"] = True  # reads input.txt / writes output.txt: nothing on stdin and stdout to judge
    official = _tests(row.get("private_tests"))[:max_tests]
    generated = _tests(row.get("generated_tests"))[: max(0, max_tests - len(official))]
    return RawProblem(
        site="codecontests", problem_id=slug(str(row.get("name") or "")), url=_url(row),
        title=_title(str(row.get("name") or "")), statement=description.strip(),
        samples=_tests(row.get("public_tests")), official_tests=official, generated_tests=generated,
        time_limit_s=_seconds(row.get("time_limit")), memory_mb=_megabytes(row.get("memory_limit_bytes")),
        tags=[str(t) for t in row.get("cf_tags") or []], rating=int(row["cf_rating"]) if row.get("cf_rating") else None,
        difficulty=str(row["difficulty"]) if row.get("difficulty") is not None else None,
        contest_id=str(row["cf_contest_id"]) if row.get("cf_contest_id") else None,
        flags=flags, solutions=python3_solutions(row.get("solutions")), license=LICENSE,
        extra={"source": _SOURCES.get(row.get("source"), str(row.get("source") or ""))})


def import_codecontests(path: Path, max_tests: int = MAX_TESTS) -> Iterator[RawProblem]:
    for file, index, row in read_rows(path):
        with row_of(file, index, "a CodeContests"):
            problem = codecontests_problem(row, max_tests)
        yield problem


def python3_solutions(value: Any) -> list[str]:
    solutions = json_field(value, {}) or {}
    languages, programs = solutions.get("language") or [], solutions.get("solution") or []
    return [p for lang, p in zip(languages, programs) if lang in PYTHON3 and isinstance(p, str)]


def slug(name: str) -> str:
    """"1548_E. Gregor and the Two Painters" -> "1548_E"; other names -> lowercase words joined by '-'."""
    match = re.match(r"^(\d+_[A-Z]\d?)\.", name)
    return match.group(1) if match else re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "unnamed"


def _title(name: str) -> str:
    return re.sub(r"^\d+_[A-Z]\d?\.\s*", "", name).strip()


def _tests(value: Any) -> list[dict[str, str]]:
    tests = json_field(value, {}) or {}
    return [{"input": str(i), "output": str(o)} for i, o in zip(tests.get("input") or [], tests.get("output") or [])]


def _url(row: dict[str, Any]) -> str:
    if row.get("source") == 2 and row.get("cf_contest_id") and row.get("cf_index"):
        return f"https://codeforces.com/problemset/problem/{row['cf_contest_id']}/{row['cf_index']}"
    return ""


def _seconds(value: Any) -> float | None:
    limit = json_field(value, {}) or {}
    total = float(limit.get("seconds") or 0) + float(limit.get("nanos") or 0) / 1e9
    return total or None


def _megabytes(value: Any) -> int | None:
    return int(value) // (1024 * 1024) if value else None

IMPORTERS.register("codecontests")(Importer(import_codecontests, raw=True))
