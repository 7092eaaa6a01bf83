"""The one HTTP client of sftmine. Sites receive one of these; nothing else in sftmine makes requests.

    client = Client(NetConfig(cache=Path("runs/http.sqlite")))
    html = client.get_text("https://codeforces.com/problemset/problem/1850/A")

Every request obeys robots.txt, waits for its host's slot, retries 429/5xx with backoff (honouring
Retry-After), is served from the on-disk cache when it can be, and leaves one log line on the
`sftmine.net` logger: method, URL, status, source (network, cache or replay) and seconds.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from sftmine.errors import NetworkError
from sftmine.net.base import Reply, Transport
from sftmine.net.config import NetConfig
from sftmine.net.live import LiveTransport
from sftmine.net.recording import Recordings, RecordingTransport, ReplayTransport
from sftmine.net.robots import Robots
from sftmine.net.throttle import HostMap, Throttle

log = logging.getLogger("sftmine.net")


class Client:
    def __init__(self, config: NetConfig | None = None) -> None:
        self.config = config or NetConfig()
        self.hosts = HostMap(self.config.redirects)
        self.throttle = Throttle(self.config.delay_for)
        self.transport = self._transport()
        self.robots = Robots(self._send_get, self.config.user_agent, self.throttle) \
            if self.config.obey_robots else None
        self.stats: Counter[str] = Counter()  # replies by source: network, cache, replay
        self.last_reply: Reply | None = None

    def _transport(self) -> Transport:
        if self.config.mode == "replay":
            return ReplayTransport(Recordings(self.config.recordings))  # type: ignore[arg-type]
        live = LiveTransport(self.config, self.throttle, self.hosts)
        if self.config.mode == "record":
            return RecordingTransport(live, Recordings(self.config.recordings))  # type: ignore[arg-type]
        return live

    def get_text(self, url: str, *, params: dict[str, Any] | None = None, fresh: bool = False) -> str:
        return self.request("GET", url, params=params, fresh=fresh).text

    def get_json(self, url: str, *, params: dict[str, Any] | None = None, fresh: bool = False) -> Any:
        return _json(self.request("GET", url, params=params, fresh=fresh))

    def post_text(self, url: str, payload: Any, *, headers: dict[str, str] | None = None,
                  fresh: bool = False) -> str:
        return self.request("POST", url, payload=payload, headers=headers, fresh=fresh).text

    def post_json(self, url: str, payload: Any, *, headers: dict[str, str] | None = None,
                  fresh: bool = False) -> Any:
        return _json(self.request("POST", url, payload=payload, headers=headers, fresh=fresh))

    def request(self, method: str, url: str, *, params: dict[str, Any] | None = None, payload: Any = None,
                headers: dict[str, str] | None = None, fresh: bool = False) -> Reply:
        """One successful (2xx) reply, or NetworkError. `fresh` revalidates instead of trusting the cache."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        body = None if payload is None else json.dumps(payload, sort_keys=True, separators=(",", ":"))
        headers = dict(headers or {})
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        if self.robots is not None:
            self.robots.check(url)
        reply = self._send(method, url, body, headers, fresh)
        if not reply.ok:
            raise NetworkError(f"{method} {url}: HTTP {reply.status}")
        return reply

    def _send(self, method: str, url: str, body: str | None, headers: dict[str, str], fresh: bool) -> Reply:
        start = time.monotonic()
        reply = self.transport.send(method, url, body, headers, fresh)
        log.info("%s %s %d %s %.3fs", method, url, reply.status, reply.source, time.monotonic() - start)
        self.stats[reply.source] += 1
        self.last_reply = reply
        return reply

    def _send_get(self, url: str) -> Reply:
        return self._send("GET", url, None, {}, fresh=True)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _json(reply: Reply) -> Any:
    try:
        return json.loads(reply.text)
    except json.JSONDecodeError as exc:
        raise NetworkError(f"{reply.url}: response is not JSON ({exc.msg} at char {exc.pos}): "
                           f"{reply.text[:80]!r}") from None
