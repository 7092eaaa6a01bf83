"""The client's surface: query parameters, JSON, POST bodies, configuration mistakes, dead servers."""

from __future__ import annotations

import socket

import pytest
from werkzeug import Response

from sftmine.errors import ConfigError, NetworkError
from sftmine.net import Client, NetConfig
from tests.net.conftest import ORIGIN, make_client


def test_params_are_encoded_into_the_url_that_is_logged_and_recorded(server):
    server.expect_request("/api/list", query_string="page=2&limit=50").respond_with_data('{"data": [1]}')
    with make_client(server) as client:
        assert client.get_json(f"{ORIGIN}/api/list", params={"page": 2, "limit": 50}) == {"data": [1]}
        assert client.last_reply.url == f"{ORIGIN}/api/list?page=2&limit=50"


def test_post_sends_canonical_json(server):
    seen = []
    server.expect_request("/graphql", method="POST").respond_with_handler(
        lambda r: (seen.append((r.headers["Content-Type"], r.get_data(as_text=True), r.headers.get("Referer"))),
                   Response('{"ok": true}'))[1])
    with make_client(server) as client:
        assert client.post_json(f"{ORIGIN}/graphql", {"b": 1, "a": [2]}, headers={"Referer": ORIGIN}) == {"ok": True}
    assert seen == [("application/json", '{"a":[2],"b":1}', ORIGIN)]


def test_a_non_json_answer_to_a_json_call_names_the_url(server):
    server.expect_request("/api").respond_with_data("<html>maintenance</html>")
    with make_client(server) as client, pytest.raises(NetworkError) as err:
        client.get_json(f"{ORIGIN}/api")
    assert f"{ORIGIN}/api: response is not JSON" in str(err.value) and "maintenance" in str(err.value)


def test_text_without_a_charset_is_read_as_utf8(server):
    server.expect_request("/page").respond_with_data("é ≤ 10⁹".encode(), content_type="text/html")
    with make_client(server) as client:
        assert client.get_text(f"{ORIGIN}/page") == "é ≤ 10⁹"


def test_a_dead_server_is_a_network_error_after_retries():
    with socket.socket() as sock:  # a port that was just free: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = NetConfig(redirects={ORIGIN: f"http://127.0.0.1:{port}"}, retries=1, backoff=0.0, delays={},
                       default_delay=0.0, obey_robots=False)
    with Client(config) as client, pytest.raises(NetworkError) as err:
        client.get_text(f"{ORIGIN}/page")
    assert f"GET {ORIGIN}/page: " in str(err.value) and "after up to 1 retries" in str(err.value)


def test_stats_count_replies_by_source(server, tmp_path):
    server.expect_request("/page").respond_with_data("p")
    with make_client(server, cache=tmp_path / "c.sqlite") as client:
        client.get_text(f"{ORIGIN}/page")
        client.get_text(f"{ORIGIN}/page")
    assert client.stats == {"network": 2, "cache": 1}  # robots.txt and the page; then the page again


@pytest.mark.parametrize("settings, message", [
    ({"mode": "offline"}, "unknown network mode 'offline'"),
    ({"delays": {"codeforces.com": -1}}, "zero or more seconds"),
])
def test_configuration_mistakes(settings, message):
    with pytest.raises(ConfigError, match=message):
        NetConfig(**settings)


def test_replay_mode_opens_no_session(tmp_path):
    with Client(NetConfig(mode="replay", recordings=tmp_path)) as client:
        assert not hasattr(client.transport, "session")
        with pytest.raises(NetworkError, match="robots.txt is not in the recording"):
            client.get_text("https://codeforces.com/problemset")
