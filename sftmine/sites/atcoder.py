"""AtCoder: task pages (https://atcoder.jp/contests/abc308/tasks/abc308_a).

A task page has the title in `span.h2` ("A - Title", index "Ex" on newer contests), the limits in the
paragraph after it ("Time Limit: 2 sec / Memory Limit: 1024 MB", or MiB, or the Japanese labels), and
the statement in `div#task-statement` with `span.lang-ja`/`span.lang-en` halves. New problems are
found through the contest archive (newest first) and each contest's task list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites.base import Site, register_site
from sftmine.sites.htmltext import inline_text
from sftmine.sites.statement import extract, raw_fields

BASE = "https://atcoder.jp"
_TASK_URL = re.compile(r"atcoder\.jp/contests/([\w-]+)/tasks/([\w-]+)")
_TIME = re.compile(r"(?:Time Limit|実行時間制限)\s*[:：]\s*([\d.]+)\s*(msec|ms|sec|s)\b", re.IGNORECASE)
_MEMORY = re.compile(r"(?:Memory Limit|メモリ制限)\s*[:：]\s*([\d.]+)\s*(KiB|KB|MiB|MB|GiB|GB)", re.IGNORECASE)
_MB_PER = {"kib": 1 / 1024, "kb": 1 / 1000, "mib": 1, "mb": 1, "gib": 1024, "gb": 1000}


@register_site
class AtCoder(Site):
    name = "atcoder"
    url_patterns = (r"^https?://(beta\.)?atcoder\.jp/contests/[\w-]+/tasks/[\w-]+",)

    def parse(self, url: str, content: str) -> RawProblem:
        match = _TASK_URL.search(url)
        if match is None:
            raise ParseError(self.name, url, "a task URL of the form /contests/<contest>/tasks/<task>")
        contest = match.group(1)
        page = _document(self.name, url, content)
        index, title = _heading(self.name, url, page)
        statement_el = page.get_element_by_id("task-statement", None)
        if statement_el is None:
            raise ParseError(self.name, url, "div#task-statement (the statement)")
        statement = extract(lxml.html.tostring(statement_el, encoding="unicode"))
        time_s, memory_mb = limits(self.name, url, page.text_content())
        return RawProblem(
            site=self.name, problem_id=f"{contest}/{index.lower()}", url=url.split("?")[0], title=title,
            time_limit_s=time_s, memory_mb=memory_mb, contest_id=contest, license=None,
            **raw_fields(statement))

    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        """Task URLs of contests after `since` (a contest id), oldest contest first."""
        yielded = 0
        for contest in reversed(new_contests(client, since)):
            for url in task_urls(client.get_text(f"{BASE}/contests/{contest}/tasks"), contest):
                if limit is not None and yielded >= limit:
                    return
                yielded += 1
                yield url

    def watermark(self, problem: RawProblem) -> str:
        return problem.contest_id or problem.problem_id.split("/")[0]


def new_contests(client: Any, since: str | None) -> list[str]:
    """Contest ids from the archive, newest first, stopping at `since`."""
    found: list[str] = []
    page, last = 1, 1
    while page <= last:
        html = client.get_text(f"{BASE}/contests/archive?page={page}", fresh=True)  # new contests land here
        contests, last = archive_page(html)
        for contest in contests:
            if contest == since:
                return found
            found.append(contest)
        page += 1
    return found


def archive_page(html: str) -> tuple[list[str], int]:
    """(contest ids in page order, the last page number) of one archive page."""
    doc = lxml.html.document_fromstring(html)
    ids = []
    for link in doc.xpath("//table//tbody//a[starts-with(@href, '/contests/')]"):
        contest = link.get("href").split("/")[2]
        if contest and contest not in ids:
            ids.append(contest)
    pages = [int(a.text_content()) for a in doc.xpath("//ul[contains(@class, 'pagination')]//a")
             if a.text_content().strip().isdigit()]
    return ids, max(pages, default=1)


def task_urls(html: str, contest: str) -> list[str]:
    doc = lxml.html.document_fromstring(html)
    urls: list[str] = []
    for link in doc.xpath(f"//table//a[starts-with(@href, '/contests/{contest}/tasks/')]"):
        url = urljoin(BASE, link.get("href"))
        if url not in urls:
            urls.append(url)
    return urls


def limits(site: str, url: str, text: str) -> tuple[float, int]:
    time_match, memory_match = _TIME.search(text), _MEMORY.search(text)
    if time_match is None or memory_match is None:
        raise ParseError(site, url, "the 'Time Limit: ... / Memory Limit: ...' line")
    seconds = float(time_match.group(1)) / (1000 if time_match.group(2).lower() in ("msec", "ms") else 1)
    memory = float(memory_match.group(1)) * _MB_PER[memory_match.group(2).lower()]
    return seconds, int(round(memory))


def _document(site: str, url: str, content: str):
    try:
        return lxml.html.document_fromstring(content)
    except (ValueError, etree.ParserError):
        raise ParseError(site, url, "an HTML document (the page is empty)") from None


def _heading(site: str, url: str, page) -> tuple[str, str]:
    heading = next(iter(page.find_class("h2")), None)
    if heading is None:
        raise ParseError(site, url, "span.h2 (the task title)")
    text = " ".join(((heading.text or "") + "".join(c.tail or "" for c in heading)).split()) or inline_text(heading)
    index, sep, title = text.partition(" - ")
    if not sep or not index:
        raise ParseError(site, url, f"'<index> - <title>' in span.h2 (found {text!r})")
    return index.strip(), title.strip()
