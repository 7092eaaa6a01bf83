"""What every judge module provides; the `RawProblem` it produces lives in sftmine.records.

A site keeps fetching apart from parsing: `problem_urls` and `fetch` talk to the network through
`sftmine.net`, while `parse(url, content)` is a pure function of the page or API response that raises
`ParseError(site, url, missing)` when the content is not what it expects. Sites register by name and
claim URLs by pattern, so `site_for_url` finds the module for any problem URL.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from sftmine.errors import ConfigError
from sftmine.records import RawProblem
from sftmine.registry import Registry


class Site(ABC):
    name: str = ""
    url_patterns: tuple[str, ...] = ()  # regexes a problem URL of this site matches

    def claims(self, url: str) -> bool:
        return any(re.search(p, url) for p in self.url_patterns)

    @abstractmethod
    def parse(self, url: str, content: str) -> RawProblem:
        """Pure: the page or API response at `url` as a RawProblem, or ParseError."""

    @abstractmethod
    def problem_urls(self, client: Any, since: str | None = None, limit: int | None = None) -> Iterator[str]:
        """Problem URLs newer than the watermark `since`, newest last, fetched through `client`."""

    def fetch(self, client: Any, url: str) -> str:
        """The content `parse` expects for `url` (an HTML page by default)."""
        return client.get_text(url)

    def watermark(self, problem: RawProblem) -> str:
        """The value a later `problem_urls(since=...)` starts after."""
        return problem.contest_id or problem.problem_id


def _load_builtins() -> None:
    import importlib
    import pkgutil

    import sftmine.sites as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "base":
            importlib.import_module(f"sftmine.sites.{info.name}")


SITES: Registry[type[Site]] = Registry("site", _load_builtins)


def register_site(cls: type[Site]) -> type[Site]:
    return SITES.register(cls.name)(cls)


def site_names() -> list[str]:
    return SITES.names()


def get_site(name: str) -> Site:
    return SITES.get(name)()


def site_for_url(url: str) -> Site:
    for _name, cls in SITES.items():
        site = cls()
        if site.claims(url):
            return site
    raise ConfigError(f"no site module claims {url}; known sites: {', '.join(SITES.names())}")
