"""Codeforces: page parser on fixtures modelled on real pages, the API listing, broken pages."""

from __future__ import annotations

import json

import pytest

from sftmine.errors import ParseError
from sftmine.sites import get_site, site_for_url
from sftmine.tasks.screen import drop_reason
from tests.sites.fixture_server import FIXTURES, running

PAGES = FIXTURES / "codeforces" / "problemset" / "problem"
URL = "https://codeforces.com/problemset/problem/{}"


def parse(problem: str, html: str | None = None, url: str | None = None):
    html = html if html is not None else (PAGES / f"{problem}.html").read_text()
    return get_site("codeforces").parse(url or URL.format(problem), html)


def test_single_sample_page():
    p = parse("1901/A")
    assert (p.problem_id, p.contest_id, p.title) == ("1901/A", "1901", "Box Packing")
    assert (p.time_limit_s, p.memory_mb) == (1.0, 256)
    assert p.samples == [{"input": "7 3\n", "output": "3\n"}]
    assert p.statement.startswith("A warehouse has $n$ identical items")
    assert p.input_spec == "The only line contains two integers $n$ and $k$ ($1 \\le n, k \\le 10^9$)."
    assert p.output_spec == "Print one integer — the minimum number of boxes."
    assert p.flags == {} and p.extra["note"].startswith("Two full boxes hold $6$ items")
    assert (p.tags, p.rating) == (["math"], 800)  # the sidebar of a bare page


def test_multi_test_sample_lines_are_joined_and_tex_is_kept():
    p = parse("1901/B")
    assert p.samples == [{"input": "3\n4\n1 2 3 4\n1\n-5\n3\n10 20 30\n", "output": "-2\n-5\n20\n"}]
    assert "$$a_1 - a_2 + a_3 - \\ldots + (-1)^{n+1} a_n.$$" in p.statement  # display TeX
    assert "$a_1, a_2, \\ldots, a_n$" in p.statement and "$$$" not in p.statement + p.input_spec
    assert (p.time_limit_s, p.memory_mb) == (2.0, 512)


def test_interactive_problem_is_flagged():
    p = parse("1901/C")
    assert p.flags == {"interactive": True}
    assert "flush the output" in p.extra["interaction"]


def test_old_page_with_br_lines_and_two_samples_in_one_block():
    p = parse("1902/A")
    assert p.samples == [{"input": "1 1\n", "output": "12.566370614\n"},
                         {"input": "10 5\n", "output": "94.247779608\n"}]
    assert (p.time_limit_s, p.memory_mb) == (0.5, 64)
    assert p.flags == {"float_tolerance": {"abs": 1e-6, "rel": 1e-6}}


def test_image_in_legend_and_any_answer_are_flagged():
    assert parse("1902/B").flags == {"images": 1}
    assert parse("1902/C").flags == {"special_judge": True}


def test_file_io_is_flagged():
    html = (PAGES / "1901/A.html").read_text().replace("</div>standard input</div>", "</div>input.txt</div>")
    assert parse("1901/A", html).flags == {"file_io": True}


def test_old_round_keeps_verbatim_lines_text_after_headings_and_stdin_is_the_console():
    p = parse("17/D")
    assert p.flags == {}  # "stdin"/"stdout" in the header of an old round name the console, not files
    assert p.statement == ("Little Vasya draws staircases of height n with hashes. A staircase of height 3 "
                           "looks like this:\n\n    #\n    ##\n    ###\n\nHelp him draw one.")
    assert p.input_spec == "The only line contains an integer n (1 ≤ n ≤ 100)."  # not wrapped in <p>
    assert p.output_spec == "Print n lines, the i-th of them of i hashes, as in\n\n    #\n    ##\n\nfor n = 2."
    assert p.extra["note"].endswith("at the bottom:\n\n    #\n    ##\n    ###\n    ####")
    assert p.samples == [{"input": "1\n", "output": "#\n"}, {"input": "4\n", "output": "#\n##\n###\n####\n"}]


