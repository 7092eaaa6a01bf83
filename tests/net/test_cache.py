"""The on-disk cache: a page is fetched once; fresh=True revalidates with a conditional request."""

from __future__ import annotations

import time

from werkzeug import Response

from tests.net.conftest import ORIGIN, make_client


def test_a_cached_page_is_not_fetched_again(server, stamps, tmp_path):
    server.expect_request("/page").respond_with_handler(stamps.wrap([Response("statement")]))
    cache = tmp_path / "http.sqlite"
    with make_client(server, cache=cache) as client:
        assert client.get_text(f"{ORIGIN}/page") == "statement"
    with make_client(server, cache=cache) as client:  # a later run, same cache file
        assert client.get_text(f"{ORIGIN}/page") == "statement"
        assert client.last_reply.source == "cache"
    assert stamps.count("/page") == 1


def test_fresh_sends_a_conditional_request_and_keeps_the_cached_body(server, stamps, tmp_path):
    seen_headers = []

    def answer(request):
        seen_headers.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response("listing v1", headers={"ETag": '"v1"'})

    server.expect_request("/list").respond_with_handler(stamps.wrap(answer))
    # No retries and a long read timeout: under load (two busy cores) an answer slower than the shared
    # 2 s timeout was silently retried, and the server saw [None, None, '"v1"']. Retries have their own tests.
    with make_client(server, cache=tmp_path / "http.sqlite", retries=0, read_timeout=60.0) as client:
        first = client.request("GET", f"{ORIGIN}/list", fresh=True)
        second = client.request("GET", f"{ORIGIN}/list", fresh=True)
    assert (first.text, first.source) == ("listing v1", "network")
    assert (second.text, second.source) == ("listing v1", "cache")
    assert seen_headers == [None, '"v1"']
    assert second.fetched_at == first.fetched_at  # the content is as old as the first fetch


def test_a_slow_cache_write_does_not_change_when_the_content_was_fetched(server, tmp_path, monkeypatch):
    """fetched_at is the time the cache stored, for the network reply as for later hits, however slow the write.

    Under load the SQLite write can end in the next second; the network reply used to take the clock after
    it and so disagreed with its own cache entry. Here every write ends just past a second boundary.
    """
    from requests_cache.backends.sqlite import SQLiteCache

    save = SQLiteCache.save_response

    def slow_save(self, *args, **kwargs):
        save(self, *args, **kwargs)
        time.sleep(1.0 - time.time() % 1.0 + 0.01)

    monkeypatch.setattr(SQLiteCache, "save_response", slow_save)
    server.expect_request("/page").respond_with_data("statement")
    with make_client(server, cache=tmp_path / "http.sqlite") as client:
        first = client.request("GET", f"{ORIGIN}/page")
        second = client.request("GET", f"{ORIGIN}/page")
    assert (first.source, second.source) == ("network", "cache")
    assert first.fetched_at == second.fetched_at


def test_errors_are_not_cached(server, stamps, tmp_path):
    server.expect_request("/later").respond_with_handler(stamps.wrap([Response("no", status=404), Response("yes")]))
    with make_client(server, cache=tmp_path / "http.sqlite") as client:
        try:
            client.get_text(f"{ORIGIN}/later")
        except Exception:  # noqa: BLE001 - the 404 is the point; the retry below must reach the server
            pass
        assert client.get_text(f"{ORIGIN}/later") == "yes"
    assert stamps.count("/later") == 2


def test_post_bodies_are_cached_separately(server, stamps, tmp_path):
    server.expect_request("/graphql", method="POST").respond_with_handler(
        stamps.wrap(lambda r: Response(r.get_data(as_text=True).upper())))
    with make_client(server, cache=tmp_path / "http.sqlite") as client:
        assert client.post_text(f"{ORIGIN}/graphql", {"q": "a"}) == '{"Q":"A"}'
        assert client.post_text(f"{ORIGIN}/graphql", {"q": "b"}) == '{"Q":"B"}'
        assert client.post_text(f"{ORIGIN}/graphql", {"q": "a"}) == '{"Q":"A"}'
    assert stamps.count("/graphql") == 2
