"""The live transport: one requests session with urllib3 retries, an on-disk cache, and the host throttle.

The throttle sits where requests actually leave: in the adapter (first attempt) and in the retry's sleep
(every later attempt), so neither a cache hit waits nor a retry storm outruns a host's minimum delay.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests_cache import NEVER_EXPIRE, CachedSession
from urllib3.util.retry import Retry

from sftmine.errors import NetworkError
from sftmine.net.base import Reply, utc_now
from sftmine.net.config import NetConfig
from sftmine.net.throttle import HostMap, Throttle

log = logging.getLogger("sftmine.net")
RETRY_STATUSES = (429, 500, 502, 503, 504)


class PoliteRetry(Retry):
    """urllib3 Retry that waits for the host's slot before each new attempt and caps Retry-After."""

    throttle: Throttle | None = None
    hosts: HostMap | None = None
    max_retry_after: float = 300.0
    host: str | None = None

    def new(self, **kw: Any) -> PoliteRetry:
        retry = super().new(**kw)
        retry.throttle, retry.hosts, retry.max_retry_after = self.throttle, self.hosts, self.max_retry_after
        retry.host = self.host
        return retry

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> PoliteRetry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if _pool is not None and self.hosts is not None:
            retry.host = self.hosts.real_host_of(f"{_pool.scheme}://{_pool.host}:{_pool.port}{url or '/'}")
        if self.throttle is not None and retry.host is not None:
            self.throttle.done(retry.host)  # the failed attempt has ended: its slot counts from now
        why = f"HTTP {response.status}" if response is not None and response.status else type(error).__name__
        log.warning("retry %d: %s %s %s (%s)", len(retry.history), method, retry.host or "?", url, why)
        return retry

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)

    def sleep(self, response: Any = None) -> None:
        super().sleep(response)
        if self.throttle is not None and self.host is not None:
            self.throttle.wait(self.host)


class PoliteAdapter(HTTPAdapter):
    def __init__(self, throttle: Throttle, hosts: HostMap, retry: PoliteRetry) -> None:
        super().__init__(max_retries=retry)
        self.throttle, self.hosts = throttle, hosts

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        host = self.hosts.real_host_of(request.url or "")
        self.throttle.wait(host)
        try:
            return super().send(request, *args, **kwargs)
        finally:
            self.throttle.done(host)


def make_retry(config: NetConfig, throttle: Throttle, hosts: HostMap) -> PoliteRetry:
    retry = PoliteRetry(total=config.retries, connect=config.retries, read=config.retries,
                        status=config.retries, status_forcelist=RETRY_STATUSES,
                        allowed_methods=None,  # GraphQL reads are POSTs; every request here is a read
                        backoff_factor=config.backoff, backoff_max=config.backoff_max,
                        respect_retry_after_header=True, raise_on_status=False)
    retry.throttle, retry.hosts, retry.max_retry_after = throttle, hosts, config.max_retry_after
    return retry


class LiveTransport:
    def __init__(self, config: NetConfig, throttle: Throttle, hosts: HostMap) -> None:
        self.config, self.hosts = config, hosts
        on_disk = config.cache is not None
        if on_disk:
            config.cache.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        # Problem pages never expire; listings ask with fresh=True, which sends a conditional request.
        self.session = CachedSession(str(config.cache) if on_disk else "sftmine-http",
                                     backend="sqlite" if on_disk else "memory",
                                     allowable_methods=("GET", "HEAD", "POST"), allowable_codes=(200,),
                                     expire_after=NEVER_EXPIRE)
        adapter = PoliteAdapter(throttle, hosts, make_retry(config, throttle, hosts))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = config.user_agent

    def send(self, method: str, url: str, body: str | None, headers: dict[str, str], fresh: bool) -> Reply:
        try:
            resp = self.session.request(method, self.hosts.served(url), data=body.encode() if body else None,
                                        headers=headers, refresh=fresh,
                                        timeout=(self.config.connect_timeout, self.config.read_timeout))
        except requests.RequestException as exc:
            raise NetworkError(f"{method} {url}: {_reason(exc)} (after up to {self.config.retries} retries)") \
                from None
        return _reply(url, resp, self._stored_at(resp))

    def _stored_at(self, resp: requests.Response) -> datetime | None:
        """When the cache stored this content, so a network reply and its later cache hits carry one time."""
        if getattr(resp, "from_cache", False):
            return getattr(resp, "created_at", None)
        key = getattr(resp, "cache_key", None)  # set only when requests-cache wrote the response
        stored = self.session.cache.responses.get(key) if key else None
        return stored.created_at if stored is not None else None

    def close(self) -> None:
        self.session.close()


def _reply(url: str, resp: requests.Response, stored_at: datetime | None) -> Reply:
    content_type = resp.headers.get("Content-Type", "")
    if "charset" not in content_type.lower():
        resp.encoding = "utf-8"  # requests would guess ISO-8859-1 for text/* without a charset
    source = "cache" if getattr(resp, "from_cache", False) else "network"
    fetched_at = _iso(stored_at) if stored_at is not None else utc_now()
    return Reply(url, resp.status_code, resp.text, source, fetched_at, content_type)


def _iso(when: datetime) -> str:
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    return when.replace(microsecond=0).isoformat()


def _reason(exc: requests.RequestException) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None) or inner
    return f"{type(reason).__name__}: {reason}" if not isinstance(reason, str) else reason
