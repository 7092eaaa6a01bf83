"""How the one HTTP client behaves: mode, politeness, retries, timeouts, where things are kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sftmine import __version__
from sftmine.errors import ConfigError

Mode = Literal["live", "record", "replay"]

# Seconds between two requests to one host. Codeforces documents one API call per 2 s; AtCoder asks for
# more than 1 s between page loads; the others publish nothing, so they get the default or a bit more.
DEFAULT_DELAYS: dict[str, float] = {
    "codeforces.com": 2.0,
    "atcoder.jp": 1.5,
    "judgeapi.u-aizu.ac.jp": 1.0,
    "judgedat.u-aizu.ac.jp": 1.0,
    "leetcode.com": 2.0,
    "www.codechef.com": 2.0,
}

USER_AGENT = (f"sftmine/{__version__} (research crawler mining programming problems; "
              "obeys robots.txt; at most one request per host every few seconds)")


@dataclass
class NetConfig:
    mode: Mode = "live"
    recordings: Path | None = None  # the folder `record` writes and `replay` reads
    cache: Path | None = None  # requests-cache SQLite file; None keeps the cache in memory
    delays: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_DELAYS))
    default_delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0  # urllib3 backoff factor: 0, 2, 4, 8... seconds (capped at backoff_max)
    backoff_max: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After is cut to this
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    # Real origin -> origin that actually serves it (a mirror, or a local test server). Logs, robots
    # rules, rate limits and recordings all keep the real URL.
    redirects: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in ("live", "record", "replay"):
            raise ConfigError(f"unknown network mode {self.mode!r}; choose live, record or replay")
        if self.mode != "live" and self.recordings is None:
            raise ConfigError(f"network mode {self.mode} needs a recordings folder")
        if self.mode == "replay" and not Path(self.recordings or "").is_dir():
            raise ConfigError(f"{self.recordings}: no such recordings folder; record one with --record DIR")
        if any(d < 0 for d in self.delays.values()) or self.default_delay < 0:
            raise ConfigError("request delays must be zero or more seconds")

    def delay_for(self, host: str) -> float:
        return self.delays.get(host, self.default_delay)
