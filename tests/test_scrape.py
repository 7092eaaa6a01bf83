"""The scrape loop: record/replay, watermarks across runs, kills, broken pages, cache, rate limit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from werkzeug import Response

from sftmine.net import Client, NetConfig
from sftmine.scrape import ScrapeState, scrape
from sftmine.sites import get_site
from sftmine.sites.codeforces import Codeforces
from sftmine.store.jsonl import read_jsonl
from tests.sites.fixture_server import FIXTURES, RECORDED, SITES, running

CF = "https://codeforces.com/problemset/problem/{}"
ALL_CF = ["1901/A", "1901/B", "1901/C", "1902/A", "1902/B", "1902/C"]


def replay(folder: Path) -> Client:
    return Client(NetConfig(mode="replay", recordings=folder))


def raw(out: Path) -> list[dict]:
    return list(read_jsonl(out / "raw.jsonl"))


def ids(out: Path) -> list[str]:
    return [r["problem_id"] for r in raw(out)]


def test_a_recorded_scrape_replays_offline_to_identical_raw_problems(tmp_path):
    with running() as served:
        for site in SITES:
            with served.client(mode="record", recordings=tmp_path / "rec" / site) as client:
                scrape(get_site(site), client, tmp_path / "live", progress=False)
    dropped = {}
    for site in SITES:  # the server is gone: replay must not need it
        with replay(tmp_path / "rec" / site) as client:
            result = scrape(get_site(site), client, tmp_path / "again", progress=False)
            assert set(client.stats) == {"replay"}
        dropped[site] = dict(result.funnel.dropped)
    assert (tmp_path / "again" / "raw.jsonl").read_bytes() == (tmp_path / "live" / "raw.jsonl").read_bytes()
    assert len(raw(tmp_path / "again")) == 6 + 6 + 4 + 5 + 3  # codeforces, leetcode, codechef, atcoder, aoj
    assert dropped == {"codeforces": {}, "leetcode": {}, "codechef": {"parse_error": 1}, "atcoder": {}, "aoj": {}}


def test_committed_recordings_match_the_fixtures(tmp_path):
    """tests/fixtures/recorded replays to what the fixtures serve today (regenerate it when they change)."""
    for site in SITES:
        with replay(RECORDED / site) as client:
            scrape(get_site(site), client, tmp_path / "replayed", progress=False)
    with running() as served, served.client() as client:
        for site in SITES:
            scrape(get_site(site), client, tmp_path / "served", progress=False)
    strip = [{k: v for k, v in r.items() if k != "fetched_at"} for r in raw(tmp_path / "replayed")]
    assert strip == [{k: v for k, v in r.items() if k != "fetched_at"} for r in raw(tmp_path / "served")]


def test_limit_and_watermark_continue_where_the_last_run_stopped(tmp_path):
    out, site = tmp_path / "out", "codeforces"
    runs = []
    for limit in (2, 2, None):
        with replay(RECORDED / site) as client:
            result = scrape(get_site(site), client, out, limit=limit, progress=False)
        state = ScrapeState.load(out / site / "state.json", site)
        runs.append((result.funnel.kept, state.watermark, [u.rsplit("problem/")[1] for u in state.partial]))
    assert runs == [(2, None, ["1901/A", "1901/B"]),  # contest 1901 is not finished: no watermark yet
                    (2, "1901", ["1902/A"]),  # 1901 done; 1902 cut after A
                    (2, "1902", [])]
    assert ids(out) == ALL_CF


def test_since_overrides_the_stored_watermark(tmp_path):
    with replay(RECORDED / "codeforces") as client:
        scrape(get_site("codeforces"), client, tmp_path, since="1901", progress=False)
    assert ids(tmp_path) == ["1902/A", "1902/B", "1902/C"]


class Killed(Codeforces):
    """Codeforces that dies (like Ctrl-C) when it reaches a given problem."""

    kill_at: str | None = None

    def fetch(self, client, url):
        if url == self.kill_at:
            raise KeyboardInterrupt
        return super().fetch(client, url)


def test_a_killed_run_loses_nothing_and_duplicates_nothing(tmp_path):
    site = Killed()
    site.kill_at = CF.format("1902/A")
    with replay(RECORDED / "codeforces") as client, pytest.raises(KeyboardInterrupt):
        scrape(site, client, tmp_path, batch=2, progress=False)
    state = ScrapeState.load(tmp_path / "codeforces" / "state.json", "codeforces")
    assert state.shards == 1 and len(state.done) == 2  # the batch in flight was not committed
    site.kill_at = None
    with replay(RECORDED / "codeforces") as client:
        scrape(site, client, tmp_path, batch=2, progress=False)
    assert ids(tmp_path) == ALL_CF
    shards = sorted((tmp_path / "codeforces").glob("shard-*.jsonl"))
    assert sorted(r["problem_id"] for s in shards for r in read_jsonl(s)) == ALL_CF


def test_a_kill_between_shard_and_state_rewrites_the_same_shard(tmp_path, monkeypatch):
    saves = []
    original = ScrapeState.save

    def save(self, path):
        saves.append(path)
        if len(saves) == 2:
            raise KeyboardInterrupt  # the second batch's shard is on disk, its state is not
        original(self, path)

    monkeypatch.setattr(ScrapeState, "save", save)
    with replay(RECORDED / "codeforces") as client, pytest.raises(KeyboardInterrupt):
        scrape(get_site("codeforces"), client, tmp_path, batch=2, progress=False)
    monkeypatch.setattr(ScrapeState, "save", original)
    with replay(RECORDED / "codeforces") as client:
        scrape(get_site("codeforces"), client, tmp_path, batch=2, progress=False)
    shards = sorted((tmp_path / "codeforces").glob("shard-*.jsonl"))
    assert [p.name for p in shards] == ["shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    assert sorted(r["problem_id"] for s in shards for r in read_jsonl(s)) == ALL_CF


def test_broken_pages_are_dropped_with_a_reason_and_retried_next_run(tmp_path):
    page = (FIXTURES / "codeforces/problemset/problem/1901/B.html").read_text()
    faults = {"/problemset/problem/1901/B": lambda r: Response(page[: len(page) // 2], content_type="text/html"),
              "/problemset/problem/1902/C": lambda r: Response("down", status=503)}
    with running(faults) as served, served.client(retries=1, backoff=0.0) as client:
        result = scrape(get_site("codeforces"), client, tmp_path, progress=False)
    state = ScrapeState.load(tmp_path / "codeforces" / "state.json", "codeforces")
    assert result.funnel.dropped == {"parse_error": 1, "http_503": 1}
    assert state.failed[CF.format("1901/B")] == (
        f"codeforces: cannot parse {CF.format('1901/B')}: missing div.sample-test")
    assert "HTTP 503" in state.failed[CF.format("1902/C")]
    assert ids(tmp_path) == ["1901/A", "1901/C", "1902/A", "1902/B"]  # no half record of the broken ones
    assert all(r["samples"] for r in raw(tmp_path))
    with running() as served, served.client() as client:  # the site is fixed: the failures are retried first
        again = scrape(get_site("codeforces"), client, tmp_path, progress=False)
    assert (again.funnel.kept, again.new) == (2, 0)
    assert sorted(ids(tmp_path)) == ALL_CF
    assert ScrapeState.load(tmp_path / "codeforces" / "state.json", "codeforces").failed == {}


def test_unrecorded_pages_in_replay_are_dropped_as_not_recorded(tmp_path):
    recording = tmp_path / "rec"
    shutil.copytree(RECORDED / "codeforces", recording)
    next(recording.rglob("GET-problemset-problem-1902-B-*.json")).unlink()
    with replay(recording) as client:
        result = scrape(get_site("codeforces"), client, tmp_path / "out", progress=False)
    assert result.funnel.dropped == {"not_recorded": 1} and result.funnel.kept == 5


def test_cached_pages_are_not_fetched_again(tmp_path):
    cache = tmp_path / "http.sqlite"
    with running() as served:
        with served.client(cache=cache) as client:
            scrape(get_site("codeforces"), client, tmp_path / "first", progress=False)
        pages_before = served.count("codeforces") - 3  # minus robots.txt and the two listings
        with served.client(cache=cache) as client:  # a fresh output folder: every problem is new again
            scrape(get_site("codeforces"), client, tmp_path / "second", progress=False)
            stats = dict(client.stats)
        pages_after = sum(p.startswith("/problemset") for p in served.paths("codeforces"))
    assert pages_before == pages_after == 6  # the second run asked for no page
    assert stats["cache"] == 6 + 3  # pages, plus robots.txt and both listings revalidated (304)


def test_a_scrape_keeps_the_per_host_delay(tmp_path):
    with running() as served, served.client(delays={"codeforces.com": 0.25}) as client:
        scrape(get_site("codeforces"), client, tmp_path, progress=False)
        gaps = served.gaps("codeforces")
    # Arrival times at the server carry thread-scheduling jitter; without the throttle the gaps are ~1 ms.
    assert len(gaps) == 8 and min(gaps) >= 0.25 - 0.04, gaps


def test_funnel_and_state_files(tmp_path):
    with replay(RECORDED / "codechef") as client:
        result = scrape(get_site("codechef"), client, tmp_path, progress=False)
    funnel = json.loads((tmp_path / "codechef" / "funnel.json").read_text())
    assert funnel == {"site": "codechef", "listed": 5, "new": 5, "seen": 5, "kept": 4, "dropped": {"parse_error": 1},
                      "counts": {"flag:pdf_only": 1, "flag:special_judge": 1}}
    assert result.to_dict()["watermark"] == "51005"
    assert "codechef: 5 new problem(s) of 5 listed; seen 5, kept 4" in result.message()


@pytest.mark.parametrize("marks, complete, watermark, partial", [
    (["1", "1", "2"], True, "2", []),
    (["1", "1", "2"], False, "1", ["c"]),
    (["1", "1"], False, "0", ["old", "a", "b"]),
    ([], False, "0", ["old"]),
])
def test_watermark_advances_only_past_finished_groups(marks, complete, watermark, partial):
    state = ScrapeState("x", watermark="0", partial=["old"])
    state.advance(marks, complete, ["a", "b", "c"][: len(marks)])
    assert (state.watermark, state.partial) == (watermark, partial)


def test_a_corrupt_state_file_is_a_clear_error(tmp_path):
    from sftmine.errors import InputFileError

    (tmp_path / "codeforces").mkdir()
    (tmp_path / "codeforces" / "state.json").write_text("{half")
    with replay(RECORDED / "codeforces") as client, pytest.raises(InputFileError, match="not a scrape state file"):
        scrape(get_site("codeforces"), client, tmp_path, progress=False)


def test_raw_jsonl_leaves_out_a_shard_whose_batch_was_not_committed(tmp_path):
    from sftmine.scrape import merge

    with replay(RECORDED / "codeforces") as client:
        scrape(get_site("codeforces"), client, tmp_path, batch=3, progress=False)
    stray = tmp_path / "codeforces" / "shard-00002.jsonl"  # as a kill after the shard, before the state
    stray.write_text((tmp_path / "codeforces" / "shard-00000.jsonl").read_text().replace("1901/", "1999/"))
    assert merge(tmp_path) == 6 and "1999/" not in (tmp_path / "raw.jsonl").read_text()


def test_two_scrapes_into_one_folder_do_not_run_at_once(tmp_path):
    from sftmine.errors import StageLockedError
    from sftmine.store.run import RunLock

    with RunLock(tmp_path), replay(RECORDED / "codeforces") as client:
        with pytest.raises(StageLockedError, match="another sftmine run is writing here"):
            scrape(get_site("codeforces"), client, tmp_path, progress=False)
