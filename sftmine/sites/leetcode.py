"""LeetCode: GraphQL lists the problems and gives each one's content, starter code and signature.

A problem becomes a function-style RawProblem: the python3 snippet is the starter code, `metaData`
names the entry point and its parameters, `exampleTestcaseList` holds the example arguments (one JSON
value per line and parameter; older answers have only `exampleTestcases`, or only `sampleTestCase`, the
first example's) and the expected values are read from the "Output:" lines of the
examples in `content` (see `leetcode_content`). Premium problems (no content without a subscription)
and design problems (a class driven by a call sequence) are flagged, never guessed at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites.base import Site, register_site
from sftmine.sites.leetcode_content import SITE, function_problem

BASE = "https://leetcode.com"
GRAPHQL = f"{BASE}/graphql"
PAGE = 100
QUESTION_QUERY = """query questionData($titleSlug: String!) {
  question(titleSlug: $titleSlug) {
    questionId questionFrontendId title titleSlug content isPaidOnly difficulty
    topicTags { name slug } codeSnippets { lang langSlug code }
    exampleTestcases exampleTestcaseList sampleTestCase metaData
  }
}"""
LIST_QUERY = """query problemsetQuestionList($categorySlug: String, $limit: Int, $skip: Int,
    $filters: QuestionListFilterInput) {
  problemsetQuestionList: questionList(categorySlug: $categorySlug, limit: $limit, skip: $skip,
      filters: $filters) {
    total: totalNum
    questions: data { questionFrontendId title titleSlug isPaidOnly difficulty topicTags { name slug } }
  }
}"""
_SLUG = re.compile(r"/problems/([a-z0-9-]+)")


def problem_url(slug: str) -> str:
    return f"{BASE}/problems/{slug}/"


@register_site
class LeetCode(Site):
    name = SITE
    url_patterns = (r"^https?://(?:www\.)?leetcode\.com/problems/[a-z0-9-]+",)

    def __init__(self) -> None:
        self._listed: dict[str, dict[str, Any]] = {}  # problem URL -> its row in the question list

    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        after = int(since) if since else 0
        rows = [r for r in self._list_all(client) if _frontend_id(r) > after]
        rows.sort(key=_frontend_id)
        for row in rows[:limit]:
            yield problem_url(row["titleSlug"])

    def fetch(self, client: Any, url: str) -> str:
        listed = self._listed.get(problem_url(_slug(url)))
        if listed and listed.get("isPaidOnly"):
            # Without a subscription the API returns no content: say so from the listing, without asking.
            return json.dumps({"data": {"question": {**listed, "content": None}}}, ensure_ascii=False)
        payload = {"operationName": "questionData", "query": QUESTION_QUERY,
                   "variables": {"titleSlug": _slug(url)}}
        return client.post_text(GRAPHQL, payload, headers={"Referer": problem_url(_slug(url))})

    def parse(self, url: str, content: str) -> RawProblem:
        question = _question(url, content)
        slug = question.get("titleSlug") or _slug(url)
        problem = RawProblem(site=SITE, problem_id=slug, url=problem_url(slug), title=question.get("title") or "",
                             statement="", difficulty=question.get("difficulty"),
                             tags=[t["name"] for t in question.get("topicTags") or []],
                             extra={"frontend_id": question.get("questionFrontendId"),
                                    "question_id": question.get("questionId")})
        if question.get("isPaidOnly"):
            problem.flags["premium"] = True
        if question.get("content"):
            function_problem(problem, question)
        elif not problem.flags.get("premium"):
            raise ParseError(SITE, url, "data.question.content")
        return problem

    def watermark(self, problem: RawProblem) -> str:
        return str(problem.extra.get("frontend_id") or "")

    def _list_all(self, client: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        while True:
            variables = {"categorySlug": "algorithms", "skip": len(rows), "limit": PAGE, "filters": {}}
            answer = client.post_json(GRAPHQL, {"operationName": "problemsetQuestionList", "query": LIST_QUERY,
                                                "variables": variables}, fresh=True)
            page = _data(GRAPHQL, answer, "problemsetQuestionList")
            rows += page.get("questions") or []
            if not page.get("questions") or len(rows) >= int(page.get("total") or 0):
                break
        self._listed.update((problem_url(r["titleSlug"]), r) for r in rows)
        return rows


def _question(url: str, content: str) -> dict[str, Any]:
    try:
        answer = json.loads(content)
    except json.JSONDecodeError:
        raise ParseError(SITE, url, "a complete GraphQL JSON response") from None
    question = _data(url, answer, "question")
    if not question:
        raise ParseError(SITE, url, "data.question (no such problem)")
    return question


def _data(url: str, answer: Any, field: str) -> Any:
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), dict) or field not in answer["data"]:
        errors = answer.get("errors") if isinstance(answer, dict) else None
        detail = f" (errors: {errors[0].get('message')})" if errors else ""
        raise ParseError(SITE, url, f"data.{field}{detail}")
    return answer["data"][field]


def _frontend_id(row: dict[str, Any]) -> int:
    text = str(row.get("questionFrontendId") or "")
    return int(text) if text.isdigit() else 0


def _slug(url: str) -> str:
    match = _SLUG.search(url)
    if match is None:
        raise ParseError(SITE, url, "/problems/<slug> in the URL (pass --url)")
    return match.group(1)
