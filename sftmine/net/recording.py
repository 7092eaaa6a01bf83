"""Recorded sessions: every reply saved as one JSON file, served back later without touching the network.

A recording is keyed by method, real URL and body, so it replays the same whatever origin served it
when it was made (a live site, or a local server standing in for one).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from sftmine.errors import NetworkError
from sftmine.net.base import Reply, Transport
from sftmine.store.jsonl import write_json


class Recordings:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_for(self, method: str, url: str, body: str | None) -> Path:
        parts = urlsplit(url)
        digest = hashlib.sha256(f"{method} {url}\n{body or ''}".encode()).hexdigest()[:12]
        slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{method} {parts.path} {parts.query} {_hint(body)}").strip("-")[:80]
        return self.root / (parts.hostname or "host") / f"{slug}-{digest}.json"

    def save(self, method: str, body: str | None, reply: Reply) -> None:
        write_json(self.path_for(method, reply.url, body), {
            "method": method, "url": reply.url, "body": body, "status": reply.status,
            "content_type": reply.content_type, "fetched_at": reply.fetched_at, "text": reply.text})

    def load(self, method: str, url: str, body: str | None) -> Reply | None:
        path = self.path_for(method, url, body)
        if not path.is_file():
            return None
        saved = json.loads(path.read_text(encoding="utf-8"))
        return Reply(url, saved["status"], saved["text"], "replay", saved["fetched_at"], saved["content_type"])


class RecordingTransport:
    """Live requests through `inner`, each reply also written to the recordings folder."""

    def __init__(self, inner: Transport, recordings: Recordings) -> None:
        self.inner, self.recordings = inner, recordings

    def send(self, method: str, url: str, body: str | None, headers: dict[str, str], fresh: bool) -> Reply:
        reply = self.inner.send(method, url, body, headers, fresh)
        self.recordings.save(method, body, reply)
        return reply

    def close(self) -> None:
        self.inner.close()


class ReplayTransport:
    """Only recorded replies; anything else is an error naming the URL. Never opens a socket."""

    def __init__(self, recordings: Recordings) -> None:
        self.recordings = recordings

    def send(self, method: str, url: str, body: str | None, headers: dict[str, str], fresh: bool) -> Reply:
        reply = self.recordings.load(method, url, body)
        if reply is None:
            raise NetworkError(f"{method} {url} is not in the recording {self.recordings.root}; "
                               "record it first with --record DIR")
        return reply

    def close(self) -> None:
        pass


def _hint(body: str | None) -> str:
    """A readable bit of a JSON body for the file name: GraphQL variables, when there are any."""
    try:
        variables = json.loads(body or "").get("variables") or {}
    except (json.JSONDecodeError, AttributeError):
        return ""
    return " ".join(str(v) for v in variables.values() if isinstance(v, (str, int)))