def test_russian_console_names_are_not_files():
    html = (PAGES / "17/D.html").read_text().replace(">stdin<", ">стандартный ввод<")
    assert parse("17/D", html.replace(">stdout<", ">стандартный вывод<")).flags == {}


def test_problem_without_examples_parses_and_screening_drops_it():
    p = parse("1817/A")
    assert p.samples == [] and p.statement.startswith("There is no input in this problem.")
    assert p.output_spec == "Print one integer."
    assert drop_reason(p) == "no_samples"


def test_api_row_in_the_fetched_object_gives_tags_rating_and_contest():
    row = {"contestId": 1901, "index": "C", "name": "Hidden Number", "type": "PROGRAMMING", "rating": 1200,
           "tags": ["binary search", "interactive"]}
    content = json.dumps({"html": (PAGES / "1901/C.html").read_text(), "problem": row,
                          "contest": {"id": 1901, "name": "Fixture Round 1"}})
    p = parse("1901/C", content)
    assert (p.tags, p.rating, p.extra["contest_name"]) == (["binary search", "interactive"], 1200, "Fixture Round 1")


def test_saved_page_without_url_is_named_by_its_title():
    p = parse("1901/A", url="file:///tmp/saved.html")
    assert (p.problem_id, p.contest_id) == ("1901/A", "1901")


def test_contest_urls_are_claimed_too():
    assert site_for_url("https://codeforces.com/contest/1901/problem/B").name == "codeforces"
    assert parse("1901/B", url="https://codeforces.com/contest/1901/problem/B").problem_id == "1901/B"


@pytest.mark.parametrize("cut, missing", [
    ("<div class=\"sample-tests\">", "div.sample-test"),
    ("<div class=\"output\"><div class=\"title\">Output", "div.output pre for sample 1"),
    ("<div class=\"time-limit\">", "div.time-limit"),
    ("<div class=\"ttypography\">", "div.problem-statement"),
])
def test_truncated_page_names_the_missing_element(cut, missing):
    html = (PAGES / "1901/B.html").read_text()
    truncated = html[:html.index(cut)]
    with pytest.raises(ParseError) as err:
        parse("1901/B", truncated)
    assert (err.value.site, err.value.url, err.value.missing) == ("codeforces", URL.format("1901/B"), missing)
    assert str(err.value) == f"codeforces: cannot parse {URL.format('1901/B')}: missing {missing}"


def test_changed_layout_is_a_parse_error():
    html = (PAGES / "1901/A.html").read_text().replace("problem-statement", "problem-text")
    with pytest.raises(ParseError, match="missing div.problem-statement"):
        parse("1901/A", html)
    with pytest.raises(ParseError, match="missing a number in div.memory-limit"):
        parse("1901/A", (PAGES / "1901/A.html").read_text().replace("256 megabytes", "lots"))


def test_listing_skips_running_contests_and_starts_after_the_watermark():
    site = get_site("codeforces")
    with running() as served, served.client() as client:
        everything = list(site.problem_urls(client))
        after = list(site.problem_urls(client, since="1901", limit=2))
    assert everything == [URL.format(p) for p in ("1901/A", "1901/B", "1901/C", "1902/A", "1902/B", "1902/C")]
    assert after == [URL.format("1902/A"), URL.format("1902/B")]


def test_fetch_wraps_the_page_with_its_api_row():
    site = get_site("codeforces")
    with running() as served, served.client() as client:
        content = site.fetch(client, URL.format("1901/C"))  # no listing first: fetch loads it itself
    p = site.parse(URL.format("1901/C"), content)
    assert (p.rating, p.tags, p.extra["contest_name"]) == (1200, ["binary search", "interactive"],
                                                            "Sftmine Fixture Round 1 (Div. 3)")


def test_api_failure_is_a_parse_error():
    from werkzeug import Response

    failed = {"/api/problemset.problems": lambda r: Response('{"status": "FAILED", "comment": "Call limit"}')}
    with running(failed) as served, served.client() as client:
        with pytest.raises(ParseError, match="Call limit"):
            list(get_site("codeforces").problem_urls(client))
