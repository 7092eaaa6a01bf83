"""Done-when: every task built from the fixtures passes its tests in the real sandbox with a known solution.

AtCoder and AOJ fixtures carry solutions written for them (beside the pages); the importers' fixture
files ship their own; the raw-problem fixture has some. Each runs through `verify` exactly as
`sftmine verify` does, on both sandboxes (the `pool` fixture is gVisor, then bubblewrap).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sftmine.importers.apps import import_apps
from sftmine.importers.codecontests import import_codecontests
from sftmine.importers.taco import import_taco
from sftmine.judge import canonical_program, judge
from sftmine.records import Status, Task
from sftmine.sites import get_site
from sftmine.store import Funnel
from sftmine.tasks import build_all, build_task, read_raw
from sftmine.verify import summarize, verify

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ATCODER = [("abc901", "abc901_a"), ("abc901", "abc901_h"), ("old901", "old901_1")]
AOJ = [("9901", "en", [1, 2, 3]), ("SFT1_1_A", "en", [1, 2]), ("9902", "ja", [])]


def _solution(site: str, name: str) -> list[str]:
    return [(FIXTURES / "sites" / site / f"{name}.py").read_text()]


def atcoder_tasks() -> list[Task]:
    site, tasks = get_site("atcoder"), []
    for contest, slug in ATCODER:
        raw = site.parse(f"https://atcoder.jp/contests/{contest}/tasks/{slug}",
                         (FIXTURES / "sites" / "atcoder" / f"{slug}.html").read_text())
        tasks.append(build_task(dataclasses.replace(raw, solutions=_solution("atcoder", slug))))
    return tasks


def aoj_tasks() -> list[Task]:
    folder, tasks = FIXTURES / "sites" / "aoj", []
    for problem_id, lang, serials in AOJ:
        content = json.dumps({
            "description": json.loads((folder / f"description_{lang}_{problem_id}.json").read_text()),
            "samples": json.loads((folder / f"samples_{problem_id}.json").read_text()),
            "tests": [json.loads((folder / f"testcase_{problem_id}_{i}.json").read_text()) for i in serials]})
        raw = get_site("aoj").parse(f"https://onlinejudge.u-aizu.ac.jp/problems/{problem_id}", content)
        tasks.append(build_task(dataclasses.replace(raw, solutions=_solution("aoj", problem_id))))
    return tasks


def imported_tasks() -> list[Task]:
    folder = FIXTURES / "importers"
    raws = [*import_apps(folder / "apps_train.jsonl"), *import_taco(folder / "taco_test.jsonl"),
            *import_codecontests(folder / "codecontests_train.jsonl")]
    return list(build_all(raws, Funnel(), kind="import")) + list(
        build_all(read_raw(FIXTURES / "tasks" / "raw_problems.jsonl"), Funnel()))


@pytest.fixture(scope="module")
def solved() -> list[Task]:
    tasks = atcoder_tasks() + aoj_tasks() + imported_tasks()
    return [t for t in tasks if t.canonical_solution is not None]


def test_every_fixture_task_passes_with_its_known_solution(pool, solved):
    assert len(solved) == 18
    checks = verify(pool, solved, repeat=1)
    failures = {c.task.task_id: c.reason for c in checks if c.outcome != "passed"}
    assert failures == {}
    assert summarize(checks) == {"tasks": 18, "passed": 18, "failed": 0, "unstable": 0, "sandbox_error": 0}
    styles = {t.style.value for t in solved}
    origins = {c.origin for t in solved for c in t.tests}
    assert styles == {"stdio", "function"} and origins == {"sample", "official", "generated"}


def test_a_wrong_program_fails_and_the_checker_matters(bwrap_pool, solved):
    by_id = {t.task_id: t for t in solved}
    wrong = judge(bwrap_pool, by_id["atcoder/abc901/a"], "print(0)\n")
    assert wrong.status is Status.FAILED and "wrong output" in wrong.detail
    mean = by_id["atcoder/abc901/ex"]  # its solution prints 10 decimals; the samples show 12 or 15
    assert judge(bwrap_pool, mean, canonical_program(mean)).passed
    strict = dataclasses.replace(mean, checker={"kind": "tokens"}, fingerprint=None)
    assert judge(bwrap_pool, strict, canonical_program(strict)).status is Status.FAILED
