"""CodeChef: problem API answers (components or a Markdown body), the problem list, broken answers."""

from __future__ import annotations

import json

import pytest

import sftmine.sites.codechef as codechef
from sftmine.errors import ParseError
from sftmine.sites import get_site
from tests.sites.fixture_server import FIXTURES, running

PROBLEMS = FIXTURES / "codechef" / "api" / "contests" / "PRACTICE" / "problems"


def answer(code: str) -> dict:
    return json.loads((PROBLEMS / f"{code}.json").read_text())


def parse(code: str, content: dict | str | None = None, url: str | None = None):
    content = answer(code) if content is None else content
    text = content if isinstance(content, str) else json.dumps(content)
    return get_site("codechef").parse(url or f"https://www.codechef.com/problems/{code}", text)


def test_problem_components():
    p = parse("SFTSUM2")
    assert (p.problem_id, p.title, p.time_limit_s, p.rating, p.difficulty) == (
        "SFTSUM2", "Sum of Two Smallest", 1.0, 1012, "Beginner")
    assert p.statement == "Chef has an array $A$ of $N$ integers. Find the sum of its two smallest elements."
    assert p.input_spec.startswith("- The first line contains $T$") and "\r" not in p.input_spec
    assert p.constraints.splitlines()[-1] == "- $1 \\leq A_i \\leq 10^9$"
    assert p.samples == [{"input": "2\n3\n5 1 3\n2\n7 7\n", "output": "4\n14\n"}]
    assert p.tags == ["array", "sorting", "Arrays"]  # not the setter's handle, not the contest code
    assert p.flags == {}


def test_markdown_body_of_an_older_problem():
    p = parse("SFTCANDY")
    assert p.statement == ("Chef packs $X$ candies (see candy) into boxes of $K$ candies each and eats what is "
                           "left over. How many candies does Chef eat?")  # no links, translations, notes, notices
    assert p.input_spec.startswith("- The first line of the input contains a single integer $T$")
    assert p.output_spec.startswith("For each test case, print a single line")
    assert p.constraints == "- $1 \\leq T \\leq 10^5$\n- $1 \\leq X, K \\leq 10^9$"
    assert p.samples == [{"input": "3\n10 3\n9 3\n1 5\n", "output": "1\n0\n1\n"}]
    assert (p.time_limit_s, p.tags) == (2.0, ["math"])  # not the difficulty class "cakewalk"


def test_html_body_of_an_old_problem():
    p = parse("SFTPAIRS")
    assert p.statement == ("Chef has N boxes in a row; the i-th box holds A_{i} apples. Chef calls a pair of "
                           "neighbouring boxes balanced when they hold the same number of apples.\n\n"
                           "Count the balanced pairs.")  # no translation links, no site notice
    assert p.input_spec.startswith("The first line of the input contains an integer T denoting")
    assert p.input_spec.endswith("A_{1}, A_{2}, ..., A_{N}.")
    assert p.output_spec == "For each test case, output a single line containing the number of balanced pairs."
    assert p.constraints == "- 1 ≤ T ≤ 100\n- 2 ≤ N ≤ 10^{5}\n- 1 ≤ A_{i} ≤ 10^{9}"
    assert p.samples == [{"input": "2\n4\n1 1 2 2\n3\n5 6 5\n", "output": "2\n0\n"},
                         {"input": "1\n2\n7 7\n", "output": "1\n"}]
    assert p.flags == {} and p.difficulty == "easy"


def test_tags_leave_out_handles_contest_codes_and_difficulty_words():
    # the author's handle with a stray space, an editorialist's handle, "cook71", "easy" and "simple"
    assert parse("SFTPAIRS").tags == ["ad-hoc"]


def test_samples_from_the_body_when_the_api_has_none():
    content = answer("SFTCANDY")
    content["problemComponents"]["sampleTestCases"] = {}
    assert parse("SFTCANDY", content).samples == [{"input": "3\n10 3\n9 3\n1 5\n", "output": "1\n0\n1\n"}]
    table = answer("SFTSUM2")
    table["problemComponents"] = {}
    assert parse("SFTSUM2", table).samples == [{"input": "2\n3\n5 1 3\n2\n7 7\n", "output": "4\n14\n"}]


def test_numeric_sample_output_and_deleted_samples():
    content = answer("SFTCANDY")
    content["problemComponents"]["sampleTestCases"] = {
        "0": {"id": 1, "input": "1\r\n4 2", "output": 0, "isDeleted": False},
        "1": {"id": 2, "input": "9", "output": "9", "isDeleted": True}}
    assert parse("SFTCANDY", content).samples == [{"input": "1\n4 2\n", "output": "0\n"}]


def test_flags():
    assert parse("SFTPDF").flags == {"pdf_only": True}
    assert parse("SFTPERM").flags == {"special_judge": True}
    content = answer("SFTSUM2")
    content["problemComponents"]["statement"] += "\n\n![grid](https://cdn.codechef.com/grid.png)"
    assert parse("SFTSUM2", content).flags == {"images": True}


def test_contest_url_and_api_url():
    url = "https://www.codechef.com/START101/problems/SFTSUM2"
    assert parse("SFTSUM2", url=url).contest_id == "START101"
    assert parse("SFTSUM2", url="file:///saved.json").problem_id == "SFTSUM2"


def test_error_answers_name_what_the_api_said():
    with pytest.raises(ParseError) as err:
        parse("SFTHIDE")
    assert err.value.missing == '"status": "success" (the API said: Problem is not visible now. Please try again later.)'
    with pytest.raises(ParseError, match="a complete JSON response"):
        parse("SFTSUM2", json.dumps(answer("SFTSUM2"))[:300])


def test_listing_pages_by_id_and_fetch_uses_the_contest_api(monkeypatch):
    monkeypatch.setattr(codechef, "PAGE", 2)  # five problems: three pages
    site = get_site("codechef")
    with running() as served, served.client() as c:
        urls = list(site.problem_urls(c, since="51002"))
        problem = site.parse(urls[-1], site.fetch(c, "https://www.codechef.com/START102/problems/SFTPERM"))
        asked = served.paths("codechef")
    assert urls == [codechef.problem_url(c) for c in ("SFTPDF", "SFTHIDE", "SFTPERM")]
    assert asked.count("/api/list/problems") == 3 and asked[-1] == "/api/contests/START102/problems/SFTPERM"
    assert site.watermark(problem) == "51005" and problem.extra["list_id"] == "51005"
