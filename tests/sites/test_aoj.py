"""AOJ: API responses (fixtures modelled on judgeapi/judgedat), the fetch bundle, listing, errors."""

from __future__ import annotations

import json

import pytest

from sftmine.errors import ParseError
from sftmine.sites import get_site, site_for_url
from sftmine.sites.aoj import MAX_TEST_BYTES, problem_id_of
from tests.sites.fixture_server import fixture_text, running

PAGE = "https://onlinejudge.u-aizu.ac.jp/problems/"


def bundle(problem_id: str, lang: str = "en", tests: list[int] = ()) -> str:
    return json.dumps({
        "description": json.loads(fixture_text("aoj", f"description_{lang}_{problem_id}.json")),
        "samples": json.loads(fixture_text("aoj", f"samples_{problem_id}.json")),
        "tests": [json.loads(fixture_text("aoj", f"testcase_{problem_id}_{i}.json")) for i in tests]})


def test_bundle_with_samples_and_official_tests():
    raw = get_site("aoj").parse(PAGE + "9901", bundle("9901", tests=[1, 2, 3]))
    assert (raw.site, raw.problem_id, raw.url, raw.title) == ("aoj", "9901", PAGE + "9901", "Sum of Squares")
    assert (raw.time_limit_s, raw.memory_mb, raw.contest_id) == (1.0, 128, "volume99")
    assert raw.samples == [{"input": "1\n3\n10\n0\n", "output": "1\n14\n385\n"}, {"input": "2\n0\n", "output": "5\n"}]
    assert len(raw.official_tests) == 3
    assert "1^{2} + 2^{2} + ... + $n$^{2}" in raw.statement
    assert raw.constraints == "- 1 ≤ $n$ ≤ 10^{4}\n- The number of datasets does not exceed 100."


def test_joi_combined_input_output_heading_is_the_format_not_the_samples():
    raw = get_site("aoj").parse(PAGE + "0903", fixture_text("aoj", "description_ja_0903.json"))
    assert raw.input_spec == "入力は以下の形式で標準入力から与えられる．\n$N$ $D$\n$h_1$ $h_2$ $...$ $h_N$"
    assert raw.output_spec == "必要な色の数の最小値を $1$ 行で出力せよ．"
    assert raw.samples == [{"input": "5 2\n1 2 6 7 20\n", "output": "3\n"}, {"input": "3 0\n4 4 4\n", "output": "1\n"}]
    assert raw.statement.startswith("JOI 君の家には $N$ 段の階段がある．") and raw.flags == {}


def test_truncated_official_case_is_left_out_and_tolerance_found():
    raw = get_site("aoj").parse(PAGE + "SFT1_1_A", bundle("SFT1_1_A", tests=[1, 2]))
    assert raw.official_tests == [{"input": "2\n", "output": "12.566371 12.566371\n"}]
    assert raw.flags == {"float_tolerance": {"abs": 1e-5}}
    assert raw.contest_id == "SFT1_1"


def test_bare_description_falls_back_to_the_statement_samples():
    description = fixture_text("aoj", "description_ja_9902.json")
    raw = get_site("aoj").parse(PAGE + "9902", description)
    assert (raw.title, raw.memory_mb) == ("最小値", 256)
    assert raw.samples == [{"input": "3\n5 -2 7\n", "output": "-2\n"}]
    assert raw.official_tests == []


@pytest.mark.parametrize("content, missing", [
    ("<html>not json</html>", "a JSON API response"), ("[1, 2]", "a JSON object"),
    ('{"problem_id": "9901"}', "'html' field")])
def test_broken_response_names_site_url_and_what_is_missing(content, missing):
    with pytest.raises(ParseError) as err:
        get_site("aoj").parse(PAGE + "9901", content)
    assert (err.value.site, err.value.url) == ("aoj", PAGE + "9901")
    assert missing in str(err.value)


@pytest.mark.parametrize("url, problem_id", [
    (PAGE + "ITP1_1_A", "ITP1_1_A"), ("https://judge.u-aizu.ac.jp/onlinejudge/description.jsp?id=2310&lang=jp", "2310"),
    ("https://onlinejudge.u-aizu.ac.jp/courses/lesson/2/ITP1/1/ITP1_1_B", "ITP1_1_B"),
    ("https://onlinejudge.u-aizu.ac.jp/challenges/sources/JAG/Prelim/2881", "2881")])
def test_problem_urls_in_their_forms(url, problem_id):
    assert problem_id_of(url) == problem_id
    assert site_for_url(url).name == "aoj"


def test_fetch_gathers_the_api_responses():
    site = get_site("aoj")
    with running() as served, served.client() as client:
        content = json.loads(site.fetch(client, PAGE + "9901"))
    assert [t["serial"] for t in content["tests"]] == [1, 2, 3]  # case 4 is over MAX_TEST_BYTES: not fetched
    assert "/testcases/9901/3" in served.paths("aoj") and "/testcases/9901/4" not in served.paths("aoj")
    assert 5000000 > MAX_TEST_BYTES
    raw = site.parse(PAGE + "9901", json.dumps(content))
    assert len(raw.official_tests) == 3 and site.watermark(raw) == "9901"


def test_fetch_falls_back_to_the_japanese_description():
    with running() as served, served.client() as client:
        raw = get_site("aoj").parse(PAGE + "9902", get_site("aoj").fetch(client, PAGE + "9902"))
    assert raw.title == "最小値"
    seen = served.paths("aoj")
    assert seen.index("/resources/descriptions/en/9902") < seen.index("/resources/descriptions/ja/9902")


def test_problem_urls_after_the_watermark():
    site = get_site("aoj")
    with running() as served, served.client() as client:
        assert list(site.problem_urls(client)) == [PAGE + p for p in ("9901", "9902", "SFT1_1_A")]
        assert list(site.problem_urls(client, since="9901", limit=1)) == [PAGE + "9902"]
        assert list(site.problem_urls(client, since="unknown")) == [PAGE + p for p in ("9901", "9902", "SFT1_1_A")]
