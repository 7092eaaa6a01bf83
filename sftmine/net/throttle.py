"""Per-host minimum delay between requests, and the map from real hosts to the origins that serve them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(scheme: str, host: str, port: int | None) -> str:
    """`host`, or `host:port` when the port is not the scheme's default."""
    host = host.lower()
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


class HostMap:
    """Rewrites real URLs to the origin that serves them, and names the real host behind a served URL.

    A target may carry a path prefix, so one local server can stand in for several sites at once.
    """

    def __init__(self, redirects: dict[str, str]) -> None:
        self.redirects = {o.rstrip("/"): t.rstrip("/") for o, t in redirects.items()}
        self._back = sorted(((_normal(t), urlsplit(o).hostname or o) for o, t in self.redirects.items()),
                            key=lambda pair: -len(pair[0]))  # longest prefix first

    def served(self, url: str) -> str:
        parts = urlsplit(url)
        target = self.redirects.get(f"{parts.scheme}://{parts.netloc}")
        if target is None:
            return url
        t = urlsplit(target)
        return urlunsplit((t.scheme, t.netloc, t.path + parts.path, parts.query, parts.fragment))

    def real_host_of(self, url: str) -> str:
        """The throttle key of a URL as sent: the real host it stands in for, else its own host."""
        normal = _normal(url)
        for prefix, host in self._back:
            if normal == prefix or normal.startswith(prefix + "/") or normal.startswith(prefix + "?"):
                return host
        parts = urlsplit(url)
        return host_key(parts.scheme, parts.hostname or "", parts.port)


def _normal(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{host_key(parts.scheme, parts.hostname or '', parts.port)}{parts.path}" + (
        f"?{parts.query}" if parts.query else "")


class Throttle:
    """Blocks until `delay_for(host)` seconds have passed since the last request to `host` ended.

    Counting from the end (the answer's arrival, `done`) rather than the start keeps the gap the server
    sees at least the delay, however long a request waited to leave or took to answer.
    """

    def __init__(self, delay_for: Callable[[str], float], clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay_for, self.clock, self.sleep = delay_for, clock, sleep
        self._last: dict[str, float] = {}
        self._floor: dict[str, float] = {}  # robots.txt Crawl-delay raises a host's delay, never lowers it
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def raise_delay(self, host: str, seconds: float) -> None:
        with self._lock:
            self._floor[host] = max(self._floor.get(host, 0.0), seconds)

    def delay(self, host: str) -> float:
        return max(self.delay_for(host), self._floor.get(host, 0.0))

    def done(self, host: str) -> None:
        """Mark the request to `host` that was under way as ended now."""
        with self._lock:
            self._last[host] = self.clock()

    def wait(self, host: str) -> float:
        """Sleep as needed, then mark a request to `host` as starting now. Returns the seconds slept."""
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:  # held while sleeping, so two threads never share one slot
            last = self._last.get(host)
            pause = 0.0 if last is None else max(0.0, last + self.delay(host) - self.clock())
            if pause:
                self.sleep(pause)
            self._last[host] = self.clock()
            return pause
