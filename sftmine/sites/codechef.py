"""CodeChef: its JSON API lists practice problems and gives each statement, samples and limits.

The problem API (`/api/contests/<CONTEST>/problems/<CODE>`) answers `status: success` with either
`problemComponents` (statement, input and output format, constraints, `sampleTestCases`) or, on older
problems, only a Markdown `body`; both are read (see `codechef_body`). The time limit is
`max_timelimit` seconds, the rating `difficulty_rating`; the tag list also holds people's handles,
contest codes and the difficulty class, which are not tags and are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites import flags as flagging
from sftmine.sites.base import Site, register_site
from sftmine.sites.codechef_body import body_samples, clean, has_image, parts, sample_text

SITE = "codechef"
BASE = "https://www.codechef.com"
PAGE = 50
_URL = re.compile(r"codechef\.com/(?:([A-Za-z0-9_]+)/)?problems/([A-Za-z0-9_-]+)")
_CONTEST_CODE = re.compile(r"^(start|cook|ltime|lunch|long|[a-z]+\d{2,})\d*[a-z]?$")
# The tag list also holds the problem's difficulty class, which is not a topic
_DIFFICULTY_WORDS = {"cakewalk", "simple", "easy", "easy-medium", "medium", "medium-hard", "hard", "challenge",
                     "school", "beginner", "peer"}


def problem_url(code: str) -> str:
    return f"{BASE}/problems/{code}"


@register_site
class CodeChef(Site):
    name = SITE
    url_patterns = (r"^https?://(?:www\.)?codechef\.com/(?:[A-Za-z0-9_]+/)?problems/[A-Za-z0-9_-]+",)

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}  # problem URL -> its numeric id in the problem list (the watermark)

    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        rows = [r for r in self._list_all(client) if int(r["id"]) > int(since or 0)]
        rows.sort(key=lambda r: int(r["id"]))  # ids grow as problems are added: oldest first
        for row in rows[:limit]:
            yield problem_url(row["code"])

    def fetch(self, client: Any, url: str) -> str:
        contest, code = _ids(url)
        return client.get_text(f"{BASE}/api/contests/{contest or 'PRACTICE'}/problems/{code}")

    def parse(self, url: str, content: str) -> RawProblem:
        data = _answer(url, content)
        contest, code = _ids(url) if _URL.search(url) else (None, data.get("problem_code"))
        code = data.get("problem_code") or code or _ids(url)[1]
        comps = data.get("problemComponents") or {}
        body_parts = parts(data.get("body") or "")
        text = _texts(comps, body_parts)
        samples = _samples(comps) or body_samples(body_parts)
        problem = RawProblem(
            site=SITE, problem_id=code, url=problem_url(code), title=data.get("problem_name") or code,
            statement=text["statement"], input_spec=text["input"], output_spec=text["output"],
            constraints=text["constraints"], samples=samples, time_limit_s=_float(data.get("max_timelimit")),
            tags=_tags(data), difficulty=data.get("problem_difficulty_level") or data.get("category_name"),
            rating=_rating(data.get("difficulty_rating")), contest_id=contest,
            extra={k: v for k, v in (("list_id", self._ids.get(problem_url(code))),
                                     ("date_added", data.get("date_added"))) if v})
        problem.flags = _flags(text, data.get("body") or "", samples)
        return problem

    def watermark(self, problem: RawProblem) -> str:
        return str(problem.extra.get("list_id") or "")

    def _list_all(self, client: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for page in range(10_000):
            answer = client.get_json(f"{BASE}/api/list/problems", params={"page": page, "limit": PAGE}, fresh=True)
            if not isinstance(answer, dict) or answer.get("status") != "success":
                raise ParseError(SITE, f"{BASE}/api/list/problems", '"status": "success" in the problem list')
            rows += answer.get("data") or []
            if not answer.get("data") or len(rows) >= int(answer.get("count") or 0):
                break
        self._ids.update((problem_url(r["code"]), str(r["id"])) for r in rows)
        return rows


def _answer(url: str, content: str) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        raise ParseError(SITE, url, "a complete JSON response") from None
    if not isinstance(data, dict) or data.get("status") != "success":
        said = data.get("message") if isinstance(data, dict) else None
        raise ParseError(SITE, url, f'"status": "success" (the API said: {said or "nothing"})')
    return data


def _texts(comps: dict[str, Any], body_parts: list[Any]) -> dict[str, str]:
    if (comps.get("statement") or "").strip():
        return {"statement": clean(comps["statement"]), "input": clean(comps.get("inputFormat")),
                "output": clean(comps.get("outputFormat")), "constraints": clean(comps.get("constraints"))}
    text = {kind: "\n\n".join(p.text for p in body_parts if p.kind == kind and p.text)
            for kind in ("statement", "other", "input", "output", "constraints")}
    text["statement"] = "\n\n".join(t for t in (text.pop("statement"), text.pop("other")) if t)
    return text


def _samples(comps: dict[str, Any]) -> list[dict[str, str]]:
    cases = comps.get("sampleTestCases") or []
    cases = list(cases.values()) if isinstance(cases, dict) else cases
    return [{"input": sample_text(c.get("input", "")), "output": sample_text(c.get("output", ""))}
            for c in cases if not c.get("isDeleted")]


def _flags(text: dict[str, str], body: str, samples: list[dict[str, str]]) -> dict[str, Any]:
    prompt = "\n\n".join(text.values())
    flags: dict[str, Any] = {}
    if has_image("\n".join((text["statement"], text["input"], text["output"]))):
        flags["images"] = True
    if re.search(r"\binter-?active\b", prompt, re.IGNORECASE):
        flags["interactive"] = True
    if flagging.special_judge(prompt):
        flags["special_judge"] = True
    tolerance = flagging.float_tolerance(prompt)
    if tolerance:
        flags["float_tolerance"] = tolerance
    if ".pdf" in body.lower() and len(text["statement"]) < 200 and not samples:
        flags["pdf_only"] = True
    return flags


def _tags(data: dict[str, Any]) -> list[str]:
    raw = data.get("tags") or []
    names = list(raw.values()) if isinstance(raw, dict) else list(raw)
    names += list(data.get("user_tags") or []) + list(data.get("computed_tags") or [])
    people = {str(data.get(k) or "").strip().lower() for k in ("problem_author", "problem_tester")}
    levels = {str(data.get(k) or "").strip().lower() for k in ("problem_difficulty_level", "category_name")}
    out: list[str] = []
    for name in (str(n).strip() for n in names):
        if name and name not in out and not _not_a_topic(name.lower(), people | levels):
            out.append(name)
    return out


def _not_a_topic(name: str, named: set[str]) -> bool:
    """A setter's, tester's or editorialist's handle, a contest code or a difficulty word, not a topic.

    Handles of people other than the author and tester are in the list too; topic tags are words joined
    by hyphens ("dynamic", "binary-search"), handles are the names with an underscore ("daniel_1999").
    """
    return name in named or name in _DIFFICULTY_WORDS or "_" in name or bool(_CONTEST_CODE.match(name))


def _ids(url: str) -> tuple[str | None, str]:
    match = _URL.search(url)
    if match is None:
        raise ParseError(SITE, url, "/problems/<CODE> in the URL (pass --url)")
    return match.group(1), match.group(2)


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _rating(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number and number > 0 else None
