from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sftmine.net import Client, NetConfig

ORIGIN = "https://judge.example"  # a real-looking origin; the client's redirects send it to the test server


@pytest.fixture(scope="session")
def _threaded_server() -> Iterator[HTTPServer]:
    # Threaded, so a handler that stalls (the timeout tests) does not hold back the client's retry.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(_threaded_server: HTTPServer) -> HTTPServer:
    _threaded_server.clear()
    _threaded_server.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    return _threaded_server


class Stamps:
    """Server-side arrival times, per path, of every request a handler saw."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []

    def wrap(self, answers: list[Response] | Callable[[Request], Response]) -> Callable[[Request], Response]:
        queue = list(answers) if isinstance(answers, list) else None

        def handler(request: Request) -> Response:
            self.times.append((request.path, time.monotonic()))
            if queue is None:
                return answers(request)  # type: ignore[operator]
            return queue.pop(0) if len(queue) > 1 else queue[0]

        return handler

    def gaps(self, path: str | None = None) -> list[float]:
        times = [t for p, t in self.times if path is None or p == path]
        return [b - a for a, b in zip(times, times[1:])]

    def count(self, path: str) -> int:
        return sum(p == path for p, _ in self.times)


@pytest.fixture
def stamps() -> Stamps:
    return Stamps()


def make_client(server: HTTPServer, **overrides) -> Client:
    """A client whose real origin https://judge.example is served by the local test server."""
    settings = dict(default_delay=0.0, delays={"judge.example": 0.2}, backoff=0.05, retries=3,
                    read_timeout=2.0, redirects={"https://judge.example": server.url_for("/").rstrip("/")})
    settings.update(overrides)
    return Client(NetConfig(**settings))

