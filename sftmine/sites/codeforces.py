"""Codeforces: the API lists problems (rating, tags, contest); the problem page gives statement and samples.

`problem_urls` reads `problemset.problems` and `contest.list` (finished contests only, so a running
round is not scraped), oldest contest first. `fetch` returns the page together with the problem's API
row and contest as one JSON object, so `parse` stays a pure function of what was fetched; `parse` also
accepts a bare page (`sftmine parse codeforces page.html`), reading tags and rating from its sidebar.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites.base import Site, register_site
from sftmine.sites.codeforces_page import SITE, page_tags, parse_page

BASE = "https://codeforces.com"
API = f"{BASE}/api"
_TITLE_ID = re.compile(r"<title>\s*Problem\s*-\s*(\d+)([A-Z]\d?)\s*-\s*Codeforces", re.IGNORECASE)
_URL_ID = re.compile(r"/(?:problemset/problem|contest)/(\d+)/(?:problem/)?([A-Za-z]\d?)/?(?:[?#].*)?$")


def problem_url(contest_id: int | str, index: str) -> str:
    return f"{BASE}/problemset/problem/{contest_id}/{index}"


@register_site
class Codeforces(Site):
    name = SITE
    url_patterns = (r"^https?://(?:www\.|m\d\.)?codeforces\.com/(?:problemset/problem|contest)/\d+/",)

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}  # problem URL -> {"problem": API row, "contest": row}

    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        rows = self._listing(client)
        after = int(since) if since else 0
        fresh = [r for r in rows.values() if r["problem"]["contestId"] > after]
        fresh.sort(key=lambda r: (r["problem"]["contestId"], r["problem"]["index"]))
        for row in fresh[:limit]:
            yield problem_url(row["problem"]["contestId"], row["problem"]["index"])

    def fetch(self, client: Any, url: str) -> str:
        key = problem_url(*_ids(url))
        if key not in self._rows:  # a retry of an old URL in a new run: the listing is not loaded yet
            self._listing(client)
        html = client.get_text(url)  # last, so the client's last reply is the page itself
        return json.dumps({"html": html, **self._rows.get(key, {})}, ensure_ascii=False)

    def parse(self, url: str, content: str) -> RawProblem:
        fetched = _unwrap(url, content)
        row, contest = fetched.get("problem") or {}, fetched.get("contest") or {}
        contest_id, index = _ids(url) if _URL_ID.search(url) else _row_ids(url, row, fetched["html"])
        problem = parse_page(url, fetched["html"], f"{contest_id}/{index}", str(contest_id))
        tags, rating = (row.get("tags", []), row.get("rating")) if row else page_tags(fetched["html"])
        problem.tags, problem.rating = list(tags), rating
        if "interactive" in problem.tags:
            problem.flags["interactive"] = True
        problem.extra.update({k: v for k, v in (("contest_name", contest.get("name")),
                                                ("problem_type", row.get("type"))) if v})
        return problem

    def _listing(self, client: Any) -> dict[str, dict[str, Any]]:
        problems = _result(client.get_json(f"{API}/problemset.problems", fresh=True), "problemset.problems")
        contests = _result(client.get_json(f"{API}/contest.list", params={"gym": "false"}, fresh=True),
                           "contest.list")
        finished = {c["id"]: c for c in contests if c.get("phase") == "FINISHED"}
        for row in problems["problems"]:
            if row.get("contestId") in finished:
                url = problem_url(row["contestId"], row["index"])
                self._rows[url] = {"problem": row, "contest": finished[row["contestId"]]}
        return self._rows


def _result(answer: Any, method: str) -> Any:
    if not isinstance(answer, dict) or answer.get("status") != "OK" or "result" not in answer:
        comment = answer.get("comment", "") if isinstance(answer, dict) else ""
        raise ParseError(SITE, f"{API}/{method}", f'"status": "OK" and a result ({comment or "no comment"})')
    return answer["result"]


def _ids(url: str) -> tuple[str, str]:
    match = _URL_ID.search(url)
    if match is None:
        raise ParseError(SITE, url, "contest id and problem index in the URL (pass --url)")
    return match.group(1), match.group(2).upper()


def _row_ids(url: str, row: dict[str, Any], html: str) -> tuple[str, str]:
    """Ids when the URL has none (a saved page): from the API row, else the page's <title>."""
    if "contestId" in row and "index" in row:
        return str(row["contestId"]), row["index"]
    match = _TITLE_ID.search(html[:4000])
    return (match.group(1), match.group(2)) if match else _ids(url)


def _unwrap(url: str, content: str) -> dict[str, Any]:
    if not content.lstrip().startswith("{"):
        return {"html": content}
    try:
        fetched = json.loads(content)
    except json.JSONDecodeError:
        raise ParseError(SITE, url, "a complete JSON object (page + API row)") from None
    if "html" not in fetched:
        raise ParseError(SITE, url, '"html" in the fetched object')
    return fetched
