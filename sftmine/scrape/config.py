"""The competitive miner's settings (`pipelines/competitive.yaml`): which judges, replayed or live, and where.

    out: ../runs/competitive
    sites:
      codeforces: {replay: ../tests/fixtures/recorded/codeforces}   # offline
      atcoder: {since: abc300, limit: 50}                         # live and polite
    net: {delays: {atcoder.jp: 3}}                                # optional NetConfig settings for live sites

Relative paths are taken from the folder of the config file. Every mistake (an unknown site or key, a
replay folder that is not there, a bad limit) is a ConfigError naming the key and the fix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.config import Layer, build, read_yaml
from sftmine.errors import ConfigError
from sftmine.net import NetConfig
from sftmine.sites import site_names

# What the pipeline decides itself, per site: replay or live, and the cache under OUT.
_NET_OWN = ("mode", "recordings", "cache")
NET_KEYS = tuple(sorted(f.name for f in dataclasses.fields(NetConfig) if f.name not in _NET_OWN))
SITE_KEYS = ("limit", "replay", "since")


@dataclass(frozen=True)
class SiteConfig:
    name: str = ""
    replay: Path | None = None  # a recorded session: served offline; None scrapes live
    since: str | None = None  # start after this watermark instead of the stored one
    limit: int | None = None  # at most this many problems per run

    def validate(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise ConfigError(f"limit: expected a whole number of problems, 1 or more (got {self.limit!r}); "
                              "delete it for no limit")


@dataclass(frozen=True)
class _File:
    """The file's top level, before the sites are checked one by one."""

    sites: dict[str, Any] = field(default_factory=dict)
    out: Path = Path("runs/competitive")
    net: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CompetitiveConfig:
    sites: tuple[SiteConfig, ...]
    out: Path = Path("runs/competitive")
    net: dict[str, Any] = field(default_factory=dict)  # NetConfig settings for the live sites
    source: str = "config"  # the file it came from, for messages

    @classmethod
    def load(cls, path: Path) -> CompetitiveConfig:
        return cls.from_layer(read_yaml(path, "pipelines/competitive.yaml"))

    @classmethod
    def from_dict(cls, data: Any, source: str = "config") -> CompetitiveConfig:
        return cls.from_layer(Layer(data, source))

    @classmethod
    def from_layer(cls, layer: Layer) -> CompetitiveConfig:
        top = build(_File, layer)
        if not top.sites:
            raise layer.at("sites", None).error(f"name at least one judge, e.g. 'codeforces: {{}}'; "
                                                f"choose from {', '.join(site_names())}")
        build(NetConfig, layer.at("net", top.net), only=NET_KEYS)  # its own checks (delays not negative, ...) with the user's values
        sites = layer.at("sites", top.sites)
        return cls(tuple(_site(str(name), sites.at(str(name), value)) for name, value in top.sites.items()),
                   top.out, top.net, layer.source)


def _site(name: str, layer: Layer) -> SiteConfig:
    if name not in site_names():
        raise layer.error(f"unknown site; choose from {', '.join(site_names())}")
    site = dataclasses.replace(build(SiteConfig, layer, only=SITE_KEYS), name=name)
    if site.replay is not None and not site.replay.is_dir():
        raise layer.at("replay", None).error(
            f"no such folder {str(site.replay)!r}; record it with `make record-fixtures` "
            f"(or `sftmine scrape {name} --record DIR`), or delete the replay line to scrape {name} live")
    return site
