"""The client against a misbehaving server: 429, 5xx, stalls, and the per-host rate limit throughout."""

from __future__ import annotations

import logging
import time

import pytest
from werkzeug import Response

from sftmine.errors import NetworkError
from tests.net.conftest import ORIGIN, make_client


def test_429_waits_for_retry_after_then_succeeds(server, stamps):
    server.expect_request("/busy").respond_with_handler(stamps.wrap([
        Response("slow down", status=429, headers={"Retry-After": "1"}), Response("finally")]))
    with make_client(server) as client:
        assert client.get_text(f"{ORIGIN}/busy") == "finally"
    assert stamps.count("/busy") == 2
    assert stamps.gaps("/busy")[0] >= 0.95  # Retry-After: 1 honoured, not just the 0.2 s host delay


def test_retry_after_is_capped(server, stamps):
    server.expect_request("/busy").respond_with_handler(stamps.wrap([
        Response("slow down", status=503, headers={"Retry-After": "3600"}), Response("ok")]))
    started = time.monotonic()
    with make_client(server, max_retry_after=0.5) as client:
        assert client.get_text(f"{ORIGIN}/busy") == "ok"
    assert time.monotonic() - started < 5


def test_5xx_is_retried_until_success(server, stamps, caplog):
    server.expect_request("/flaky").respond_with_handler(stamps.wrap([
        Response("oops", status=500), Response("bad gateway", status=502), Response("fine")]))
    with caplog.at_level(logging.INFO, logger="sftmine.net"), make_client(server) as client:
        assert client.get_text(f"{ORIGIN}/flaky") == "fine"
    assert stamps.count("/flaky") == 3
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retry")]
    assert len(retries) == 2 and "HTTP 500" in retries[0] and "HTTP 502" in retries[1]


def test_5xx_forever_fails_naming_the_url(server, stamps):
    server.expect_request("/down").respond_with_handler(stamps.wrap([Response("no", status=503)]))
    with make_client(server, retries=2) as client, pytest.raises(NetworkError) as err:
        client.get_text(f"{ORIGIN}/down")
    assert f"{ORIGIN}/down" in str(err.value) and "HTTP 503" in str(err.value)
    assert stamps.count("/down") == 3  # the first try and two retries


def test_404_is_not_retried(server, stamps):
    server.expect_request("/gone").respond_with_handler(stamps.wrap([Response("missing", status=404)]))
    with make_client(server) as client, pytest.raises(NetworkError, match="HTTP 404"):
        client.get_text(f"{ORIGIN}/gone")
    assert stamps.count("/gone") == 1


def _stall_first(stamps, seconds: float):
    calls = []

    def answer(request):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(seconds)
        return Response("after the stall")

    return stamps.wrap(answer)


def test_read_timeout_is_retried(server, stamps):
    server.expect_request("/stall").respond_with_handler(_stall_first(stamps, 1.0))
    with make_client(server, read_timeout=0.3) as client:
        assert client.get_text(f"{ORIGIN}/stall") == "after the stall"
    assert stamps.count("/stall") == 2


def test_timeouts_forever_fail_with_a_network_error(server, stamps):
    server.expect_request("/hang").respond_with_handler(stamps.wrap(lambda r: (time.sleep(0.5), Response())[1]))
    with make_client(server, read_timeout=0.2, retries=1) as client, pytest.raises(NetworkError) as err:
        client.get_text(f"{ORIGIN}/hang")
    assert f"{ORIGIN}/hang" in str(err.value) and "Timeout" in str(err.value)


def test_rate_limit_holds_across_pages_and_retries(server, stamps):
    """Every request to the host, first tries and retries alike, starts at least the host delay apart."""
    server.expect_request("/a").respond_with_handler(stamps.wrap([Response("x", status=503), Response("a")]))
    server.expect_request("/b").respond_with_handler(stamps.wrap([Response("x", status=429), Response("b")]))
    server.expect_request("/c").respond_with_handler(stamps.wrap([Response("c")]))
    with make_client(server, delays={"judge.example": 0.3}, backoff=0.0) as client:
        assert [client.get_text(f"{ORIGIN}/{p}") for p in "abc"] == ["a", "b", "c"]
    assert len(stamps.times) == 5
    assert min(stamps.gaps()) >= 0.3 - 0.04, stamps.gaps()  # less only by the server's scheduling jitter


def test_hosts_are_throttled_separately(server, stamps):
    server.expect_request("/p").respond_with_handler(stamps.wrap([Response("p")]))
    with make_client(server, delays={"judge.example": 0.6}) as client:
        client.get_text(f"{ORIGIN}/p")
        assert client.throttle.wait("other.example") == 0.0
        assert client.throttle.wait("judge.example") > 0.3
