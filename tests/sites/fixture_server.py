"""A local server that stands in for all five judges, serving the site fixtures under their real URL paths.

Every real origin lives under its own path prefix (`/codeforces.com/...`, `/judgedat.u-aizu.ac.jp/...`)
and the client maps the origin there (`NetConfig.redirects`), so fetching, robots.txt, the throttle and
the cache run for real while nothing leaves the machine. Codeforces, LeetCode and CodeChef fixtures are
laid out by real path (their list APIs page through one file); the AtCoder and AOJ folders hold a
`urls.json` that maps real URLs to files. A site without a robots.txt fixture gets a permissive one.
Pages carry an ETag and answer a matching If-None-Match with 304, as the real sites do. `faults`
replaces the answer for a real path (a truncated page, an error status) to test what a scrape does.

Regenerate the recorded sessions that `make mine-competitive` replays with
`python -m tests.sites.fixture_server tests/fixtures/recorded [SITE...]`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sftmine.net import Client, NetConfig
from sftmine.scrape import scrape
from sftmine.sites import get_site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
ORIGINS: dict[str, tuple[str, ...]] = {
    "codeforces": ("https://codeforces.com",), "leetcode": ("https://leetcode.com",),
    "codechef": ("https://www.codechef.com",), "atcoder": ("https://atcoder.jp",),
    "aoj": ("https://judgeapi.u-aizu.ac.jp", "https://judgedat.u-aizu.ac.jp")}
SITES = tuple(ORIGINS)
ROBOTS = "User-agent: *\nDisallow: /private/\n"
_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".txt": "text/plain"}
Fault = Callable[[Request], Response]


@dataclass
class Hit:
    site: str
    path: str  # the real path, without the query
    query: str
    at: float  # arrival time (monotonic)


@dataclass
class Served:
    redirects: dict[str, str]  # real origin -> where this server answers for it
    hits: list[Hit] = field(default_factory=list)

    def paths(self, site: str, query: bool = False) -> list[str]:
        """The real paths `site` was asked for, in order; with `query`, as path?query."""
        return [h.path + (f"?{h.query}" if query and h.query else "") for h in self.hits if h.site == site]

    def count(self, site: str, path: str | None = None) -> int:
        return sum(path is None or p == path for p in self.paths(site))

    def gaps(self, site: str) -> list[float]:
        times = [h.at for h in self.hits if h.site == site]
        return [b - a for a, b in zip(times, times[1:])]

    def client(self, **overrides: Any) -> Client:
        """The real client with the five origins sent here and no per-host delay (unless overridden)."""
        return Client(NetConfig(**{"redirects": self.redirects, "delays": {}, "default_delay": 0.0, **overrides}))


@contextmanager
def running(faults: dict[str, Fault] | None = None) -> Iterator[Served]:
    """A fresh local server with every fixture site, for one test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        hosts = {origin.split("://")[1]: site for site, origins in ORIGINS.items() for origin in origins}
        served = Served({f"https://{host}": server.url_for(f"/{host}") for host in hosts})
        handler = _Handler(hosts, {} if faults is None else faults, served)  # a test may add faults later
        server.expect_request(re.compile(r"^/[^/]+(/.*)?$")).respond_with_handler(handler)
        yield served
    finally:
        server.clear()
        server.stop()


class _Handler:
    def __init__(self, hosts: dict[str, str], faults: dict[str, Fault], served: Served) -> None:
        self.hosts, self.faults, self.served = hosts, faults, served

    def __call__(self, request: Request) -> Response:
        host, _, path = request.path.lstrip("/").partition("/")
        site, path, query = self.hosts.get(host, ""), "/" + path, request.query_string.decode()
        self.served.hits.append(Hit(site, path, query, time.monotonic()))
        if path in self.faults:
            return self.faults[path](request)
        if not site:
            return Response("no such site", status=404)
        answer = getattr(self, f"_{site}", self._mapped)(site, f"https://{host}{path}", path, request)
        if answer is None and path == "/robots.txt":
            return _answer(ROBOTS.encode(), "text/plain", request)
        return answer if isinstance(answer, Response) else _file(answer, request)

    def _mapped(self, site: str, url: str, path: str, request: Request) -> Path | None:
        """AtCoder and AOJ: the folder's urls.json names the file for each real URL."""
        query = request.query_string.decode()
        urls: dict[str, str] = json.loads((FIXTURES / site / "urls.json").read_text(encoding="utf-8"))
        name = urls.get(f"{url}?{query}" if query else url)
        return FIXTURES / site / name if name else None

    def _codeforces(self, site: str, url: str, path: str, request: Request) -> Path | None:
        return _find(FIXTURES / site, path)

    def _codechef(self, site: str, url: str, path: str, request: Request) -> Path | Response | None:
        root = FIXTURES / site
        if path == "/api/list/problems":
            listing = json.loads((root / "api/list/problems.json").read_text())
            page, limit = int(request.args.get("page", 0)), int(request.args.get("limit", 20))
            listing["data"] = listing["data"][page * limit:(page + 1) * limit]
            return _json(listing, request)
        problem = re.fullmatch(r"/api/contests/\w+/problems/(\w+)", path)
        return _find(root, f"/api/contests/PRACTICE/problems/{problem.group(1)}") if problem else _find(root, path)

    def _leetcode(self, site: str, url: str, path: str, request: Request) -> Path | Response | None:
        root = FIXTURES / site
        if path != "/graphql" or request.method != "POST":
            return _find(root, path)
        ask = json.loads(request.get_data(as_text=True))
        variables = ask.get("variables") or {}
        if ask.get("operationName") == "problemsetQuestionList":
            listing = json.loads((root / "graphql/questionList.json").read_text())
            page = listing["data"]["problemsetQuestionList"]
            skip, limit = int(variables.get("skip", 0)), int(variables.get("limit", 50))
            page["questions"] = page["questions"][skip:skip + limit]
            return _json(listing, request)
        found = _find(root, f"/graphql/question/{variables.get('titleSlug', '')}")
        return found or _json({"data": {"question": None}}, request)


def fixture_text(site: str, name: str) -> str:
    return (FIXTURES / site / name).read_text(encoding="utf-8")


def _find(root: Path, path: str) -> Path | None:
    base = root / path.lstrip("/")
    return next((p for p in (base, Path(f"{base}.html"), Path(f"{base}.json")) if p.is_file()), None)


def _file(path: Path | None, request: Request) -> Response:
    if path is None:
        return Response("not found", status=404)
    return _answer(path.read_bytes(), _TYPES.get(path.suffix, "text/plain"), request)


def _json(obj: Any, request: Request) -> Response:
    return _answer(json.dumps(obj).encode(), "application/json", request)


def _answer(body: bytes, content_type: str, request: Request) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers={"ETag": etag})
    return Response(body, content_type=content_type, headers={"ETag": etag})


def record(target: Path, sites: list[str]) -> None:
    """Scrape each site from the fixtures in record mode, into target/<site> (replaced)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with running() as served:
        for name in sites:
            shutil.rmtree(target / name, ignore_errors=True)
            with served.client(mode="record", recordings=target / name) as client, \
                    tempfile.TemporaryDirectory() as out:
                print(scrape(get_site(name), client, Path(out), progress=False).message())


if __name__ == "__main__":
    record(Path(sys.argv[1]) if len(sys.argv) > 1 else RECORDED, sys.argv[2:] or list(SITES))
