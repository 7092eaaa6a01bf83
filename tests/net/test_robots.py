"""robots.txt: read once per host, obeyed, its Crawl-delay honoured; the User-Agent describes us."""

from __future__ import annotations

import pytest
from werkzeug import Response

from sftmine.errors import NetworkError
from sftmine.net import USER_AGENT
from tests.net.conftest import ORIGIN, make_client


def test_disallowed_paths_are_not_fetched(server, stamps):
    server.expect_request("/private/x").respond_with_handler(stamps.wrap([Response("secret")]))
    with make_client(server) as client, pytest.raises(NetworkError, match="robots.txt of judge.example disallows"):
        client.get_text(f"{ORIGIN}/private/x")
    assert stamps.count("/private/x") == 0


def test_robots_is_read_once_per_host(_threaded_server, stamps):
    server = _threaded_server
    server.clear()
    server.expect_request("/robots.txt").respond_with_handler(stamps.wrap([Response("User-agent: *\nAllow: /\n")]))
    server.expect_request("/p").respond_with_data("p")
    with make_client(server) as client:
        for _ in range(3):
            client.get_text(f"{ORIGIN}/p")
    assert stamps.count("/robots.txt") == 1


@pytest.mark.parametrize("status, allowed", [(404, True), (403, False)])
def test_missing_robots_allows_and_forbidden_robots_forbids(_threaded_server, status, allowed):
    server = _threaded_server
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=status)
    server.expect_request("/p").respond_with_data("p")
    with make_client(server) as client:
        if allowed:
            assert client.get_text(f"{ORIGIN}/p") == "p"
        else:
            with pytest.raises(NetworkError, match="disallows"):
                client.get_text(f"{ORIGIN}/p")


def test_crawl_delay_raises_the_host_delay(_threaded_server):
    server = _threaded_server
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("User-agent: sftmine\nCrawl-delay: 7\nAllow: /\n")
    server.expect_request("/p").respond_with_data("p")
    with make_client(server, delays={"judge.example": 0.0}) as client:
        client.throttle.sleep = lambda s: None  # do not actually wait 7 s; the slot length is what we check
        client.get_text(f"{ORIGIN}/p")
        assert client.throttle.delay("judge.example") == 7.0


def test_user_agent_is_descriptive(server):
    agents = []
    server.expect_request("/p").respond_with_handler(lambda r: (agents.append(r.headers["User-Agent"]),
                                                                Response("p"))[1])
    with make_client(server) as client:
        client.get_text(f"{ORIGIN}/p")
    assert agents == [USER_AGENT]
    assert USER_AGENT.startswith("sftmine/") and "robots.txt" in USER_AGENT
