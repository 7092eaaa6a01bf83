"""mine-competitive as a library call: the shipped config replays five judges into tasks, incrementally."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from werkzeug import Response

from sftmine.errors import ConfigError
from sftmine.judge import judge
from sftmine.records import Task
from sftmine.scrape import CompetitiveConfig, mine_competitive, summary
from sftmine.store import read_records
from tests.scrape.solutions import known_solutions
from tests.sites.fixture_server import SITES, running

REPO = Path(__file__).resolve().parents[2]
AOJ_LIST = json.loads((REPO / "tests" / "fixtures" / "sites" / "aoj" / "problems.json").read_text())
# Known answers for the recorded sessions: per site (new, fetched, parsed, dropped), then the tasks' funnel.
SCRAPED = {"codeforces": (6, 6, 6, {}), "atcoder": (5, 5, 5, {}), "aoj": (3, 3, 3, {}), "leetcode": (6, 6, 6, {}),
           "codechef": (5, 5, 4, {"parse_error": 1})}
TASKS = {"seen": 24, "kept": 14, "counts": {"style_function": 3, "style_stdio": 11},
         "dropped": {"design": 1, "images": 2, "in_place": 1, "interactive": 2, "pdf_only": 1, "premium": 1,
                     "special_judge": 2}}


@pytest.fixture
def config(monkeypatch) -> CompetitiveConfig:
    monkeypatch.chdir(REPO)  # its replay folders are relative to the repository root, where `make` runs
    return CompetitiveConfig.load(REPO / "pipelines" / "competitive.yaml")


def mine(config: CompetitiveConfig, out: Path):
    return mine_competitive(config, out, progress=False)


def scraped(result) -> dict[str, tuple]:
    return {s.site: (s.new, s.funnel.seen, s.funnel.kept, dict(s.funnel.dropped)) for s in result.scrapes}


def with_site(config: CompetitiveConfig, name: str, **changes) -> CompetitiveConfig:
    sites = tuple(dataclasses.replace(s, **changes) if s.name == name else s for s in config.sites)
    return dataclasses.replace(config, sites=sites)


def test_the_recorded_sessions_of_all_five_judges_become_tasks(config, tmp_path):
    result = mine(config, tmp_path)
    assert scraped(result) == SCRAPED and result.parsed == 24
    assert result.tasks_funnel.to_dict() == TASKS and result.built
    assert all(set(s.requests) == {"replay"} for s in result.scrapes)  # offline: nothing but the recordings
    tasks = [t.task_id for t in read_records(result.paths.tasks, Task)]
    assert sorted(tasks) == sorted(known_solutions())
    on_disk = json.loads((tmp_path / "funnel.json").read_text())
    assert on_disk == json.loads(json.dumps(result.funnel()))
    # the shipped config names its replay folders relative to itself; the funnel records where they are
    assert on_disk["sites"]["aoj"]["source"] == f"replay {REPO / 'tests' / 'fixtures' / 'recorded' / 'aoj'}"
    assert (tmp_path / "scrape" / "raw.jsonl").is_file() and (tmp_path / "tasks.funnel.json").is_file()


def test_a_second_run_with_nothing_new_says_so_and_rewrites_nothing(config, tmp_path):
    first = mine(config, tmp_path)
    outputs = [tmp_path / "tasks.jsonl", tmp_path / "tasks.funnel.json", tmp_path / "scrape" / "codeforces" / "shard-00000.jsonl"]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs}
    again = mine(config, tmp_path)
    assert not again.built and again.parsed == 0
    assert [s.new for s in again.scrapes] == [0] * 5
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs} == before
    assert again.tasks_funnel.to_dict() == first.tasks_funnel.to_dict() == TASKS
    assert "nothing new on 5 site(s)" in summary(again) and "not rebuilt" in summary(again)


def test_new_problems_rebuild_the_tasks_and_so_does_a_lost_run_file(config, tmp_path):
    first = mine(with_site(config, "codeforces", limit=2), tmp_path)
    assert scraped(first)["codeforces"] == (2, 2, 2, {}) and first.tasks_funnel.kept == 13
    second = mine(config, tmp_path)  # no limit: the rest of Codeforces is new
    assert second.built and scraped(second)["codeforces"] == (4, 4, 4, {})
    assert second.tasks_funnel.to_dict() == TASKS
    tasks = (tmp_path / "tasks.jsonl").read_bytes()
    (tmp_path / "funnel.json").unlink()  # as a run killed after build-tasks, before its own funnel
    third = mine(config, tmp_path)
    assert third.built and (tmp_path / "tasks.jsonl").read_bytes() == tasks


def test_live_sites_through_a_local_stand_in_give_the_same_tasks_and_later_the_new_ones(config, tmp_path):
    replayed = mine(config, tmp_path / "replayed")
    faults: dict = {}
    with running(faults) as served:
        live = CompetitiveConfig.from_dict({"sites": dict.fromkeys(SITES), "net": {
            "redirects": served.redirects, "delays": {}, "default_delay": 0}})
        first = mine(live, tmp_path / "live")
        again = mine(live, tmp_path / "live")
        faults["/problems"] = lambda request: Response(json.dumps(AOJ_LIST + [{"id": "9904", "name": "New"}]),
                                                       content_type="application/json")
        later = mine(live, tmp_path / "live")
    assert scraped(first) == SCRAPED and all("network" in s.requests for s in first.scrapes)
    assert fingerprints(first) == fingerprints(replayed)  # the recordings are what the sites serve
    # Nothing new: robots.txt and the listings are revalidated (304), every page comes from the cache.
    assert not again.built and {s.site: set(s.requests) for s in again.scrapes} == dict.fromkeys(SITES, {"cache"})
    # A problem added to a listing is seen by the next run (the listing is never trusted from the cache).
    assert scraped(later)["aoj"] == (1, 1, 0, {"http_404": 1}) and later.parsed == 0


def fingerprints(result) -> list[tuple[str, str]]:
    return sorted((t.task_id, t.fingerprint) for t in read_records(result.paths.tasks, Task))


def test_a_replayed_site_is_never_continued_live_in_the_same_folder(config, tmp_path):
    mine(config, tmp_path)
    mine(dataclasses.replace(config, sites=config.sites[:1]), tmp_path)  # a run of Codeforces alone forgets nothing
    with pytest.raises(ConfigError) as err:
        mine(with_site(config, "atcoder", replay=None), tmp_path)
    assert str(err.value) == (f"sites.atcoder: {tmp_path}/scrape/atcoder was scraped from replay "
                              f"{REPO}/tests/fixtures/recorded/atcoder, now from live; use another --out (or delete "
                              f"{tmp_path}/scrape/atcoder) to start that site afresh")


def test_every_task_passes_its_tests_in_the_sandbox_with_a_known_solution(config, tmp_path, bwrap_pool):
    """Done-when: the built tasks' sample (and official) tests pass with correct programs, and catch wrong ones."""
    tasks = {t.task_id: t for t in read_records(mine(config, tmp_path).paths.tasks, Task)}
    solutions = known_solutions()
    verdicts = {tid: judge(bwrap_pool, task, task.prompt + "\n\n" + solutions[tid]) for tid, task in tasks.items()}
    assert {tid: v.status.value for tid, v in verdicts.items()} == dict.fromkeys(solutions, "passed")
    origins = {str(c.origin) for t in tasks.values() for c in t.tests}
    assert origins == {"sample", "official"}  # AOJ serves official test data too
    for tid, wrong in (("codeforces/1901/A", "n, k = map(int, input().split())\nprint(n // k)\n"),
                       ("aoj/9901", "print(0)\n"),
                       ("leetcode/reverse-each-word", "def reverseEachWord(s):\n    return s[::-1]\n")):
        assert judge(bwrap_pool, tasks[tid], tasks[tid].prompt + "\n\n" + wrong).status.value == "failed", tid
