"""Aizu Online Judge through its JSON APIs (https://onlinejudge.u-aizu.ac.jp/problems/ITP1_1_A).

One problem takes several API calls: the description (`judgeapi .../resources/descriptions/{lang}/{id}`:
`html`, `time_limit` in seconds, `memory_limit` in KB), the samples (`judgedat .../testcases/samples/{id}`)
and the official test data (`.../testcases/{id}/header`, then `.../testcases/{id}/{serial}` with `in` and
`out`). `fetch` gathers them into one JSON bundle so that `parse` stays a pure function of its content;
`parse` also takes a bare description response.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sftmine.errors import NetworkError, ParseError
from sftmine.records import RawProblem
from sftmine.sites.base import Site, register_site
from sftmine.sites.statement import extract, raw_fields

API = "https://judgeapi.u-aizu.ac.jp"
DAT = "https://judgedat.u-aizu.ac.jp"
PAGE = "https://onlinejudge.u-aizu.ac.jp/problems/{}"
MAX_TESTS = 20  # official cases kept per problem
MAX_TEST_BYTES = 1 << 16  # input plus output; bigger cases bloat every task file and the judge's memory
_TRUNCATED = "(terminated because of the limitation)"
_ID_PATTERNS = (r"onlinejudge\.u-aizu\.ac\.jp/(?:problems|challenges/\S+|courses/\S+)/(\w+)/?$",
                r"judge\.u-aizu\.ac\.jp/onlinejudge/description\.jsp\?id=(\w+)")


@register_site
class Aoj(Site):
    name = "aoj"
    url_patterns = _ID_PATTERNS

    def parse(self, url: str, content: str) -> RawProblem:
        bundle = _load(self.name, url, content)
        description = bundle.get("description", bundle)
        html = description.get("html")
        if not isinstance(html, str):
            raise ParseError(self.name, url, "the description's 'html' field")
        statement = extract(html)
        fields = raw_fields(statement)
        samples = [_case(s) for s in bundle.get("samples", [])] or fields["samples"]
        problem_id = str(description.get("problem_id") or problem_id_of(url))
        return RawProblem(
            site=self.name, problem_id=problem_id, url=PAGE.format(problem_id),
            title=statement.title or problem_id, **{**fields, "samples": [s for s in samples if s]},
            official_tests=[c for c in map(_case, bundle.get("tests", [])) if c],
            time_limit_s=_number(description.get("time_limit")),
            memory_mb=_memory_mb(description.get("memory_limit")), contest_id=_group(problem_id))

    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        """Problems in the list API's order, starting after `since` (a problem id) when it is listed."""
        ids = [str(p["id"]) for p in client.get_json(f"{API}/problems?page=0&size=100000", fresh=True)]
        start = ids.index(since) + 1 if since in ids else 0
        for problem_id in ids[start:][:limit]:
            yield PAGE.format(problem_id)

    def fetch(self, client: Any, url: str) -> str:
        problem_id = problem_id_of(url)
        bundle = {"description": _description(client, problem_id),
                  "samples": client.get_json(f"{DAT}/testcases/samples/{problem_id}")}
        header = client.get_json(f"{DAT}/testcases/{problem_id}/header")
        small = [h for h in header.get("headers", [])
                 if h.get("inputSize", 0) + h.get("outputSize", 0) <= MAX_TEST_BYTES][:MAX_TESTS]
        bundle["tests"] = [client.get_json(f"{DAT}/testcases/{problem_id}/{h['serial']}") for h in small]
        return json.dumps(bundle, ensure_ascii=False, sort_keys=True)

    def watermark(self, problem: RawProblem) -> str:
        return problem.problem_id


def problem_id_of(url: str) -> str:
    for pattern in _ID_PATTERNS:
        match = re.search(pattern, url.split("#")[0])
        if match:
            return match.group(1)
    raise ParseError("aoj", url, "a problem id in the URL (e.g. /problems/ITP1_1_A)")


def _description(client: Any, problem_id: str) -> dict[str, Any]:
    try:
        return client.get_json(f"{API}/resources/descriptions/en/{problem_id}")
    except NetworkError:  # problems written only in Japanese have no English description
        return client.get_json(f"{API}/resources/descriptions/ja/{problem_id}")


def _load(site: str, url: str, content: str) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ParseError(site, url, f"a JSON API response ({exc.msg} at character {exc.pos})") from None
    if not isinstance(data, dict):
        raise ParseError(site, url, "a JSON object (the description or a fetch bundle)")
    return data


def _case(test: dict[str, Any]) -> dict[str, str] | None:
    """One {input, output} case; None for a case the API cut short."""
    given, want = test.get("in"), test.get("out")
    if not isinstance(given, str) or not isinstance(want, str) or _TRUNCATED in given + want:
        return None
    return {"input": given.replace("\r\n", "\n"), "output": want.replace("\r\n", "\n")}


def _group(problem_id: str) -> str:
    """The volume of a numbered problem ("2310" -> "volume23"), the course topic of the others ("ITP1_1")."""
    return f"volume{int(problem_id) // 100}" if problem_id.isdigit() else problem_id.rsplit("_", 1)[0]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def _memory_mb(kilobytes: Any) -> int | None:
    return int(kilobytes) // 1024 if isinstance(kilobytes, (int, float)) and kilobytes > 0 else None
