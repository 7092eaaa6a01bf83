"""The competitive miner's settings (`pipelines/competitive.yaml`): which judges, replayed or live, and where.

    out: runs/competitive
    sites:
      codeforces: {replay: tests/fixtures/recorded/codeforces}   # offline
      atcoder: {since: abc300, limit: 50}                         # live and polite
    net: {delays: {atcoder.jp: 3}}                                # optional NetConfig settings for live sites

Relative paths are taken from the directory sftmine runs in. Every mistake (an unknown site or key, a
replay folder that is not there, a bad limit) is a ConfigError naming the key and the fix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sftmine.errors import ConfigError
from sftmine.net import NetConfig
from sftmine.sites import site_names

SITE_KEYS = ("limit", "replay", "since")
TOP_KEYS = ("net", "out", "sites")
# What the pipeline decides itself, per site: replay or live, and the cache under OUT.
_NET_OWN = ("mode", "recordings", "cache")
NET_KEYS = tuple(sorted(f.name for f in dataclasses.fields(NetConfig) if f.name not in _NET_OWN))


@dataclass(frozen=True)
class SiteConfig:
    name: str
    replay: Path | None = None  # a recorded session: served offline; None scrapes live
    since: str | None = None  # start after this watermark instead of the stored one
    limit: int | None = None  # at most this many problems per run


@dataclass(frozen=True)
class CompetitiveConfig:
    sites: tuple[SiteConfig, ...]
    out: Path = Path("runs/competitive")
    net: dict[str, Any] = field(default_factory=dict)  # NetConfig settings for the live sites
    source: str = "config"  # the file it came from, for messages

    @classmethod
    def load(cls, path: Path) -> CompetitiveConfig:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the config ({exc.strerror}); "
                              "pass a file like pipelines/competitive.yaml") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Any, source: str = "config") -> CompetitiveConfig:
        top = _mapping(data, source, "the top level")
        _known(top, TOP_KEYS, source, "")
        sites = _mapping(top.get("sites"), source, "sites")
        if not sites:
            raise ConfigError(f"{source}: sites: name at least one judge, e.g. 'codeforces: {{}}'; "
                              f"choose from {', '.join(site_names())}")
        net = _mapping(top.get("net") or {}, source, "net")
        _known(net, NET_KEYS, source, "net")
        for key in ("delays", "redirects"):
            _mapping(net.get(key), source, f"net.{key}")
        try:
            NetConfig(**net)  # its own checks (delays not negative, ...) with the user's values
        except (ConfigError, TypeError) as exc:
            raise ConfigError(f"{source}: net: {exc}") from None
        return cls(tuple(_site(str(name), value, source) for name, value in sites.items()),
                   Path(top.get("out") or cls.out), net, source)


def _site(name: str, value: Any, source: str) -> SiteConfig:
    where = f"sites.{name}"
    if name not in site_names():
        raise ConfigError(f"{source}: {where}: unknown site; choose from {', '.join(site_names())}")
    settings = _mapping(value or {}, source, where)
    _known(settings, SITE_KEYS, source, where)
    replay = settings.get("replay")
    if replay is not None and not Path(replay).is_dir():
        raise ConfigError(f"{source}: {where}.replay: no such folder {str(replay)!r}; record it with "
                          f"`make record-fixtures` (or `sftmine scrape {name} --record DIR`), "
                          f"or delete the replay line to scrape {name} live")
    limit = settings.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ConfigError(f"{source}: {where}.limit: expected a whole number of problems, 1 or more "
                          f"(got {limit!r}); delete it for no limit")
    since = settings.get("since")
    return SiteConfig(name, Path(replay) if replay is not None else None,
                      None if since is None else str(since), limit)


def _mapping(value: Any, source: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: {where}: expected a mapping of keys to values, got {type(value).__name__}")
    return value


def _known(settings: dict[str, Any], allowed: tuple[str, ...], source: str, where: str) -> None:
    unknown = sorted(str(k) for k in settings if k not in allowed)
    if unknown:
        key = f"{where}.{unknown[0]}" if where else unknown[0]
        raise ConfigError(f"{source}: {key}: unknown key; allowed {'in ' + where if where else 'at the top'}: "
                          f"{', '.join(allowed)}")
