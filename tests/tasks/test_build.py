"""Raw problem -> task: ids, tests with origins, checker, limits, source, meta; drops with reasons."""

from __future__ import annotations

import pytest

from sftmine.records import RawProblem, Style, Task
from sftmine.tasks import Dropped, build_task, drop_reason


def stdio(**fields) -> RawProblem:
    base = dict(site="atcoder", problem_id="abc901/a", url="https://atcoder.jp/contests/abc901/tasks/abc901_a",
                title="Sum", statement="Print the sum.", samples=[{"input": "1 2\n", "output": "3\n"}])
    return RawProblem(**{**base, **fields})


def function(**fields) -> RawProblem:
    base = dict(site="leetcode", problem_id="add", url="https://leetcode.com/problems/add/", title="Add",
                statement="Add two numbers.", starter_code="class Solution:\n    def add(self, a: int, b: int) -> int:\n        ",
                entry_point="add", function_tests=[{"args": "[1, 2]", "expected": "3"}])
    return RawProblem(**{**base, **fields})


def test_stdio_task_record():
    raw = stdio(official_tests=[{"input": "1 2\n", "output": "3"}, {"input": "5 5\n", "output": "10\n"}],
                generated_tests=[{"input": "0 0\n", "output": "0\n"}], time_limit_s=2.0, memory_mb=1024,
                fetched_at="2099-01-01T00:00:00+00:00", tags=["math"], rating=100)
    task = build_task(raw)
    assert task.task_id == "atcoder/abc901/a" and task.style is Style.STDIO and task.entry_point is None
    # an official case equal to a sample (up to whitespace) is kept once, as the sample
    assert [(c.stdin, c.origin) for c in task.tests] == [("1 2\n", "sample"), ("5 5\n", "official"),
                                                         ("0 0\n", "generated")]
    assert task.checker == {"kind": "tokens"}
    assert task.limits == {"time_s": 2.0, "memory_mb": 1024}
    assert task.source == {"kind": "competitive", "site": "atcoder", "url": raw.url, "version": None,
                           "license": None, "fetched_at": "2099-01-01T00:00:00+00:00"}
    assert task.meta["title"] == "Sum" and task.meta["tags"] == ["math"] and task.meta["rating"] == 100
    assert task.meta["tests_by_origin"] == {"sample": 1, "official": 1, "generated": 1}
    assert Task.from_dict(task.to_dict()) == task  # the record round-trips, fingerprint included


def test_defaults_and_import_kind():
    task = build_task(stdio(), kind="import")
    assert task.limits == {"time_s": 2.0, "memory_mb": 256}
    assert task.source["kind"] == "import" and task.canonical_solution is None


def test_checker_from_flags_or_statement_text():
    flagged = build_task(stdio(flags={"float_tolerance": {"rel": 1e-9}}))
    assert flagged.checker == {"kind": "float", "abs": 0.0, "rel": 1e-9}
    said = build_task(stdio(output_spec="An absolute error of at most $10^{-4}$ is allowed."))
    assert said.checker == {"kind": "float", "abs": 1e-4, "rel": 0.0}


def test_function_task_record():
    task = build_task(function(solutions=["class Solution:\n    def add(self, a, b):\n        return a + b\n"]))
    assert task.style is Style.FUNCTION and task.entry_point == "add" and task.task_id == "leetcode/add"
    assert [(c.args, c.expected, c.origin) for c in task.tests] == [("[1, 2]", "3", "sample")]
    assert task.checker == {"kind": "exact"}
    assert task.canonical_solution == "        return a + b\n"


@pytest.mark.parametrize("flag", ["pdf_only", "premium", "design", "interactive", "special_judge", "images",
                                  "file_io", "in_place"])
def test_flags_drop_with_their_name(flag):
    with pytest.raises(Dropped) as err:
        build_task(stdio(flags={flag: True}))
    assert err.value.reason == flag


def test_first_flag_in_order_is_the_reason():
    assert drop_reason(stdio(flags={"images": 2, "interactive": True})) == "interactive"


@pytest.mark.parametrize("raw, reason", [
    (stdio(samples=[]), "no_samples"),
    (stdio(title="", statement=" "), "empty_statement"),
    (function(function_tests=[]), "no_tests"),
    (function(starter_code="class Solution:\n    def f(self, head: Optional[ListNode]) -> int:\n"), "custom_types"),
    (function(entry_point="missing"), "starter_mismatch")])
def test_other_drop_reasons(raw, reason):
    with pytest.raises(Dropped) as err:
        build_task(raw)
    assert err.value.reason == reason


def test_stdio_without_samples_but_with_official_tests_is_kept():
    task = build_task(stdio(samples=[], official_tests=[{"input": "1\n", "output": "1\n"}]))
    assert [c.origin for c in task.tests] == ["official"]
