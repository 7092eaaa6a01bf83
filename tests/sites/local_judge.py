"""Serve an AtCoder or AOJ fixture folder as if it were the judge, through sftmine's real HTTP client.

The folder's `urls.json` maps real URLs (https://atcoder.jp/..., https://judgeapi.u-aizu.ac.jp/...) to
fixture files; the client's `redirects` send those origins to a local pytest-httpserver, so fetching,
robots.txt and the cache run for real while nothing leaves the machine. Unmapped URLs answer 404.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sftmine.net import Client, NetConfig

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"


def _key(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def fixture_client(server: HTTPServer, site: str) -> tuple[Client, list[str]]:
    """A client for `site`'s fixture folder, and the list of request paths the server saw."""
    folder = FIXTURES / site
    urls: dict[str, str] = json.loads((folder / "urls.json").read_text(encoding="utf-8"))
    files = {_key(urlsplit(u).path, urlsplit(u).query): folder / name for u, name in urls.items()}
    seen: list[str] = []

    def handler(request: Request) -> Response:
        key = _key(request.path, request.query_string.decode())
        seen.append(key)
        if request.path == "/robots.txt":
            return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        file = files.get(key)
        if file is None:
            return Response("not found", status=404)
        kind = "application/json" if file.suffix == ".json" else "text/html; charset=utf-8"
        return Response(file.read_text(encoding="utf-8"), content_type=kind)

    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    local = server.url_for("/").rstrip("/")
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls}
    config = NetConfig(delays={}, default_delay=0.0, retries=0, redirects={o: local for o in origins})
    return Client(config), seen


def fixture_text(site: str, name: str) -> str:
    return (FIXTURES / site / name).read_text(encoding="utf-8")
