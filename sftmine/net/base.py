"""What a transport answers: one reply, whether it came from the network, the cache or a recording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal, Protocol

Source = Literal["network", "cache", "replay"]


@dataclass
class Reply:
    url: str  # the real URL asked for, whatever origin served it
    status: int
    text: str
    source: Source
    fetched_at: str  # when the site produced this content (ISO 8601, UTC): stable across cache and replay
    content_type: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Transport(Protocol):
    def send(self, method: str, url: str, body: str | None, headers: dict[str, str], fresh: bool) -> Reply:
        """One request. `fresh` revalidates a cached copy (conditional request) instead of trusting it."""
        ...

    def close(self) -> None: ...


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
