"""LeetCode: GraphQL answers as function-style problems; premium and design problems flagged."""

from __future__ import annotations

import json

import pytest

import sftmine.sites.leetcode as leetcode
from sftmine.errors import ParseError
from sftmine.sites import get_site
from tests.sites.fixture_server import FIXTURES, running

QUESTIONS = FIXTURES / "leetcode" / "graphql" / "question"


def answer(slug: str) -> dict:
    return json.loads((QUESTIONS / f"{slug}.json").read_text())


def parse(slug: str, content: dict | str | None = None):
    content = answer(slug) if content is None else content
    text = content if isinstance(content, str) else json.dumps(content)
    return get_site("leetcode").parse(f"https://leetcode.com/problems/{slug}/", text)


def test_function_problem_from_pre_examples():
    p = parse("pair-with-target-sum")
    assert (p.problem_id, p.title, p.difficulty, p.entry_point) == (
        "pair-with-target-sum", "Pair With Target Sum", "Easy", "pairWithTargetSum")
    assert p.starter_code.startswith("class Solution:\n    def pairWithTargetSum(self, nums: List[int]")
    assert p.function_tests == [
        {"args": "[[3, 8, 1, 5], 9]", "expected": "[1, 2]", "origin": "sample"},
        {"args": "[[4, 4], 8]", "expected": "[0, 1]", "origin": "sample"},
        {"args": "[[-2, 7, 0, 2], 0]", "expected": "[0, 3]", "origin": "sample"}]
    assert p.constraints.startswith("- 2 <= nums.length <= 10^{4}")
    assert p.tags == ["Array", "Hash Table"] and p.flags == {} and p.extra["frontend_id"] == "9001"


def test_function_problem_from_example_blocks():
    p = parse("reverse-each-word")
    assert p.function_tests == [{"args": "['the sky']", "expected": "'eht yks'", "origin": "sample"},
                                {"args": "['a']", "expected": "'a'", "origin": "sample"}]
    assert "Return the string with the letters of every word reversed" in p.statement


def test_double_result_gets_a_float_tolerance():
    p = parse("mean-of-positive-numbers")
    assert p.flags == {"float_tolerance": {"abs": 1e-5}}
    assert [t["expected"] for t in p.function_tests] == ["2.5", "7.0"]


def test_design_premium_and_in_place_problems_are_flagged_without_tests():
    design, premium, in_place = parse("ticket-counter"), parse("locked-garden"), parse("rotate-left-in-place")
    assert design.flags == {"design": True} and not design.function_tests and design.entry_point is None
    assert premium.flags == {"premium": True} and premium.statement == ""
    assert in_place.flags == {"in_place": True} and not in_place.function_tests


def test_example_testcases_without_the_list_are_split_by_parameter_count():
    content = answer("pair-with-target-sum")
    content["data"]["question"]["exampleTestcaseList"] = None
    assert parse("pair-with-target-sum", content).function_tests[1]["args"] == "[[4, 4], 8]"


def test_sample_test_case_alone_gives_the_first_example():
    p = parse("count-vowels")  # an answer with `sampleTestCase` only, as older API versions gave
    assert p.entry_point == "countVowels"
    assert p.function_tests == [{"args": "['leetcode']", "expected": "4", "origin": "sample"}]


def test_any_order_is_a_special_judge():
    content = answer("pair-with-target-sum")
    q = content["data"]["question"]
    q["content"] = q["content"].replace("Exactly one such pair exists.", "You may return the answer in any order.")
    assert parse("pair-with-target-sum", content).flags == {"special_judge": True}


@pytest.mark.parametrize("change, missing", [
    (lambda q: q.update(content=q["content"].replace("<strong>Output:</strong> [0,1]", "")),
     "an Output: line for each of the 3 examples (found 2)"),
    (lambda q: q.update(codeSnippets=q["codeSnippets"][:1]), "a python3 entry in codeSnippets"),
    (lambda q: q.update(metaData="{not json"), "metaData (a JSON signature)"),
    (lambda q: q.update(content=None), "data.question.content"),
    (lambda q: q.update(exampleTestcaseList=["[3,8,1,5]\nnine", "[4,4]\n8", "[-2,7,0,2]\n0"]),
     "a JSON value as the argument of example 1 (got 'nine')"),
    (lambda q: q.update(exampleTestcaseList=None, exampleTestcases="[1,2]\n3\n[4]"),
     "exampleTestcases with 2 line(s) per example"),
    (lambda q: q.update(exampleTestcaseList=None, exampleTestcases=None, sampleTestCase="[1,2]"),
     "sampleTestCase with 2 line(s) per example"),
    (lambda q: q.update(content=q["content"].replace("<strong>Output:</strong> [1,2]", "<strong>Output:</strong> [1,")),
     "a JSON value as the Output of example 1 (got '[1,')"),
])
def test_broken_answers_name_what_is_missing(change, missing):
    content = answer("pair-with-target-sum")
    change(content["data"]["question"])
    with pytest.raises(ParseError) as err:
        parse("pair-with-target-sum", content)
    assert err.value.missing == missing and err.value.site == "leetcode"


def test_graphql_errors_and_truncated_json_are_parse_errors():
    with pytest.raises(ParseError, match=r"data.question \(errors: rate limited\)"):
        parse("x", {"errors": [{"message": "rate limited"}]})
    with pytest.raises(ParseError, match="a complete GraphQL JSON response"):
        parse("pair-with-target-sum", json.dumps(answer("pair-with-target-sum"))[:500])
    with pytest.raises(ParseError, match="no such problem"):
        parse("x", {"data": {"question": None}})


def test_listing_pages_and_premium_needs_no_request(monkeypatch):
    monkeypatch.setattr(leetcode, "PAGE", 4)  # six questions: two pages
    site = get_site("leetcode")
    with running() as served, served.client() as c:
        urls = list(site.problem_urls(c, since="9002"))
        before = served.count("leetcode", "/graphql")
        premium = site.parse(urls[2], site.fetch(c, urls[2]))
        assert served.count("leetcode", "/graphql") == before  # known premium from the listing: not asked
        pair = site.parse(leetcode.problem_url("pair-with-target-sum"),
                          site.fetch(c, "https://leetcode.com/problems/pair-with-target-sum/description/"))
    assert [u.rsplit("/", 2)[1] for u in urls] == ["mean-of-positive-numbers", "ticket-counter", "locked-garden",
                                                  "rotate-left-in-place"]
    assert premium.flags == {"premium": True} and premium.title == "Locked Garden"
    assert pair.entry_point == "pairWithTargetSum"
    assert site.watermark(pair) == "9001"
