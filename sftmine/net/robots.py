"""robots.txt, read once per host per run and obeyed; its Crawl-delay raises the host's minimum delay."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from sftmine.errors import NetworkError
from sftmine.net.base import Reply
from sftmine.net.throttle import Throttle, host_key

Fetch = Callable[[str], Reply]


class Robots:
    def __init__(self, fetch: Fetch, user_agent: str, throttle: Throttle) -> None:
        self.fetch, self.user_agent, self.throttle = fetch, user_agent, throttle
        self._parsers: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Raise NetworkError when the host's robots.txt forbids `url` to our user agent."""
        parts = urlsplit(url)
        parser = self._parser(f"{parts.scheme}://{parts.netloc}")
        if not parser.can_fetch(self.user_agent, url):
            raise NetworkError(f"robots.txt of {parts.netloc} disallows {url}; sftmine does not fetch it")

    def _parser(self, origin: str) -> RobotFileParser:
        with self._lock:
            if origin not in self._parsers:
                self._parsers[origin] = self._read(origin)
            return self._parsers[origin]

    def _read(self, origin: str) -> RobotFileParser:
        reply = self.fetch(f"{origin}/robots.txt")
        parser = RobotFileParser(f"{origin}/robots.txt")
        # The same reading of status codes as the standard library's RobotFileParser.read().
        if reply.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= reply.status < 500:
            parser.allow_all = True
        elif not reply.ok:
            raise NetworkError(f"{origin}/robots.txt: HTTP {reply.status}; not crawling a host whose rules "
                               "cannot be read")
        else:
            parser.parse(reply.text.splitlines())
            delay = parser.crawl_delay(self.user_agent)
            if delay:
                parts = urlsplit(origin)
                self.throttle.raise_delay(host_key(parts.scheme, parts.hostname or "", parts.port), float(delay))
        return parser
