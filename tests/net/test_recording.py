"""Record and replay: a recorded session is served back offline; anything unrecorded is an error."""

from __future__ import annotations

import logging

import pytest
from werkzeug import Response

from sftmine.errors import ConfigError, NetworkError
from sftmine.net import Client, NetConfig
from tests.net.conftest import ORIGIN, make_client


def test_replay_serves_what_was_recorded_without_the_server(server, stamps, tmp_path):
    server.expect_request("/page").respond_with_handler(stamps.wrap([Response("<p>page</p>",
                                                                              content_type="text/html")]))
    server.expect_request("/api", method="POST").respond_with_data('{"ok": 1}', content_type="application/json")
    with make_client(server, mode="record", recordings=tmp_path / "rec") as client:
        page = client.request("GET", f"{ORIGIN}/page", params={"lang": "en"})
        api = client.post_json(f"{ORIGIN}/api", {"query": "x"})
    server.clear()  # nothing is served any more: replay must not need it
    with Client(NetConfig(mode="replay", recordings=tmp_path / "rec")) as replay:
        again = replay.request("GET", f"{ORIGIN}/page", params={"lang": "en"})
        assert replay.post_json(f"{ORIGIN}/api", {"query": "x"}) == api == {"ok": 1}
    assert (again.text, again.fetched_at, again.content_type) == (page.text, page.fetched_at, page.content_type)
    assert again.source == "replay" and replay.stats == {"replay": 3}  # robots.txt, page, api
    assert stamps.count("/page") == 1


def test_unrecorded_requests_fail_naming_the_url(server, tmp_path):
    server.expect_request("/page").respond_with_data("page")
    with make_client(server, mode="record", recordings=tmp_path / "rec") as client:
        client.get_text(f"{ORIGIN}/page")
    with Client(NetConfig(mode="replay", recordings=tmp_path / "rec")) as replay:
        with pytest.raises(NetworkError, match=f"GET {ORIGIN}/other is not in the recording"):
            replay.get_text(f"{ORIGIN}/other")
        with pytest.raises(NetworkError, match="not in the recording"):
            replay.post_text(f"{ORIGIN}/page", {"different": "body"})


def test_recorded_errors_replay_as_errors(server, tmp_path):
    server.expect_request("/gone").respond_with_data("missing", status=404)
    with make_client(server, mode="record", recordings=tmp_path / "rec") as client:
        with pytest.raises(NetworkError, match="HTTP 404"):
            client.get_text(f"{ORIGIN}/gone")
    with Client(NetConfig(mode="replay", recordings=tmp_path / "rec")) as replay:
        with pytest.raises(NetworkError, match="HTTP 404"):
            replay.get_text(f"{ORIGIN}/gone")


def test_one_log_line_per_request(server, tmp_path, caplog):
    server.expect_request("/page").respond_with_data("page")
    with caplog.at_level(logging.INFO, logger="sftmine.net"), make_client(server, cache=tmp_path / "c.sqlite") as c:
        c.get_text(f"{ORIGIN}/page")
        c.get_text(f"{ORIGIN}/page")
    lines = [r.getMessage() for r in caplog.records if r.name == "sftmine.net"]
    assert len(lines) == 3, lines  # robots.txt, the page from the network, the page from the cache
    assert lines[1].startswith(f"GET {ORIGIN}/page 200 network ") and lines[1].endswith("s")
    assert lines[2].startswith(f"GET {ORIGIN}/page 200 cache ")


def test_replay_needs_an_existing_folder(tmp_path):
    with pytest.raises(ConfigError, match="no such recordings folder"):
        NetConfig(mode="replay", recordings=tmp_path / "missing")
    with pytest.raises(ConfigError, match="needs a recordings folder"):
        NetConfig(mode="record")
