"""`sftmine scrape` and `sftmine parse` through click's runner."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from sftmine.cli import main
from sftmine.sites import site_names
from tests.sites.fixture_server import FIXTURES, RECORDED, SITES, running

REPO = FIXTURES.parents[2]
CF_PAGE = FIXTURES / "codeforces" / "problemset" / "problem" / "1901" / "B.html"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_scrape_replays_every_recorded_site(tmp_path):
    for site in SITES:
        result = run("scrape", site, "--replay", str(RECORDED / site), "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        assert f"{site}: " in result.stderr and "requests: replay" in result.stderr
    lines = (tmp_path / "raw.jsonl").read_text().splitlines()
    assert len(lines) == 24 and {json.loads(line)["site"] for line in lines} == set(SITES)
    log = (tmp_path / "scrape.log").read_text()
    assert "GET https://codeforces.com/problemset/problem/1901/A 200 replay" in log


def test_scrape_json_and_rerun_continues_from_the_watermark(tmp_path):
    args = ("scrape", "codeforces", "--replay", str(RECORDED / "codeforces"), "--out", str(tmp_path), "--json")
    first = json.loads(run(*args, "--limit", "4").stdout)
    second = json.loads(run(*args).stdout)
    assert (first["kept"], first["watermark"]) == (4, "1901")
    assert (second["kept"], second["new"], second["watermark"], second["raw_problems"]) == (2, 2, "1902", 6)
    assert second["listed"] == 3  # contest 1902 listed again (it was cut after A), its A already done


def test_scrape_records_through_a_redirect(tmp_path):
    with running() as served:
        target = served.redirects["https://www.codechef.com"]
        result = run("scrape", "codechef", "--record", str(tmp_path / "rec"), "--out", str(tmp_path / "out"),
                     "--limit", "1", "--redirect", f"https://www.codechef.com={target}")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "rec" / "www.codechef.com").glob("*.json"))) == 3  # robots, list, problem
    assert (tmp_path / "out" / ".cache" / "http.sqlite").is_file()


@pytest.mark.parametrize("args, message", [
    (("--replay", "{rec}", "--record", "{rec}"), "--replay and --record exclude each other"),
    (("--redirect", "codeforces.com"), "write ORIGIN=URL"),
    (("--replay", "{rec}/missing"), "no such folder"),
])
def test_scrape_option_mistakes(tmp_path, args, message):
    args = [a.format(rec=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["scrape", "codeforces", "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2 and message in result.output


def test_unknown_site_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["scrape", "topcoder", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == "error: unknown site 'topcoder'; choose from aoj, atcoder, codechef, codeforces, leetcode\n"


def test_parse_prints_the_problem_as_json():
    result = run("parse", "codeforces", str(CF_PAGE), "--url", "https://codeforces.com/contest/1901/problem/B")
    problem = json.loads(result.stdout)
    assert problem["title"] == "Alternating Sum" and problem["time_limit_s"] == 2.0
    assert problem["samples"][0]["input"].startswith("3\n4\n1 2 3 4\n")
    assert problem["flags"] == {} and problem["statement"].startswith("You are given an array")


def test_parse_without_url_and_of_json_answers():
    assert json.loads(run("parse", "codeforces", str(CF_PAGE)).stdout)["problem_id"] == "1901/B"
    lc = FIXTURES / "leetcode" / "graphql" / "question" / "ticket-counter.json"
    assert json.loads(run("parse", "leetcode", str(lc)).stdout)["flags"] == {"design": True}


def test_parse_error_names_site_url_and_missing_element(tmp_path):
    broken = tmp_path / "page.html"
    broken.write_text(CF_PAGE.read_text().replace("time-limit", "limit"))
    result = CliRunner().invoke(main, ["parse", "codeforces", str(broken), "--url",
                                       "https://codeforces.com/problemset/problem/1901/B"])
    assert result.exit_code == 1
    assert result.output == ("error: codeforces: cannot parse https://codeforces.com/problemset/problem/1901/B: "
                             "missing div.time-limit\n")


def test_mine_competitive_replays_the_shipped_config_then_has_nothing_new(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    first = run("mine-competitive", "pipelines/competitive.yaml", "--out", str(tmp_path))
    assert first.exit_code == 0, first.output
    rows = {line.split()[0]: line.split()[1:4] for line in first.stderr.splitlines()[1:6]}
    assert rows == {"codeforces": ["6", "6", "6"], "atcoder": ["5", "5", "5"], "aoj": ["3", "3", "3"],
                    "leetcode": ["6", "6", "6"], "codechef": ["5", "5", "4"]}
    assert "1 (parse_error: 1)" in first.stderr and "tasks: 24 raw problem(s) -> 14 task(s); dropped 10" in first.stderr
    assert f"wrote {tmp_path / 'tasks.jsonl'}" in first.stderr and len((tmp_path / "tasks.jsonl").read_text().splitlines()) == 14
    assert "GET https://atcoder.jp/contests/archive?page=1 200 replay" in (tmp_path / "scrape.log").read_text()
    second = run("mine-competitive", "pipelines/competitive.yaml", "--out", str(tmp_path), "--json")
    assert "nothing new on 5 site(s)" in second.stderr
    funnel = json.loads(second.stdout)
    assert (funnel["built"], funnel["tasks"]["kept"], funnel["sites"]["aoj"]["new"]) == (False, 14, 0)


@pytest.mark.parametrize("text, message", [
    ("sites: {topcoder: {}}", "sites.topcoder: unknown site; choose from aoj, atcoder, codechef, codeforces, leetcode"),
    ("sites: {aoj: {replay: nowhere}}", "sites.aoj.replay: no such folder '{tmp}/nowhere'; record it with"),
    ("sites: {aoj: {limit: lots}}", "sites.aoj.limit: expected an integer or null, got 'lots'"),
])
def test_mine_competitive_config_mistakes_are_one_line(tmp_path, text, message):
    (tmp_path / "c.yaml").write_text(text)
    result = CliRunner().invoke(main, ["mine-competitive", str(tmp_path / "c.yaml"), "--out", str(tmp_path / "o")])
    expected = message.replace("{tmp}", str(tmp_path))  # a replay folder is relative to the config file
    assert result.exit_code == 1 and result.output.startswith(f"error: {tmp_path / 'c.yaml'}: {expected}")
    assert result.output.count("\n") == 1 and not (tmp_path / "o").exists()


def test_commands_and_options_have_help():
    for name in ("scrape", "parse", "mine-competitive"):
        command = main.commands[name]
        assert command.help and run(name, "--help").exit_code == 0
        assert all(p.help for p in command.params if isinstance(p, click.Option)), name
    assert {"codeforces", "leetcode", "codechef"} <= set(site_names())


def test_parse_of_a_page_that_is_not_utf8_is_one_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(CF_PAGE.read_bytes()[:200] + b"\xff\xfe")
    result = CliRunner().invoke(main, ["parse", "codeforces", str(page)])
    assert result.exit_code == 1 and result.output == (
        f"error: {page}: not UTF-8 text at byte 200; convert it first, e.g. `iconv -f latin1 -t utf-8`\n")
