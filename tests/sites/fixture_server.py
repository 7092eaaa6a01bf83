"""A local server that serves the site fixtures under the sites' real URL paths.

One server stands in for Codeforces, LeetCode and CodeChef at once: each site lives under a path prefix
(`/codeforces/...`) and the client maps the real origin there (`NetConfig.redirects`). Pages carry an
ETag and answer a matching If-None-Match with 304, as the real sites do. `faults` replaces the answer for
a real path (a truncated page, an error status) to test what a scrape does with it.

Regenerate the recorded sessions that `make mine-competitive` replays with
`python -m tests.sites.fixture_server tests/fixtures/recorded`.
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
ORIGINS = {"codeforces": "https://codeforces.com", "leetcode": "https://leetcode.com",
           "codechef": "https://www.codechef.com"}
_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".txt": "text/plain"}


@dataclass
class Served:
    redirects: dict[str, str]  # real origin -> where this server answers for it
    hits: list[tuple[str, str, float]] = field(default_factory=list)  # (site, real path, arrival time)

    def count(self, site: str, path: str | None = None) -> int:
        return sum(s == site and (path is None or p == path) for s, p, _ in self.hits)

    def gaps(self, site: str) -> list[float]:
        times = [t for s, _, t in self.hits if s == site]
        return [b - a for a, b in zip(times, times[1:])]


def serve(server: HTTPServer, faults: dict[str, Callable[[Request], Response]] | None = None) -> Served:
    """Register the fixture sites on `server`; the result names the redirects a client needs."""
    served = Served({origin: server.url_for(f"/{site}") for site, origin in ORIGINS.items()})
    handler = _Handler(faults or {}, served)
    server.expect_request(re.compile(r"^/(codeforces|leetcode|codechef)(/.*)?$")).respond_with_handler(handler)
    return served


@contextmanager
def running(faults: dict[str, Callable[[Request], Response]] | None = None) -> Iterator[Served]:
    """A fresh local server with the fixture sites, for one test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield serve(server, faults)
    finally:
        server.clear()
        server.stop()


class _Handler:
    def __init__(self, faults: dict[str, Callable[[Request], Response]], served: Served) -> None:
        self.faults, self.served = faults, served

    def __call__(self, request: Request) -> Response:
        site, _, path = request.path.lstrip("/").partition("/")
        path = "/" + path
        self.served.hits.append((site, path, time.monotonic()))
        if path in self.faults:
            return self.faults[path](request)
        answer = getattr(self, f"_{site}")(path, request)
        return answer if isinstance(answer, Response) else _file(answer, request)

    def _codeforces(self, path: str, request: Request) -> Path | None:
        return _find(FIXTURES / "codeforces", path)

    def _codechef(self, path: str, request: Request) -> Path | Response | None:
        root = FIXTURES / "codechef"
        if path == "/api/list/problems":
            listing = json.loads((root / "api/list/problems.json").read_text())
            page, limit = int(request.args.get("page", 0)), int(request.args.get("limit", 20))
            listing["data"] = listing["data"][page * limit:(page + 1) * limit]
            return _json(listing, request)
        problem = re.fullmatch(r"/api/contests/\w+/problems/(\w+)", path)
        return _find(root, f"/api/contests/PRACTICE/problems/{problem.group(1)}") if problem else _find(root, path)

    def _leetcode(self, path: str, request: Request) -> Path | Response | None:
        root = FIXTURES / "leetcode"
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
            config = NetConfig(mode="record", recordings=target / name, redirects=served.redirects,
                               delays={}, default_delay=0.0)
            with Client(config) as client, tempfile.TemporaryDirectory() as out:
                print(scrape(get_site(name), client, Path(out), progress=False).message())


if __name__ == "__main__":
    record(Path(sys.argv[1]) if len(sys.argv) > 1 else RECORDED, sys.argv[2:] or list(ORIGINS))
