"""AtCoder: whole task pages (fixtures modelled on atcoder.jp), listing through the real client, errors."""

from __future__ import annotations

import pytest

from sftmine.errors import ParseError
from sftmine.sites import get_site, site_for_url
from sftmine.sites.atcoder import archive_page, limits, task_urls
from tests.sites.fixture_server import fixture_text, running

BASE = "https://atcoder.jp/contests"


def parse(slug: str, contest: str = "abc901"):
    return get_site("atcoder").parse(f"{BASE}/{contest}/tasks/{slug}", fixture_text("atcoder", f"{slug}.html"))


def test_task_page():
    raw = parse("abc901_a")
    assert (raw.site, raw.problem_id, raw.contest_id) == ("atcoder", "abc901/a", "abc901")
    assert raw.url == f"{BASE}/abc901/tasks/abc901_a"
    assert raw.title == "Sum of Integers"
    assert (raw.time_limit_s, raw.memory_mb) == (2.0, 1024)
    # the ja and en halves repeat the samples; each appears once
    assert raw.samples == [{"input": "3\n1 2 3\n", "output": "6\n"}, {"input": "4\n-5 10 -20 7\n", "output": "-8\n"},
                           {"input": "1\n1000\n", "output": "1000\n"}]
    assert raw.statement.startswith("You are given an integer sequence $A=(A_1,A_2,\\ldots,A_N)$")
    assert raw.constraints.splitlines() == ["- $1 \\leq N \\leq 100$", "- $-1000 \\leq A_i \\leq 1000$",
                                            "- All values in the input are integers."]
    assert raw.input_spec.endswith("    N\n    A_1 A_2 \\ldots A_N")
    assert raw.flags == {}


def test_index_ex_mib_and_float_tolerance():
    raw = parse("abc901_h")
    assert (raw.problem_id, raw.title) == ("abc901/ex", "Mean Distance")
    assert (raw.time_limit_s, raw.memory_mb) == (3.0, 1024)
    assert raw.flags == {"float_tolerance": {"abs": 1e-6, "rel": 1e-6}, "images_elsewhere": 1}


def test_old_japanese_page_without_language_halves():
    raw = parse("old901_1", contest="old901")
    assert (raw.problem_id, raw.title, raw.memory_mb) == ("old901/a", "最大の数", 256)
    assert raw.samples == [{"input": "3 -7 2\n", "output": "3\n"}, {"input": "-5 -5 -9\n", "output": "-5\n"}]


def test_flags_of_interactive_and_image_pages():
    assert parse("abc901_g").flags["interactive"] is True
    assert parse("abc901_f").flags == {"images": 1}


@pytest.mark.parametrize("text, expected", [
    ("Time Limit: 2 sec / Memory Limit: 1024 MB", (2.0, 1024)),
    ("Time Limit: 2.5 sec / Memory Limit: 1024 MiB", (2.5, 1024)),
    ("実行時間制限: 500 msec / メモリ制限: 64 MB", (0.5, 64)),
    ("Time Limit: 4 sec / Memory Limit: 262144 KiB", (4.0, 256)),
    ("Time Limit: 1 sec / Memory Limit: 2 GB", (1.0, 2000))])
def test_limits(text, expected):
    assert limits("atcoder", "u", text) == expected


@pytest.mark.parametrize("fixture, missing", [
    ("broken_layout.html", "div#task-statement"), ("broken_truncated.html", "div#task-statement")])
def test_changed_or_truncated_page_names_site_url_and_element(fixture, missing):
    url = f"{BASE}/abc901/tasks/abc901_a"
    with pytest.raises(ParseError) as err:
        get_site("atcoder").parse(url, fixture_text("atcoder", fixture))
    assert (err.value.site, err.value.url) == ("atcoder", url)
    assert missing in str(err.value) and url in str(err.value)


def test_other_parse_errors():
    site = get_site("atcoder")
    with pytest.raises(ParseError, match="span.h2"):
        site.parse(f"{BASE}/abc901/tasks/abc901_a", "<html><body><div id='task-statement'></div></body></html>")
    with pytest.raises(ParseError, match="Time Limit"):
        site.parse(f"{BASE}/abc901/tasks/abc901_a",
                   "<html><body><span class='h2'>A - T</span><div id='task-statement'></div></body></html>")
    with pytest.raises(ParseError, match="empty"):
        site.parse(f"{BASE}/abc901/tasks/abc901_a", "")
    with pytest.raises(ParseError, match="task URL"):
        site.parse("https://atcoder.jp/contests/abc901", fixture_text("atcoder", "abc901_a.html"))


def test_url_claims():
    assert site_for_url(f"{BASE}/abc308/tasks/abc308_a").name == "atcoder"
    assert not get_site("atcoder").claims("https://atcoder.jp/contests/abc308")


def test_listing_pages_are_pure():
    assert archive_page(fixture_text("atcoder", "archive_page1.html")) == (["abc901"], 2)
    assert task_urls(fixture_text("atcoder", "tasks_abc901.html"), "abc901") == [
        f"{BASE}/abc901/tasks/abc901_{t}" for t in ("a", "f", "g", "h")]


def test_problem_urls_and_fetch_through_the_client():
    site = get_site("atcoder")
    with running() as served, served.client() as client:
        urls = list(site.problem_urls(client))
        assert urls == [f"{BASE}/old901/tasks/old901_1"] + [f"{BASE}/abc901/tasks/abc901_{t}" for t in "afgh"]
        assert served.paths("atcoder", query=True)[:3] == [
            "/robots.txt", "/contests/archive?page=1", "/contests/archive?page=2"]
        # the watermark is the newest contest already scraped: only later contests, and at most `limit` tasks
        assert list(site.problem_urls(client, since="old901", limit=2)) == urls[1:3]
        raw = site.parse(urls[-1], site.fetch(client, urls[-1]))
    assert raw.problem_id == "abc901/ex" and site.watermark(raw) == "abc901"
